/**
 * Handlebars helpers shared by every template, in two flavours: HTML (everything escaped, markup built here) and
 * plain text. Dates come out in Dutch long form in the cycle's zone, money as "€ 82,29".
 */
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { dutchDateTime, dutchEuros } from '../domain/dutch-format';
import type { FileFact } from './receipt';

type Flavour = 'html' | 'text';
type HelperOptions = Handlebars.HelperOptions;

const sizeFormat = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

function zoneOf(options: HelperOptions): string {
  const root = options.data?.root as { cycle?: { timezone?: string } } | undefined;
  const zone = root?.cycle?.timezone;
  if (!zone) throw new Error('template data has no cycle.timezone');
  return zone;
}

function requireInstant(value: unknown, helper: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new Error(`${helper}: expected an ISO-8601 instant, got ${JSON.stringify(value)}`);
  return ms;
}

/**
 * Dates already written out: every receipt names the same deadline, every notice the same milestones, and writing a
 * date in a zone with Luxon costs about as much as filling in the rest of the message. Bounded; the oldest go first.
 */
const written = new Map<string, string>();
const WRITTEN_KEPT = 10_000;

function once(value: unknown, key: string, write: () => string): string {
  // Only text is kept: another value whose text reads the same (a list holding a date) must meet its own error.
  if (typeof value !== 'string') return write();
  let text = written.get(key);
  if (text === undefined) {
    text = write();
    if (written.size >= WRITTEN_KEPT) written.delete(written.keys().next().value as string);
    written.set(key, text);
  }
  return text;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sizeFormat.format(value)} ${units[unit]}`;
}

export function registerHelpers(hb: typeof Handlebars, flavour: Flavour): void {
  const escapeText = (text: unknown) =>
    flavour === 'html' ? Handlebars.escapeExpression(String(text)) : String(text);
  const safe = (text: string) => (flavour === 'html' ? new Handlebars.SafeString(text) : text);

  /** {{moment at}}: "dinsdag 1 augustus 2023, 17:00 uur". */
  hb.registerHelper('moment', (value: unknown, options: HelperOptions) => {
    const zone = zoneOf(options);
    return once(value, `moment ${value} ${zone}`, () =>
      dutchDateTime(requireInstant(value, 'moment'), zone, 'event'),
    );
  });
  /** {{deadline at}}: a deadline at local midnight reads "… 24:00 uur" of the day that ends. */
  hb.registerHelper('deadline', (value: unknown, options: HelperOptions) => {
    const zone = zoneOf(options);
    return once(value, `deadline ${value} ${zone}`, () =>
      dutchDateTime(requireInstant(value, 'deadline'), zone, 'deadline'),
    );
  });
  /** {{day date}}: a calendar date "2024-01-01" as "maandag 1 januari 2024". */
  hb.registerHelper('day', (value: unknown) =>
    once(value, `day ${value}`, () => {
      const day = typeof value === 'string' ? DateTime.fromISO(value, { zone: 'utc' }) : undefined;
      if (!day?.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(String(value)))
        throw new Error(`day: expected YYYY-MM-DD, got ${JSON.stringify(value)}`);
      return day.setLocale('nl').toFormat('cccc d LLLL yyyy');
    }),
  );
  /** {{exact at}}: to the second, for receipts: "dinsdag 1 augustus 2023, 16:59:59 uur". */
  hb.registerHelper('exact', (value: unknown, options: HelperOptions) => {
    const local = DateTime.fromMillis(requireInstant(value, 'exact'), { zone: zoneOf(options) }).setLocale(
      'nl',
    );
    return `${local.toFormat('cccc d LLLL yyyy')}, ${local.toFormat('HH:mm:ss')} uur`;
  });
  /** {{utc at}}: the same instant in UTC, to the second: "2023-08-01 14:59:59 UTC". */
  hb.registerHelper(
    'utc',
    (value: unknown) =>
      `${new Date(requireInstant(value, 'utc')).toISOString().slice(0, 19).replace('T', ' ')} UTC`,
  );
  hb.registerHelper('euro', (value: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`euro: expected an amount, got ${value}`);
    return dutchEuros(value);
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);

  /** {{paragraphs text}}: text a provider or officer wrote, escaped, line breaks kept. */
  hb.registerHelper('paragraphs', (value: unknown) => {
    const text = String(value ?? '');
    return flavour === 'html' ? safe(escapeText(text).replace(/\r?\n/g, '<br>')) : text;
  });

  /** {{bullets items}}: a list of short texts. */
  hb.registerHelper('bullets', (items: unknown) => {
    const list = Array.isArray(items) ? items.map(String) : [];
    if (flavour === 'text') return list.map((item) => `- ${item}`).join('\n');
    return safe(
      `<ul style="margin:4px 0 4px 18px;padding:0">${list.map((item) => `<li>${escapeText(item)}</li>`).join('')}</ul>`,
    );
  });

  /** {{fileTable files}}: name, size and SHA-256 of every file received. */
  hb.registerHelper('fileTable', (files: unknown) => {
    const list = (Array.isArray(files) ? files : []) as FileFact[];
    if (list.length === 0) return flavour === 'html' ? safe('<p>Geen bestanden.</p>') : 'Geen bestanden.';
    if (flavour === 'text') {
      return list.map((f) => `- ${f.name} (${formatBytes(f.sizeBytes)}), SHA-256 ${f.sha256}`).join('\n');
    }
    const rows = list
      .map(
        (f) =>
          `<tr><td style="padding:4px 8px 4px 0">${escapeText(f.name)}</td>` +
          `<td style="padding:4px 8px;white-space:nowrap">${escapeText(formatBytes(f.sizeBytes))}</td>` +
          `<td style="padding:4px 0 4px 8px;font-family:monospace;font-size:11px;word-break:break-all">${escapeText(f.sha256)}</td></tr>`,
      )
      .join('');
    return safe(
      '<table role="presentation" style="border-collapse:collapse;width:100%;font-size:13px">' +
        '<tr><th align="left">Bestand</th><th align="left">Grootte</th><th align="left">SHA-256</th></tr>' +
        `${rows}</table>`,
    );
  });

  /** {{regionTable regions}}: per region the outcome, with the ceiling or the reasons. */
  hb.registerHelper('regionTable', (regions: unknown, options: HelperOptions) => {
    const list = (Array.isArray(regions) ? regions : []) as {
      name: string;
      selected: boolean;
      ceiling?: number;
      reasons?: string[];
    }[];
    void options;
    const detail = (r: (typeof list)[number]) =>
      r.selected
        ? `geselecteerd${r.ceiling !== undefined ? `, voorlopig budgetplafond ${dutchEuros(r.ceiling)} per jaar` : ''}`
        : `niet geselecteerd${r.reasons && r.reasons.length > 0 ? `: ${r.reasons.join('; ')}` : ''}`;
    if (flavour === 'text') return list.map((r) => `- ${r.name}: ${detail(r)}`).join('\n');
    return safe(
      `<ul style="margin:4px 0 4px 18px;padding:0">${list
        .map((r) => `<li><strong>${escapeText(r.name)}</strong>: ${escapeText(detail(r))}</li>`)
        .join('')}</ul>`,
    );
  });
}
