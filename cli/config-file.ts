/**
 * Reads a cycle configuration from a JSON or YAML file and validates it. Every problem comes back at once, each
 * with its path; a file that cannot be read or parsed is one problem naming the file (and line, for syntax).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML, { Parser } from 'yaml';
import { type CycleConfig, validateCycleConfig } from '../domain/config';
import { formatProblem, type Problem } from '../domain/validation';
import { truncate } from '../support/text';

/** Bad input from a user: printed as a list of problems, exit code 2, never a stack trace. */
export class InputError extends Error {
  constructor(
    readonly source: string,
    readonly problems: Problem[],
    readonly what = 'cycle configuration',
  ) {
    super(
      `${source}: invalid ${what} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'InputError';
  }
}

/** Largest file read: configurations, scenarios and tables are far smaller. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
/**
 * Deepest nesting of YAML collections read. Real files nest a few levels; the YAML composer recurses per level, and a
 * stack overflow there (thousands of "[") can take the whole process down, so deeper text is refused before it.
 */
const MAX_YAML_NESTING = 64;
/** Alias expansions in one YAML document: a few anchors are fine, a "billion laughs" is refused. */
const MAX_YAML_ALIASES = 100;

/** Syntax errors listed: a broken file gets the first few, not hundreds. */
const MAX_SYNTAX_PROBLEMS = 10;

/** A long syntax error cut in its middle, keeping its end (the parser ends with the line and column). */
const syntaxError = (message: string) => truncate(message, 200, { keepEnd: 60 });

/** How deeply a YAML text nests its collections, read from its syntax tree without recursion. */
function yamlNesting(text: string): number {
  let deepest = 0;
  const pending: { node: unknown; depth: number }[] = [];
  for (const token of new Parser().parse(text)) pending.push({ node: token, depth: 0 });
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, depth } = next;
    if (node === null || typeof node !== 'object') continue;
    const { items, value } = node as { items?: unknown; value?: unknown };
    if (Array.isArray(items)) {
      deepest = Math.max(deepest, depth + 1);
      for (const item of items) {
        const { key, value: itemValue } = item as { key?: unknown; value?: unknown };
        pending.push({ node: key, depth: depth + 1 }, { node: itemValue, depth: depth + 1 });
      }
    }
    if (value !== undefined) pending.push({ node: value, depth });
  }
  return deepest;
}

/** Parses JSON or YAML text; the format follows the extension (.json, .yaml, .yml), else JSON then YAML. */
export function parseStructuredText(text: string, fileName: string, what: string): unknown {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new InputError(
        fileName,
        [{ path: '', message: `is not valid JSON: ${(error as Error).message}` }],
        'file',
      );
    }
  }
  const nesting = yamlNesting(text);
  if (nesting > MAX_YAML_NESTING)
    throw new InputError(
      fileName,
      [{ path: '', message: `nests ${nesting} levels deep; at most ${MAX_YAML_NESTING} levels are read` }],
      what,
    );
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first errors, each on one line of sensible length (the parser quotes whole tokens, which may be long).
    const problems = doc.errors.slice(0, MAX_SYNTAX_PROBLEMS).map((e) => ({
      path: '',
      message: `is not valid ${ext === '' ? 'JSON or YAML' : 'YAML'}: ${syntaxError(e.message.split('\n')[0] ?? '')}`,
    }));
    if (doc.errors.length > MAX_SYNTAX_PROBLEMS)
      problems.push({
        path: '',
        message: `and ${doc.errors.length - MAX_SYNTAX_PROBLEMS} more syntax errors`,
      });
    throw new InputError(fileName, problems, what);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // The yaml package refuses a document whose aliases expand too often (a "billion laughs").
    const message = /alias/i.test((error as Error).message)
      ? `expands its aliases (*name) too often: at most ${MAX_YAML_ALIASES} expansions of an anchor are read`
      : `cannot be read as data: ${(error as Error).message}`;
    throw new InputError(fileName, [{ path: '', message }], what);
  }
}

/** Why a path cannot be read as a document, if it cannot: a folder, a device (/dev/zero) or a pipe would never end. */
function unreadable(file: string): string | undefined {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return 'is a folder';
    if (!stat.isFile()) return 'not a regular file';
    if (stat.size > MAX_FILE_BYTES) return `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;
    return undefined;
  } catch (error) {
    return reasonOf(error);
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
}

export function readStructuredFile(file: string, what: string): unknown {
  let text: string;
  try {
    const reason = unreadable(file);
    if (reason)
      throw new InputError(file, [{ path: '', message: `cannot read the ${what}: ${reason}` }], what);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, [{ path: '', message: `cannot read the ${what}: ${reasonOf(error)}` }], what);
  }
  return parseStructuredText(text, file, what);
}

export function loadConfigFile(file: string): CycleConfig {
  const result = validateCycleConfig(readStructuredFile(file, 'cycle configuration'));
  if (!result.ok) throw new InputError(file, result.problems);
  return result.config;
}
