/**
 * No unescaped content (issue 9, item 4): markup from input never reaches an e-mail, a calendar, the dashboard or its
 * CSV export as markup. Every e-mail template is rendered with fast-check data whose every text field holds hostile
 * text (markup, control characters, line breaks); the data is refused by the template's type, or the HTML holds no tag
 * the templates do not make, no script, no event handler, no javascript: URL, and the subject no line break. The .ics
 * calendars stay one property per line. The dashboard's source never sets HTML from data, and the legal register's CSV
 * writes no cell a spreadsheet would run as a formula. The checks themselves are shown to catch what they look for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { LegalRow } from '../../domain/legal-register';
import { deadlineCalendar } from '../../mail/calendar';
import { TEMPLATE_KINDS, type TemplateData, type TemplateKind } from '../../mail/catalog';
import { exampleData } from '../../mail/examples';
import { TemplateDataError, type TemplateStore } from '../../mail/render';
import { legalCsvRows, spreadsheetCell } from '../../web/src/legal-csv';
import { TEST_KEY, testTemplates } from '../helpers/mail';
import {
  fuzzParameters,
  hostileText,
  MARKUP,
  markupText,
  NASTY,
  recordInputs,
  Tally,
  unsafeMarkup,
} from './arbitraries';
import { templateTags } from './config-checks';

const OUTCOMES = { upheld: 'gegrond', partlyUpheld: 'gedeeltelijk gegrond', rejected: 'ongegrond' } as const;
const tally = new Tally();
const started = Date.now();
let templates: TemplateStore;
let knownTags: Set<string>;

beforeAll(async () => {
  templates = await testTemplates();
  knownTags = templateTags(templates);
});

afterAll(() => recordInputs('render', { ...tally.toJSON(), wallMs: Date.now() - started }));

/** Text fields whose format a template's type fixes (instants, addresses, hashes, codes): left as they are. */
const FORMATTED =
  /^(at|from|to|receivedAt|publishedAt|filedAt|sentAt|deadline|[a-z]+At|email|sha256|code|timezone|id|key|questionDeadline|nviPublication|submissionDeadline|documentsUrl|contractUrl|failedRecipient|messageId|month|through|servedOn|signBefore|start|expectedSource|kind|cycleId|providerId)$/;

/** Every text leaf of a value, with its path, except those whose format is fixed. */
function textLeaves(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value === 'string') {
    const last = at[at.length - 1];
    if (typeof last !== 'string' || !FORMATTED.test(last)) out.push(at);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) textLeaves(v, [...at, i], out);
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) textLeaves(v, [...at, k], out);
  return out;
}

function setAt(value: unknown, at: (string | number)[], text: string): void {
  let node = value as Record<string | number, unknown>;
  for (const part of at.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[at[at.length - 1] as string | number] = text;
}

describe('the checks catch what they look for', () => {
  test('markup in HTML, formulas in CSV', () => {
    const tags = new Set(['p', 'a', 'table']);
    expect(
      unsafeMarkup('<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=y()&gt;</p>', tags),
    ).toEqual([]);
    expect(unsafeMarkup('<p><script>alert(1)</script></p>', tags).length).toBeGreaterThan(0);
    expect(unsafeMarkup('<p><img src=x onerror=alert(1)></p>', tags)).toEqual([
      'a <img> element no template makes',
      'an event handler onerror= on <img>',
    ]);
    expect(unsafeMarkup('<a href=" java&#x09;script:alert(1)">x</a>', tags)).toEqual([
      'a  java\tscript:alert(1) URL in href= on <a>',
    ]);
    expect(unsafeMarkup('<p onmouseover="x()">a</p>', tags)).toEqual([
      'an event handler onmouseover= on <p>',
    ]);
    expect(spreadsheetCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(spreadsheetCell('Rechtbank Den Haag')).toBe('Rechtbank Den Haag');
  });
});

describe('e-mails', () => {
  test('every template with hostile text in every text field: refused by its type, or escaped', () => {
    const kinds = fc.constantFrom(...TEMPLATE_KINDS);
    const texts = fc.array(fc.oneof(markupText(), hostileText(400), fc.constantFrom(...MARKUP, ...NASTY)), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(kinds, texts, fc.nat(), (kind, pool, offset) => {
        const data = structuredClone(exampleData(kind, TEST_KEY)) as unknown;
        const leaves = textLeaves(data);
        leaves.forEach((at, i) => {
          setAt(data, at, pool[(i + offset) % pool.length] as string);
        });
        let rendered: ReturnType<TemplateStore['render']>;
        try {
          rendered = templates.render(kind as TemplateKind, data as TemplateData<TemplateKind>);
        } catch (error) {
          if (!(error instanceof TemplateDataError)) throw error;
          tally.add('e-mail template data', 'refused by its type');
          return;
        }
        tally.add('e-mail template data', 'rendered');
        expect(unsafeMarkup(rendered.html, knownTags)).toEqual([]);
        expect(rendered.subject).not.toMatch(/[\r\n]/);
      }),
      fuzzParameters('templates', 10),
    );
    // Rendered with markup in every field, not only refused: the property was not vacuous.
    expect(tally.count('e-mail template data', 'rendered')).toBeGreaterThan(
      tally.count('e-mail template data', 'refused by its type') / 10,
    );
  });

  test('calendars: names and labels with line breaks and markup stay inside their property', () => {
    const nonEmpty = hostileText(200).filter((t) => t.trim() !== '');
    fc.assert(
      // The title and the organizer's name are never empty: the configuration refuses that.
      fc.property(nonEmpty, nonEmpty, markupText(), (title, organizer, label) => {
        const ics = deadlineCalendar(
          {
            cycleId: 'zk-2024-2025',
            cycleTitle: title,
            timezone: 'Europe/Amsterdam',
            organizer: { name: organizer, email: 'oco@zilverenkruis.nl' },
          },
          [{ key: 'submissionDeadline', label: label || 'sluiting', at: '2023-08-01T15:00:00.000Z' }],
        );
        tally.add('calendar', 'made');
        // Every line is a property ("NAME:" or "NAME;PARAM=...:") or the folded continuation of one.
        const stray = ics.split('\r\n').filter((line) => line !== '' && !/^([A-Z-]+[;:]| )/.test(line));
        expect(stray).toEqual([]);
      }),
      fuzzParameters('calendar', 3),
    );
  });
});

/** How the dashboard's own links start in its source: href={`${BASE}...`}. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, on purpose
const OWN_LINK = '{`${BASE}';

describe('the dashboard', () => {
  const webSource = path.join(__dirname, '..', '..', 'web', 'src');

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? files(file) : /\.(ts|tsx)$/.test(name) ? [file] : [];
    });
  }

  test('never sets HTML from data: no dangerouslySetInnerHTML, innerHTML, eval, and only its own links', () => {
    const sources = files(webSource);
    expect(sources.length).toBeGreaterThan(10);
    const findings: string[] = [];
    for (const file of sources) {
      const source = readFileSync(file, 'utf8');
      for (const pattern of [
        /dangerouslySetInnerHTML/,
        /\.(inner|outer)HTML\b/,
        /insertAdjacentHTML/,
        /document\.write/,
        /\beval\(/,
        /new Function\(/,
        /javascript:/i,
      ])
        if (pattern.test(source)) findings.push(`${path.relative(webSource, file)}: ${pattern}`);
      // An href is built from the dashboard's own base, or is a download (a blob: URL made here).
      for (const match of source.matchAll(/href=(.{0,12})|\.href = (\w+)/g))
        if (!(match[1] ?? '').startsWith(OWN_LINK) && match[2] !== 'url')
          findings.push(`${path.relative(webSource, file)}: ${match[0]}`);
    }
    tally.add('dashboard source files', 'checked', sources.length);
    expect(findings).toEqual([]);
  });

  test('the legal register as CSV: no cell from input a spreadsheet would read as a formula', () => {
    const formula = fc.oneof(
      fc.constantFrom(
        '=HYPERLINK("http://kwaad.example","klik")',
        "+cmd|' /C calc'!A0",
        '-2+3',
        '@SUM(A1)',
        '\t=1',
      ),
      markupText(),
      hostileText(60),
    );
    const row = fc.record({
      providerId: fc.constantFrom('a', 'stichting-b'),
      provider: formula,
      objection: fc.nat(5),
      regions: fc.array(formula, { maxLength: 3 }),
      filedAt: fc.constant('2023-09-20T08:00:00.000Z'),
      onTime: fc.boolean(),
      objectionTermEndsAt: fc.constant('2023-09-29T22:00:00.000Z'),
      answerDueAt: fc.constantFrom(null, '2023-10-15T22:00:00.000Z'),
      answeredAt: fc.constantFrom(null, '2023-10-10T08:00:00.000Z'),
      outcome: fc.constantFrom(null, 'upheld' as const, 'rejected' as const),
      kortGedingDeadline: fc.constantFrom(null, '2023-10-29T23:00:00.000Z'),
      kortGedingServed: fc.option(fc.record({ court: formula, servedOn: fc.constant('2023-10-20') })),
      warnings: fc.array(formula, { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), (rows) => {
        tally.add('legal register CSV rows', 'written', rows.length);
        for (const cells of legalCsvRows(rows as LegalRow[], OUTCOMES))
          for (const [column, value] of Object.entries(cells))
            expect([column, typeof value === 'string' && /^[=+\-@\t\r\n]/.test(value)]).toEqual([
              column,
              false,
            ]);
      }),
      fuzzParameters('legal csv', 2),
    );
  });
});
