/**
 * The legal register as rows of a CSV file (semicolons, as Dutch spreadsheets read it), the instants in ISO-8601 UTC
 * beside the local ones. Every cell of text is written so that a spreadsheet reads it as text: one that starts as a
 * formula would (=, +, -, @, a tab or a line break) gets a leading apostrophe. Provider names, regions, the court and
 * the warnings come from input.
 */
import type { LegalRow } from '../../domain/legal-register';
import type { ObjectionOutcome } from '../../domain/objection-outcomes';
import { dutchWarning } from '../../domain/warnings-nl';
import { when } from './format';

/** A cell a spreadsheet would read as a formula is written as text. */
export const spreadsheetCell = (text: string) => (/^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text);

export function legalCsvRows(
  rows: readonly LegalRow[],
  outcomeNames: Record<ObjectionOutcome, string>,
): Record<string, string | number>[] {
  return rows.map((r) => {
    const cells = {
      aanbieder: r.provider,
      aanbiederId: r.providerId,
      bezwaar: r.objection,
      regios: r.regions.join(', '),
      ingediend: when(r.filedAt),
      ingediendUtc: r.filedAt,
      opTijd: r.onTime ? 'ja' : 'nee',
      eindeBezwaartermijn: when(r.objectionTermEndsAt, 'deadline'),
      eindeBezwaartermijnUtc: r.objectionTermEndsAt,
      antwoordUiterlijk: when(r.answerDueAt, 'deadline'),
      antwoordUiterlijkUtc: r.answerDueAt ?? '',
      beantwoord: when(r.answeredAt),
      beantwoordUtc: r.answeredAt ?? '',
      uitkomst: r.outcome ? outcomeNames[r.outcome] : '',
      eindeKortGedingtermijn: when(r.kortGedingDeadline, 'deadline'),
      eindeKortGedingtermijnUtc: r.kortGedingDeadline ?? '',
      kortGeding: r.kortGedingServed
        ? `${r.kortGedingServed.court}, betekend ${r.kortGedingServed.servedOn}`
        : '',
      waarschuwingen: r.warnings.map(dutchWarning).join(' | '),
    };
    return Object.fromEntries(
      Object.entries(cells).map(([key, value]) => [
        key,
        typeof value === 'string' ? spreadsheetCell(value) : value,
      ]),
    );
  });
}
