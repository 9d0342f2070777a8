/**
 * Reads a table of rows for an import: CSV as spreadsheets export it (a header row, comma or semicolon separated,
 * with or without a byte-order mark; csv-parse), or a JSON or YAML list of objects. Each row comes back with its
 * line (CSV) or index, so a problem can name the row the officer sees in the spreadsheet.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError, readStructuredFile } from './config-file';

export interface TableRow {
  /** How the officer finds the row: "line 12" in a CSV file, "[11]" in a JSON or YAML list. */
  where: string;
  values: Record<string, unknown>;
  /** Values came from CSV text: numbers and booleans are still strings. */
  fromCsv: boolean;
}

export function readTableFile(file: string, what: string): TableRow[] {
  if (path.extname(file).toLowerCase() === '.csv') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        file,
        [{ path: '', message: `cannot read the ${what}: ${code === 'ENOENT' ? 'no such file' : code}` }],
        what,
      );
    }
    try {
      const records = parse(text, {
        bom: true,
        columns: (header: string[]) => header.map((h) => h.trim()),
        // Dutch spreadsheets write "a;b;12,5"; others "a,b,12.5". The header line tells which.
        delimiter: (text.split('\n', 1)[0] ?? '').includes(';') ? ';' : ',',
        skip_empty_lines: true,
        trim: true,
        info: true,
      }) as { record: Record<string, string>; info: { lines: number } }[];
      return records.map(({ record, info }) => ({
        where: `line ${info.lines}`,
        // An empty cell is an absent value.
        values: Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '')),
        fromCsv: true,
      }));
    } catch (error) {
      throw new InputError(
        file,
        [{ path: '', message: `is not valid CSV: ${(error as Error).message}` }],
        what,
      );
    }
  }
  const data = readStructuredFile(file, what);
  if (!Array.isArray(data))
    throw new InputError(file, [{ path: '', message: 'must be a list of rows (or a .csv file)' }], what);
  return data.map((values, i) => ({
    where: `[${i}]`,
    values:
      typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : { value: values },
    fromCsv: false,
  }));
}

/** A number as a Dutch spreadsheet writes it ("12,5") or as JSON does; anything else is left for the schema to name. */
export function csvNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const normal = value.replace(/\s/g, '');
  return /^-?\d+([.,]\d+)?$/.test(normal) ? Number(normal.replace(',', '.')) : value;
}

/** ja/nee, true/false, 1/0 as a spreadsheet writes them. */
export function csvBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.toLowerCase();
  if (['ja', 'true', '1', 'yes'].includes(v)) return true;
  if (['nee', 'false', '0', 'no'].includes(v)) return false;
  return value;
}
