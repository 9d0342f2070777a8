/**
 * Renders messages from the mjml templates in templates/. mjml is slow, so each template is compiled once: mjml turns
 * the file into HTML that still holds its Handlebars fields, html-to-text turns that HTML into the plain-text part,
 * and both are compiled by Handlebars. Sending then only fills in data: thousands of messages a second.
 *
 * Data is checked against the template's zod type first; Handlebars runs in strict mode, so a field the template
 * names and the data lacks is an error, and every value is HTML-escaped unless a helper builds the markup itself.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { convert } from 'html-to-text';
import mjml2html from 'mjml';
import { formatProblem, type Problem, zodProblems } from '../domain/validation';
import { projectRoot } from '../support/project-root';
import { oneLine } from '../support/text';
import { CATALOG, type Deadline, TEMPLATE_KINDS, type TemplateData, type TemplateKind } from './catalog';
import { registerHelpers } from './helpers';

export interface RenderedMessage {
  kind: TemplateKind;
  subject: string;
  html: string;
  text: string;
  deadlines: Deadline[];
}

export class TemplateDataError extends Error {
  constructor(
    readonly kind: string,
    readonly problems: Problem[],
  ) {
    super(`template ${kind}: invalid data: ${problems.map(formatProblem).join('; ')}`);
    this.name = 'TemplateDataError';
  }
}

const htmlHandlebars = Handlebars.create();
registerHelpers(htmlHandlebars, 'html');
const textHandlebars = Handlebars.create();
registerHelpers(textHandlebars, 'text');

interface CompiledTemplate {
  html: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
}

export function templatesDir(): string {
  return path.join(projectRoot(), 'templates');
}

/** mjml to HTML, strictly: an mjml validation error is an error, never a warning in a log. */
export async function compileMjml(kind: string, dir = templatesDir()): Promise<string> {
  const file = path.join(dir, `${kind}.mjml`);
  const source = await readFile(file, 'utf8');
  try {
    const result = await mjml2html(source, {
      validationLevel: 'strict',
      filePath: file,
      ignoreIncludes: false,
    });
    return result.html;
  } catch (error) {
    throw new Error(`template ${kind}: mjml refused ${file}: ${(error as Error).message.trim()}`);
  }
}

function toText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
    ],
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function compileTemplate(kind: TemplateKind, dir = templatesDir()): Promise<CompiledTemplate> {
  const html = await compileMjml(kind, dir);
  return {
    html: htmlHandlebars.compile(html, { strict: true }),
    text: textHandlebars.compile(`${toText(html)}\n`, { strict: true, noEscape: true }),
  };
}

function validate<K extends TemplateKind>(kind: K, data: TemplateData<K>) {
  const parsed = CATALOG[kind].schema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new TemplateDataError(kind, zodProblems(parsed.error));
  return parsed.data;
}

function fill<K extends TemplateKind>(
  kind: K,
  compiled: CompiledTemplate,
  data: TemplateData<K>,
): RenderedMessage {
  const valid = validate(kind, data);
  const spec = CATALOG[kind] as unknown as {
    subject: (d: unknown) => string;
    deadlines?: (d: unknown) => Deadline[];
  };
  return {
    kind,
    // A subject is one line: a line break or control character from the data (a title, an e-mail's subject) is a space.
    subject: oneLine(spec.subject(valid)),
    html: compiled.html(valid),
    text: compiled
      .text(valid)
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n'),
    deadlines: spec.deadlines?.(valid) ?? [],
  };
}

/** Every template compiled once; render() only validates and fills in. */
export class TemplateStore {
  private constructor(private readonly compiled: ReadonlyMap<TemplateKind, CompiledTemplate>) {}

  static async load(dir = templatesDir()): Promise<TemplateStore> {
    const compiled = new Map<TemplateKind, CompiledTemplate>();
    for (const kind of TEMPLATE_KINDS) compiled.set(kind, await compileTemplate(kind, dir));
    return new TemplateStore(compiled);
  }

  render<K extends TemplateKind>(kind: K, data: TemplateData<K>): RenderedMessage {
    const compiled = this.compiled.get(kind);
    if (!compiled) throw new Error(`no template ${kind}`);
    return fill(kind, compiled, data);
  }
}

/** The slow way, for the benchmark only: compile the mjml again for every message. */
export async function renderCompilingEachTime<K extends TemplateKind>(
  kind: K,
  data: TemplateData<K>,
  dir = templatesDir(),
): Promise<RenderedMessage> {
  return fill(kind, await compileTemplate(kind, dir), data);
}
