/**
 * Reads a cycle configuration from a JSON or YAML file and validates it. Every problem comes back at once, each
 * with its path; a file that cannot be read or parsed is one problem naming the file (and line, for syntax).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { type CycleConfig, validateCycleConfig } from '../domain/config';
import { formatProblem, type Problem } from '../domain/validation';

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
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      fileName,
      doc.errors.map((e) => ({
        path: '',
        message: `is not valid ${ext === '' ? 'JSON or YAML' : 'YAML'}: ${e.message.split('\n')[0]}`,
      })),
      what,
    );
  }
  return doc.toJS();
}

export function readStructuredFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
    throw new InputError(file, [{ path: '', message: `cannot read the ${what}: ${reason}` }], what);
  }
  return parseStructuredText(text, file, what);
}

export function loadConfigFile(file: string): CycleConfig {
  const result = validateCycleConfig(readStructuredFile(file, 'cycle configuration'));
  if (!result.ok) throw new InputError(file, result.problems);
  return result.config;
}
