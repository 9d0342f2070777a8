/**
 * Shared pieces of the hostile-input tests (issue 9, item 4): the fuzz settings (runs and seed from the environment),
 * hostile strings and values (markup, control characters, impossible dates, huge and deeply nested values), mutations
 * of a valid document, the checks that a refusal is a clear one, and the report of how many inputs each test tried.
 *
 * Runs: OCO_FUZZ_RUNS is the base number of runs of a property (default 100); each property weighs it by its cost (a
 * pure check runs many times the base, a property that talks to a real workflow a fraction). Seed: OCO_FUZZ_SEED
 * (default a fixed one, printed), so a failure is reproduced by running again with the same seed.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const DEFAULT_SEED = 20_260_924;
const DEFAULT_RUNS = 100;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name}: must be a whole number of at least 0, got ${JSON.stringify(raw)}`);
  return value;
}

export const FUZZ_SEED = envNumber('OCO_FUZZ_SEED', DEFAULT_SEED);
export const FUZZ_BASE_RUNS = envNumber('OCO_FUZZ_RUNS', DEFAULT_RUNS);

/** The runs of a property that costs `weight` times a base run (at least one). */
export function runs(weight: number): number {
  return Math.max(1, Math.round(FUZZ_BASE_RUNS * weight));
}

/** A seed of a property's own, from the run's seed and the property's name: two properties never draw alike. */
function seedOf(salt: string): number {
  let hash = FUZZ_SEED | 0;
  for (const char of salt) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) | 0;
  return hash;
}

/**
 * fast-check parameters: the seed (the run's, salted with the property's name), the runs, and (for properties on
 * real servers) no long shrinking.
 */
export function fuzzParameters<T>(
  salt: string,
  weight: number,
  options: { shrink?: boolean } = {},
): fc.Parameters<T> {
  return {
    seed: seedOf(salt),
    numRuns: runs(weight),
    endOnFailure: options.shrink === false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile strings

/** Markup and script that must never reach an e-mail or a page unescaped. */
export const MARKUP = [
  '<script>alert("oco")</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">klik hier</a>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)></iframe>",
  '<style>body{display:none}</style>',
  '<b onmouseover=alert(1)>vet</b>',
  'javascript:alert(document.cookie)',
  '</td></tr></table><script>x()</script>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(2)>',
  '<!--<script>',
  '<![CDATA[<script>x</script>]]>',
  '{{constructor.constructor "alert(1)"}}',
  '{{{ html }}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder as hostile text, on purpose
  '${process.exit(1)}',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
] as const;

/** Strings that break naive code: control characters, lone surrogates, formulas, paths, look-alike values. */
export const NASTY = [
  '',
  ' ',
  '\t\n \r',
  '\u0000',
  'a\u0000b',
  '\u001b[31mrood\u001b[0m',
  'Vraag\r\nBcc: kwaad@example.com',
  '\u202egnp.exe',
  '\u200b',
  '\ufeff',
  '\ud800',
  'x\udfffy',
  '😀🏳️‍🌈',
  'Cliëntondersteuning ẞ İ',
  '=HYPERLINK("http://kwaad.example","klik")',
  '+31612345678',
  '-1+1',
  '@SUM(A1:A9)',
  '../../../etc/passwd',
  'C:\\con\\aux.pdf',
  'NaN',
  'null',
  '__proto__',
  'constructor',
  '%s%n%x%d',
  '%0d%0aSet-Cookie: x=1',
  "'; DROP TABLE providers; --",
  '1e309',
  '2026-02-30',
  '24:00',
] as const;

/** A hostile text of ordinary size: markup, nasty strings, both mixed into random text, random Unicode. */
export function hostileText(maxLength = 300): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...MARKUP) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.string({ maxLength: 20 }),
          fc.constantFrom(...MARKUP, ...NASTY),
          fc.string({ unit: 'binary', maxLength: 20 }),
        )
        .map(([a, b, c]) => `${a}${b}${c}`),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
  );
}

/** Non-empty hostile text that still carries markup: what a field that accepts text will keep and show. */
export function markupText(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...MARKUP), fc.string({ maxLength: 12 }))
    .map(([a, b, c]) => `${a}${b}${c}`);
}

/** A very long string (10 kB to 2 MB) of one repeated piece. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(10_001, 60_000, 300_000, 2_000_000),
    fc.constantFrom('x', '<', 'é', '😀', '<script>', ' '),
  )
  .map(([n, piece]) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n));

// ---------------------------------------------------------------------------------------------------------------
// Dates and times

/** Local date-times that must be refused (or, for the few that exist, read exactly): impossible, 24:00, DST gaps. */
export const BAD_LOCAL_TIMES = [
  '2026-02-30T10:00',
  '2025-02-29T09:00',
  '2026-04-31T09:00',
  '2026-13-01T09:00',
  '2026-00-10T09:00',
  '2026-01-00T09:00',
  '2026-01-01T24:00',
  '2026-01-01T24:01',
  '2026-01-01T25:61',
  '2026-01-01T23:60',
  '2026-01-01T09:00:60',
  '2027-03-28T02:30',
  '2027-03-28T02:00',
  '2026-03-29T02:59',
  '2026-10-25T02:30',
  '2027-10-31T02:15',
  '2026-01-01T09:00Z',
  '2026-01-01T09:00+02:00',
  '2026-01-01T09:00:00.000Z',
  '2026-01-01T09:00:00.0000',
  '2026-01-01 09:00',
  '2026-1-1T9:00',
  '20260101T0900',
  '2026-01-01T09',
  '2026-01-01',
  '01-01-2026 09:00',
  '２０２６-01-01T09:00',
  '٢٠٢٦-٠١-٠١T09:00',
  '2026-01-01T09:00\n',
  ' 2026-01-01T09:00',
  '+002026-01-01T09:00',
  '-2026-01-01T09:00',
  '0000-01-01T00:00',
  '9999-12-31T23:59',
  '2026-W01-1T09:00',
  '2026-001T09:00',
  'morgen om 9 uur',
  '',
] as const;

/** Calendar dates that must be refused (or read exactly). */
export const BAD_DATES = [
  '2026-02-30',
  '2025-02-29',
  '2026-13-01',
  '2026-00-01',
  '2026-12-32',
  '2026-06-31',
  '2026-1-1',
  '2026-01-01T00:00',
  '0000-01-01',
  '9999-12-01',
  '+2026-01-01',
  '2026-01-01 ',
  '01-01-2026',
] as const;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A well-formed "YYYY-MM-DDTHH:mm" whose parts range beyond the calendar and the clock. */
export const looseLocalTime: fc.Arbitrary<string> = fc
  .record({
    y: fc.oneof(fc.integer({ min: 2020, max: 2035 }), fc.integer({ min: 0, max: 9999 })),
    mo: fc.integer({ min: 0, max: 14 }),
    d: fc.integer({ min: 0, max: 33 }),
    h: fc.integer({ min: 0, max: 26 }),
    mi: fc.oneof(fc.constantFrom(0, 30, 59), fc.integer({ min: 0, max: 63 })),
  })
  .map(({ y, mo, d, h, mi }) => `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`);

export const hostileLocalTime: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...BAD_LOCAL_TIMES),
  looseLocalTime,
);

export const hostileDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...BAD_DATES),
  looseLocalTime.map((t) => t.slice(0, 10)),
);

/** Zones a configuration might name: real ones with odd offsets and DST rules, and ones that are not zones. */
export const ZONES = [
  'Europe/Amsterdam',
  'UTC',
  'Etc/GMT-14',
  'Pacific/Kiritimati',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Antarctica/Troll',
  'europe/amsterdam',
  'Europe/Amsterdam\u0000',
  ' Europe/Amsterdam',
  'Mars/Olympus_Mons',
  '+02:00',
  'CET',
  '',
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Values

/**
 * A value nested `depth` levels deep, as an array or object chain. It prints itself briefly: fast-check (and Jest)
 * would overflow the stack printing it whole in a counterexample.
 */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'bodem';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  Object.defineProperty(value as object, fc.toStringMethod, {
    value: () => `<${kind} nested ${depth} deep>`,
    enumerable: false,
  });
  return value;
}

export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(50, 1_000, 2_500), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

/** Keys that clash with Object.prototype or the document's own fields, and markup. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'id',
    'schedule',
    'name',
    '',
    ' ',
    '0',
    'publicaton',
    'hourlyrate',
  ),
  fc.constantFrom(...MARKUP),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

const numbers: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    82.295,
    0.1 + 0.2,
    1e308,
    -1e308,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
);

/** Any value a hostile document may hold where a field is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText() },
  { weight: 1, arbitrary: hugeText },
  { weight: 2, arbitrary: hostileLocalTime },
  { weight: 1, arbitrary: hostileDate },
  { weight: 3, arbitrary: numbers },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.array(hostileText(40), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
);

// ---------------------------------------------------------------------------------------------------------------
// Mutations of a valid document

export type Path = (string | number)[];

/** Every path into a JSON-like document (not the root), depth first, down to `maxDepth` levels. */
export function pathsOf(value: unknown, prefix: Path = [], out: Path[] = [], maxDepth = 12): Path[] {
  if (prefix.length >= maxDepth) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out, maxDepth);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push([...prefix, key]);
      pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out, maxDepth);
    }
  }
  return out;
}

function containerAt(doc: unknown, path: Path): unknown {
  let node = doc;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** Sets an own property, even "__proto__" (as JSON.parse and YAML make it), without touching prototypes. */
function setOwn(container: unknown, key: string | number, value: unknown): void {
  if (container === null || typeof container !== 'object') return;
  if (value === undefined && !Array.isArray(container)) {
    delete (container as Record<string, unknown>)[key];
    return;
  }
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The same value in the wrong type: "14" for 14, an object for a list, and so on. */
export function retyped(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'ja' : 0;
  if (typeof value === 'string') return Number.isNaN(Number(value)) ? [value] : Number(value);
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (value !== null && typeof value === 'object') return Object.values(value);
  return 'null';
}

export type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'retype'; at: number }
  | { kind: 'addKey'; at: number; key: string; value: unknown }
  | { kind: 'field'; field: Path; value: unknown };

/**
 * Mutations of a document: a value replaced by a hostile one, deleted, given the wrong type, an unknown key added;
 * `fields` are paths that get a value of their own (`fieldValue`) more often than chance would give them.
 */
export function mutations(
  fields: readonly Path[] = [],
  fieldValue: fc.Arbitrary<unknown> = hostileValue,
): fc.Arbitrary<Mutation[]> {
  const at = fc.nat();
  const one: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), at, value: hostileValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('retype' as const), at }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('addKey' as const),
        at,
        key: hostileKey,
        value: hostileValue,
      }),
    },
    ...(fields.length > 0
      ? [
          {
            weight: 4,
            arbitrary: fc.record({
              kind: fc.constant('field' as const),
              field: fc.constantFrom(...fields),
              value: fieldValue,
            }),
          },
        ]
      : []),
  );
  return fc.array(one, { minLength: 1, maxLength: 4 });
}

/**
 * A copy of a JSON-like value without recursion (structuredClone overflows the stack on values nested thousands deep
 * when called deep in fast-check's generators): arrays and plain objects are copied, keys such as "__proto__" as own
 * properties, anything else is shared. A brief printing of the value (fc.toStringMethod) is kept.
 */
export function cloneDocument(value: unknown): unknown {
  const isContainer = (v: unknown): v is object =>
    Array.isArray(v) ||
    (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype);
  if (!isContainer(value)) return value;
  const copyOf = (v: object): object => {
    const copy: object = Array.isArray(v) ? [] : {};
    const printer = (v as Record<symbol, unknown>)[fc.toStringMethod];
    if (printer) Object.defineProperty(copy, fc.toStringMethod, { value: printer, enumerable: false });
    return copy;
  };
  const root = copyOf(value);
  const pending: [object, object][] = [[value, root]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [from, to] = next;
    for (const key of Object.keys(from)) {
      const item = (from as Record<string, unknown>)[key];
      const copied = isContainer(item) ? copyOf(item) : item;
      if (isContainer(item)) pending.push([item, copied as object]);
      Object.defineProperty(to, key, { value: copied, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** A copy of `doc` with the mutations applied in order (each on the paths of the document as it then is). */
export function mutate<T>(doc: T, changes: readonly Mutation[]): unknown {
  const copy: unknown = cloneDocument(doc);
  const root = { doc: copy };
  for (const change of changes) {
    if (change.kind === 'field') {
      const full: Path = ['doc', ...change.field];
      setOwn(containerAt(root, full.slice(0, -1)), full[full.length - 1] as string, change.value);
      continue;
    }
    const paths = [[], ...pathsOf(root.doc)] as Path[];
    const target = paths[change.at % paths.length] as Path;
    const full: Path = ['doc', ...target];
    const parent = containerAt(root, full.slice(0, -1));
    const key = full[full.length - 1] as string | number;
    const current = containerAt(root, full);
    switch (change.kind) {
      case 'set':
        setOwn(parent, key, change.value);
        break;
      case 'delete':
        if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
        else setOwn(parent, key, undefined);
        break;
      case 'retype':
        setOwn(parent, key, retyped(current));
        break;
      case 'addKey':
        if (current !== null && typeof current === 'object' && !Array.isArray(current))
          setOwn(current, change.key, change.value);
        else setOwn(parent, key, { [change.key]: change.value });
        break;
    }
  }
  return root.doc;
}

// ---------------------------------------------------------------------------------------------------------------
// What a clear refusal is

export interface ProblemLike {
  path: unknown;
  message: unknown;
}

const CRASH_WORDS =
  /\b(TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack|\[object Object\])|\n\s+at .+:\d+:\d+/;

/** Why a list of problems is not a clear refusal (empty when it is): each names a path and a rule, no crash words. */
export function unclearProblems(problems: readonly ProblemLike[], limit = 2_000): string[] {
  const out: string[] = [];
  if (problems.length === 0) out.push('a refusal without any problem');
  for (const p of problems) {
    if (typeof p.path !== 'string') out.push(`a problem without a path: ${JSON.stringify(p).slice(0, 200)}`);
    if (typeof p.message !== 'string' || p.message.trim() === '')
      out.push(`a problem without a message at ${String(p.path)}`);
    else {
      if (CRASH_WORDS.test(p.message)) out.push(`a crash shown as a problem: ${p.message.slice(0, 300)}`);
      if (p.message.length > limit)
        out.push(`a message of ${p.message.length} characters at ${String(p.path).slice(0, 100)}`);
    }
    if (typeof p.path === 'string' && p.path.length > limit)
      out.push(`a path of ${p.path.length} characters`);
  }
  return out;
}

/** Whether a text reads like a crash (an error class name, a stack frame). */
export function looksLikeCrash(text: string): boolean {
  return CRASH_WORDS.test(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Markup in HTML

const START_TAG =
  /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '')
    .replace(/&amp;/g, '&');
}

/** Every start tag of an HTML text, lower-cased, with its attributes. */
export function startTags(html: string): { tag: string; attributes: { name: string; value: string }[] }[] {
  const tags: { tag: string; attributes: { name: string; value: string }[] }[] = [];
  for (const match of html.matchAll(START_TAG)) {
    const attributes: { name: string; value: string }[] = [];
    for (const a of (match[2] ?? '').matchAll(ATTRIBUTE)) {
      const raw = a[2] ?? '';
      const unquoted = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
      attributes.push({ name: (a[1] ?? '').toLowerCase(), value: decodeEntities(unquoted) });
    }
    tags.push({ tag: (match[1] ?? '').toLowerCase(), attributes });
  }
  return tags;
}

/**
 * Markup in `html` that no template makes: a tag outside `knownTags` (the tags the templates produce), a script, an
 * event-handler attribute, a javascript: URL. Escaped text ("&lt;script") is inert and not reported.
 */
export function unsafeMarkup(html: string, knownTags: ReadonlySet<string>): string[] {
  const findings: string[] = [];
  if (/<script/i.test(html)) findings.push('a <script element');
  for (const { tag, attributes } of startTags(html)) {
    if (!knownTags.has(tag)) findings.push(`a <${tag}> element no template makes`);
    for (const { name, value } of attributes) {
      if (name.startsWith('on')) findings.push(`an event handler ${name}= on <${tag}>`);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip control characters in a URL scheme
      if (/^\s*(javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u0020]/g, '')))
        findings.push(`a ${value.slice(0, 30)} URL in ${name}= on <${tag}>`);
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// The report

export const OUTPUT_DIR = path.join(__dirname, '..', 'output', 'reliability');
const REPORT = 'hostile-input.json';

/**
 * Records what one test file tried (`area`: config, api, inbound, ...), as its own file, and rebuilds the combined
 * report test/output/reliability/hostile-input.json from every area's file; also prints it.
 */
export function recordInputs(area: string, counts: Record<string, unknown>): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const entry = { seed: FUZZ_SEED, baseRuns: FUZZ_BASE_RUNS, at: new Date().toISOString(), ...counts };
  writeFileSync(path.join(OUTPUT_DIR, `hostile-input.${area}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  const combined: Record<string, unknown> = {};
  for (const file of readdirSync(OUTPUT_DIR).sort()) {
    const match = /^hostile-input\.([a-z-]+)\.json$/.exec(file);
    if (!match) continue;
    try {
      combined[match[1] as string] = JSON.parse(readFileSync(path.join(OUTPUT_DIR, file), 'utf8'));
    } catch {
      // written by a test running at this moment: its own call rebuilds the report
    }
  }
  writeFileSync(path.join(OUTPUT_DIR, REPORT), `${JSON.stringify(combined, null, 2)}\n`);
  console.log(
    `hostile input, ${area} (seed ${FUZZ_SEED}, OCO_FUZZ_RUNS ${FUZZ_BASE_RUNS}):\n${JSON.stringify(counts, null, 2)}`,
  );
}

/** Counts per category, for the report. */
export class Tally {
  private readonly counts: Record<string, Record<string, number>> = {};

  add(category: string, outcome: string, n = 1): void {
    const c = this.counts[category] ?? {};
    c[outcome] = (c[outcome] ?? 0) + n;
    this.counts[category] = c;
  }

  count(category: string, outcome: string): number {
    return this.counts[category]?.[outcome] ?? 0;
  }

  total(category: string): number {
    return Object.values(this.counts[category] ?? {}).reduce((a, b) => a + b, 0);
  }

  toJSON(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [category, outcomes] of Object.entries(this.counts))
      out[category] = { inputs: this.total(category), ...outcomes };
    return out;
  }
}
