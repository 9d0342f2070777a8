/**
 * Hostile configurations and scenario files (issue 9, item 4). Valid documents (the two example configurations and
 * their scenarios) are mutated by fast-check: wrong types, missing and unknown fields, impossible dates (2026-02-30,
 * 24:00, 2026-13-01, 25:61, offsets, the summer-time gap 2027-03-28T02:30 in Europe/Amsterdam), odd time zones, huge
 * strings, markup, control characters, deep nesting; their YAML and JSON text is broken too (alias bombs, custom tags,
 * bytes that are not UTF-8, truncation). Proved for every input: the validator never throws and never hangs; it either
 * accepts, and then the configuration is valid for real (config-checks.ts), or it refuses with problems that each name
 * a field path and a rule, with no crash in them. A file that is not a file (a folder, /dev/zero) is refused too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { InputError, loadConfigFile, parseStructuredText } from '../../cli/config-file';
import { loadScenarioFile } from '../../cli/scenario-file';
import { SCHEDULE_KEYS, validateCycleConfig } from '../../domain/config';
import { type ConfigLoader, validateScenario } from '../../domain/scenario';
import { formatProblem } from '../../domain/validation';
import { TemplateStore } from '../../mail/render';
import { EXAMPLES } from '../helpers/configs';
import {
  fuzzParameters,
  hostileDate,
  hostileLocalTime,
  hostileText,
  hostileValue,
  hugeText,
  markupText,
  mutate,
  mutations,
  nested,
  type Path,
  recordInputs,
  Tally,
  unclearProblems,
  ZONES,
} from './arbitraries';
import { exampleDocuments, notValidForReal, templateTags } from './config-checks';

const tally = new Tally();
const started = Date.now();
let dir: string;
let templates: TemplateStore;
let knownTags: Set<string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'oco-hostile-config-'));
  templates = await TemplateStore.load();
  knownTags = templateTags(templates);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  recordInputs('config', { ...tally.toJSON(), wallMs: Date.now() - started });
});

const SLOW_MS = 5_000;
const documents = exampleDocuments();

/** The fields that get targeted values more often than a random path would. */
const FIELDS: Path[] = [
  ...SCHEDULE_KEYS.map((k) => ['schedule', k]),
  ['contract', 'start'],
  ['contract', 'years'],
  ['timezone'],
  ['id'],
  ['title'],
  ['wlzUitvoerder', 'name'],
  ['wlzUitvoerder', 'email'],
  ['regions', 0, 'name'],
  ['regions', 1, 'name'],
  ['regions', 0, 'budget'],
  ['tariff', 'hourlyRate'],
  ['tariff', 'byYear'],
  ['terms', 'objectionDays'],
  ['terms', 'kortGedingDays'],
  ['reminders', 'daysBefore'],
  ['assessment', 'requirements', 0],
  ['obligations', 'surveyDue'],
];

const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileLocalTime },
  { weight: 1, arbitrary: hostileDate },
  { weight: 1, arbitrary: fc.constantFrom(...ZONES) },
  { weight: 3, arbitrary: markupText() },
  { weight: 1, arbitrary: hostileText() },
  { weight: 1, arbitrary: fc.integer({ min: -400, max: 400 }) },
  { weight: 2, arbitrary: hostileValue },
);

/** Runs `fn`, failing on a throw or when it takes longer than SLOW_MS (a hang in the making). */
function timed<T>(what: string, fn: () => T): T {
  const t0 = Date.now();
  const result = fn();
  const ms = Date.now() - t0;
  if (ms > SLOW_MS) throw new Error(`${what} took ${ms} ms`);
  return result;
}

/** The property of one configuration document: accepted and valid for real, or refused clearly. */
function checkConfig(input: unknown, category: string): void {
  const result = timed('validateCycleConfig', () => validateCycleConfig(input));
  if (result.ok) {
    tally.add(category, 'accepted');
    expect(notValidForReal(result.config, templates, knownTags)).toEqual([]);
  } else {
    tally.add(category, 'refused');
    expect(unclearProblems(result.problems)).toEqual([]);
  }
}

describe('configuration objects', () => {
  for (const doc of documents)
    test(`mutations of ${doc.name}: accepted and valid for real, or refused by path and rule`, () => {
      fc.assert(
        fc.property(mutations(FIELDS, fieldValue), (changes) => {
          checkConfig(mutate(doc.raw, changes), 'configuration object');
        }),
        fuzzParameters(`config ${doc.name}`, 3),
      );
    });

  test('whole documents of any shape, and the example with every text field holding markup', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, fc.anything({ maxDepth: 4 })), (input) => {
        checkConfig(input, 'configuration of any shape');
      }),
      fuzzParameters('config any shape', 1),
    );
    const raw = documents[0]?.raw as Record<string, unknown>;
    fc.assert(
      fc.property(
        markupText(),
        markupText(),
        markupText(),
        markupText(),
        (title, name, region, requirement) => {
          const input = mutate(raw, [
            { kind: 'field', field: ['title'], value: title },
            { kind: 'field', field: ['wlzUitvoerder', 'name'], value: name },
            { kind: 'field', field: ['regions', 0, 'name'], value: region },
            { kind: 'field', field: ['assessment'], value: { requirements: [requirement] } },
          ]);
          checkConfig(input, 'configuration with markup in every name');
        },
      ),
      fuzzParameters('config markup', 1),
    );
  });

  test('known hostile configurations: each refused by path and rule', () => {
    const raw = documents[0]?.raw as Record<string, unknown>;
    const refused = (changes: Parameters<typeof mutate>[1]) => {
      const result = validateCycleConfig(mutate(raw, changes));
      tally.add('configuration, known cases', result.ok ? 'accepted' : 'refused');
      if (result.ok) throw new Error(`accepted: ${JSON.stringify(changes).slice(0, 300)}`);
      expect(unclearProblems(result.problems)).toEqual([]);
      return result.problems.map(formatProblem);
    };
    const at = (field: string, value: unknown) => [
      { kind: 'field' as const, field: field.split('.'), value },
    ];
    expect(refused(at('schedule.publication', '2026-02-30T09:00'))).toContain(
      'schedule.publication: 2026-02-30T09:00 is not a calendar date (2026-02 has 28 days)',
    );
    expect(refused(at('schedule.announcement', '2023-09-15T24:00')).join('\n')).toMatch(
      /schedule\.announcement: 2023-09-15T24:00: 24:00 is not accepted/,
    );
    expect(refused(at('schedule.announcement', '2023-09-15T25:61')).join('\n')).toMatch(
      /schedule\.announcement: 2023-09-15T25:61 is not a time of day/,
    );
    expect(refused(at('schedule.announcement', '2023-13-01T09:00')).join('\n')).toMatch(
      /schedule\.announcement: 2023-13-01T09:00 has no month 13/,
    );
    expect(refused(at('schedule.announcement', '2023-09-15T09:00+02:00')).join('\n')).toMatch(
      /schedule\.announcement: must be a local date-time YYYY-MM-DDTHH:mm/,
    );
    expect(refused(at('schedule.nviPublication', '2023-03-26T02:30')).join('\n')).toMatch(
      /schedule\.nviPublication: 2023-03-26T02:30 does not exist in Europe\/Amsterdam/,
    );
    // Terms that are negative or absurd, and dates far from any real cycle.
    expect(refused([{ kind: 'field', field: ['terms'], value: { objectionDays: -1 } }])).toContain(
      'terms.objectionDays: must be at least 1 day, got -1',
    );
    expect(refused(at('contract.start', '9999-12-01')).join('\n')).toMatch(/^contract\.start: /m);
    expect(refused(at('schedule.publication', '0000-01-01T00:00')).join('\n')).toMatch(
      /^schedule\.publication: /m,
    );
    expect(refused(at('regions.0.name', 'x'.repeat(201))).join('\n')).toMatch(
      /^regions\[0\]\.name: must be at most 200 characters/m,
    );
    expect(refused(at('wlzUitvoerder.name', 'x'.repeat(201))).join('\n')).toMatch(
      /^wlzUitvoerder\.name: must be at most 200 characters/m,
    );
    expect(refused([{ kind: 'field', field: ['regions'], value: nested(5_000, 'array') }])).toEqual([
      'regions[0]: must be an object, got a list',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Text and files

/** A YAML alias bomb ("billion laughs"): ten levels of ten aliases each. */
function aliasBomb(levels = 9): string {
  const lines = ['lol0: &lol0 "lol"'];
  for (let i = 1; i <= levels; i++)
    lines.push(`lol${i}: &lol${i} [${Array.from({ length: 10 }, () => `*lol${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const YAML_SNIPPETS = [
  '&a [x, *a]',
  '*nowhere',
  '!!binary aGVsbG8=',
  '!!set {a, b}',
  '!!timestamp 2026-02-30',
  '!!float .nan',
  '!!js/function "function () { return 1 }"',
  '!<tag:yaml.org,2002:js/undefined> ""',
  '!onbekend x',
  '0x1F',
  '0o17',
  '1_000',
  '.inf',
  '-.inf',
  '~',
  '"\\x00\\u202e"',
  "'niet afgesloten",
  '[[[[[[[[',
  '{a: 1, a: 2}',
  '|\n  regel\n  regel',
  '>-\n  gevouwen',
  '? complex\n: key',
  '2026-02-30',
  '2026-02-30T24:00',
  'yes',
  'on',
  '1:20',
  '<script>alert(1)</script>',
];

type TextChange =
  | { kind: 'snippet'; line: number; snippet: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'prefix'; text: string }
  | { kind: 'crlf' }
  | { kind: 'tabs' }
  | { kind: 'duplicateKey'; line: number };

const textChange: fc.Arbitrary<TextChange> = fc.oneof(
  fc.record({
    kind: fc.constant('snippet' as const),
    line: fc.nat(),
    snippet: fc.oneof(fc.constantFrom(...YAML_SNIPPETS), hostileText(60)),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...YAML_SNIPPETS),
      hostileText(60),
      fc.constantFrom('['.repeat(3_000), '{a: '.repeat(2_000), `${'- '.repeat(500)}x`),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.nat(),
    bytes: fc.array(fc.oneof(fc.constantFrom(0xff, 0xfe, 0xc3, 0x80, 0xed, 0xa0, 0x00, 0x1b), fc.nat(255)), {
      minLength: 1,
      maxLength: 8,
    }),
  }),
  fc.record({
    kind: fc.constant('prefix' as const),
    text: fc.constantFrom(
      '\ufeff',
      '%YAML 1.1\n---\n',
      '%YAML 9.9\n---\n',
      '---\n---\n',
      aliasBomb(),
      '\u0000',
    ),
  }),
  fc.constant({ kind: 'crlf' as const }),
  fc.constant({ kind: 'tabs' as const }),
  fc.record({ kind: fc.constant('duplicateKey' as const), line: fc.nat() }),
);

/** Applies text changes to a document's bytes. */
function changeText(text: string, changes: readonly TextChange[]): Buffer {
  let bytes = Buffer.from(text, 'utf8');
  for (const change of changes) {
    const lines = bytes.toString('latin1').split('\n');
    switch (change.kind) {
      case 'snippet': {
        const i = change.line % lines.length;
        const line = lines[i] ?? '';
        const colon = line.indexOf(': ');
        const snippet = Buffer.from(change.snippet, 'utf8').toString('latin1');
        lines[i] = colon >= 0 ? `${line.slice(0, colon + 2)}${snippet}` : snippet;
        bytes = Buffer.from(lines.join('\n'), 'latin1');
        break;
      }
      case 'insert': {
        const at = change.at % (bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.text, 'utf8'), bytes.subarray(at)]);
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, change.at % (bytes.length + 1));
        break;
      case 'bytes': {
        const at = change.at % (bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(at)]);
        break;
      }
      case 'prefix':
        bytes = Buffer.concat([Buffer.from(change.text, 'utf8'), bytes]);
        break;
      case 'crlf':
        bytes = Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
        break;
      case 'tabs':
        bytes = Buffer.from(
          bytes.toString('latin1').replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2)),
          'latin1',
        );
        break;
      case 'duplicateKey': {
        const i = change.line % lines.length;
        lines.splice(i, 0, lines[i] ?? '');
        bytes = Buffer.from(lines.join('\n'), 'latin1');
        break;
      }
    }
  }
  return bytes;
}

/** Loads a file as the command line does: a configuration, or an InputError whose problems are clear. */
function checkFile(file: string, category: string, load: (file: string) => unknown = loadConfigFile): void {
  let loaded: unknown;
  try {
    loaded = timed(`loading ${path.basename(file)}`, () => load(file));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    tally.add(category, 'refused');
    expect(unclearProblems(error.problems)).toEqual([]);
    return;
  }
  tally.add(category, 'accepted');
  if (load === loadConfigFile)
    expect(notValidForReal(loaded as Parameters<typeof notValidForReal>[0], templates, knownTags)).toEqual(
      [],
    );
}

let fileCounter = 0;
function writeTemp(bytes: Buffer | string, ext: string): string {
  const file = path.join(dir, `doc-${++fileCounter}${ext}`);
  writeFileSync(file, bytes);
  return file;
}

describe('configuration text and files', () => {
  for (const doc of documents)
    test(`${doc.name} broken as YAML text: read or refused as a file problem`, () => {
      fc.assert(
        fc.property(
          fc.array(textChange, { minLength: 1, maxLength: 3 }),
          fc.constantFrom('.yaml', '.yml', ''),
          (changes, ext) => {
            checkFile(writeTemp(changeText(doc.text, changes), ext), 'configuration YAML text');
          },
        ),
        fuzzParameters(`yaml ${doc.name}`, 2),
      );
    });

  test('the configuration as JSON text, mutated and broken: read or refused as a file problem', () => {
    const raw = documents[1]?.raw as Record<string, unknown>;
    const jsonBreak = fc.constantFrom(
      (t: string) => t.replace(/85\.73/, '1e400'),
      (t: string) => t.replace(/"id"/, '"__proto__": {"id": 1}, "id"'),
      (t: string) => t.replace(/}$/, ',}'),
      (t: string) => `// opmerking\n${t}`,
      (t: string) => t.replace(/"years": 2/, '"years": NaN'),
      (t: string) => t.replace(/"id": "[^"]*"/, '"id": "a", "id": "b"'),
      (t: string) => t.replace(/"schedule"/, `"diep": ${'['.repeat(5_000)}${']'.repeat(5_000)}, "schedule"`),
      (t: string) => t.replace(/"name"/, '"na\\u0000me"'),
      (t: string) => t,
    );
    fc.assert(
      fc.property(
        mutations(FIELDS, fieldValue),
        jsonBreak,
        fc.constantFrom('.json', ''),
        (changes, brk, ext) => {
          const text = JSON.stringify(mutate(raw, changes)) ?? 'undefined';
          checkFile(writeTemp(brk(text), ext), 'configuration JSON text');
        },
      ),
      fuzzParameters('config json', 1),
    );
  });

  test('an alias bomb, huge and deeply nested text, and paths that are not files: refused, never a hang', () => {
    const refusedAs = (file: string, pattern: RegExp) => {
      tally.add('configuration file, known cases', 'tried');
      let error: unknown;
      try {
        timed(file, () => loadConfigFile(file));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      const problems = (error as InputError).problems;
      expect(unclearProblems(problems)).toEqual([]);
      expect(problems.map(formatProblem).join('\n')).toMatch(pattern);
    };
    refusedAs(writeTemp(aliasBomb(), '.yaml'), /alias/);
    refusedAs(writeTemp(`${aliasBomb(1)}${documents[0]?.text}`, '.yaml'), /lol1: unknown field/);
    refusedAs(writeTemp(`a: ${'['.repeat(100_000)}`, '.yaml'), /nests \d+ levels deep; at most 64/);
    refusedAs(writeTemp(`{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, '.json'), /^id: is required/m);
    refusedAs(writeTemp(Buffer.from([0xff, 0xfe, 0x00, 0x69, 0x00, 0x64]), '.yaml'), /./);
    refusedAs(dir, /is a folder|not a regular file/);
    refusedAs('/dev/zero', /not a regular file/);
    refusedAs(path.join(dir, 'bestaat-niet.yaml'), /no such file/);
    // A long value is refused by its rule, not echoed back whole.
    const huge = fc.sample(hugeText, { seed: 1, numRuns: 8 });
    for (const text of huge)
      checkConfig({ ...(documents[0]?.raw ?? {}), title: text }, 'configuration, known cases');
  });

  test('parsed text never carries YAML-only values into a valid configuration', () => {
    // A !!binary, !!set or !!timestamp value is not a string: refused where a string is expected.
    for (const snippet of ['!!binary aGVsbG8=', '!!set {a}', '!!timestamp 2026-01-01']) {
      const text = (documents[0]?.text ?? '').replace(/^id: .*$/m, `id: ${snippet}`);
      const result = validateCycleConfig(parseStructuredText(text, 'x.yaml', 'cycle configuration'));
      tally.add('configuration file, known cases', 'tried');
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.problems.map(formatProblem)).toContain('id: must be a string, got an object');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Scenario files

const scenarioDoc = JSON.parse(
  readFileSync(path.join(EXAMPLES, 'zk-2024-2025.scenario.json'), 'utf8'),
) as Record<string, unknown>;

const SCENARIO_FIELDS: Path[] = [
  ['config'],
  ['events', 0, 'at'],
  ['events', 1, 'at'],
  ['events', 2, 'at'],
  ['events', 0, 'type'],
  ['events', 0, 'provider'],
  ['events', 1, 'text'],
  ['events', 3, 'regions'],
  ['providers', 0, 'id'],
  ['providers', 0, 'name'],
  ['providers', 0, 'email'],
];

const scenarioValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileLocalTime },
  { weight: 1, arbitrary: hostileLocalTime.map((t) => `${t}:59.999`) },
  { weight: 2, arbitrary: markupText() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '../../../../etc/passwd',
      '/dev/zero',
      '/etc',
      'zk-2024-2025.yaml',
      'vgz-2027-2028.yaml',
      '',
    ),
  },
  { weight: 2, arbitrary: hostileValue },
);

describe('scenario files', () => {
  const configs = Object.fromEntries(documents.map((d) => [d.name, d.raw]));
  const loader: ConfigLoader = (configPath) =>
    configPath in configs
      ? { ok: true, value: configs[configPath] }
      : { ok: false, problems: [{ path: '', message: `cannot read ${configPath.slice(0, 100)}` }] };

  test('mutations of the example scenario: accepted in time order, or refused by path and rule', () => {
    fc.assert(
      fc.property(mutations(SCENARIO_FIELDS, scenarioValue), (changes) => {
        const result = timed('validateScenario', () =>
          validateScenario(mutate(scenarioDoc, changes), loader),
        );
        if (!result.ok) {
          tally.add('scenario object', 'refused');
          expect(unclearProblems(result.problems)).toEqual([]);
          return;
        }
        tally.add('scenario object', 'accepted');
        const times = result.scenario.events.map((e) => e.atMs);
        expect(times.every(Number.isFinite)).toBe(true);
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(notValidForReal(result.scenario.config, templates, knownTags)).toEqual([]);
      }),
      fuzzParameters('scenario object', 3),
    );
  });

  test('known hostile scenarios: an event far outside the cycle, a configuration file that holds text', () => {
    const events = scenarioDoc.events as Record<string, unknown>[];
    for (const at of ['9999-01-01T10:00', '0001-01-01T00:00', '2026-02-30T10:00', '2023-06-05T24:00']) {
      const changed = { ...scenarioDoc, events: [...events, { ...events[0], at }] };
      const result = validateScenario(changed, loader);
      tally.add('scenario, known cases', result.ok ? 'accepted' : 'refused');
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(unclearProblems(result.problems)).toEqual([]);
        expect(result.problems.map((p) => p.path)).toEqual([`events[${events.length}].at`]);
      }
    }
    const text = validateScenario({ ...scenarioDoc, config: 'tekst.yaml' }, () => ({
      ok: true,
      value: 'tekst',
    }));
    tally.add('scenario, known cases', text.ok ? 'accepted' : 'refused');
    expect(text.ok ? [] : text.problems.map(formatProblem)).toEqual([
      'config: tekst.yaml: must hold a configuration object, got "tekst"',
    ]);
  });

  test('scenario files broken as text, naming hostile configuration paths: read or refused', () => {
    // The scenario names its configuration relative to itself: the examples are copied beside it.
    for (const doc of documents) writeFileSync(path.join(dir, doc.name), doc.text);
    const text = JSON.stringify(scenarioDoc, null, 2);
    fc.assert(
      fc.property(
        fc.array(textChange, { minLength: 0, maxLength: 2 }),
        fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('../../../../etc/passwd', '/dev/zero', '/etc', 'vgz-2027-2028.yaml', '\u0000.yaml'),
        ),
        fc.constantFrom('.json', '.yaml', ''),
        (changes, configPath, ext) => {
          const source =
            configPath === undefined ? text : text.replace('"zk-2024-2025.yaml"', JSON.stringify(configPath));
          checkFile(writeTemp(changeText(source, changes), ext), 'scenario text', loadScenarioFile);
        },
      ),
      fuzzParameters('scenario text', 1),
    );
  });
});
