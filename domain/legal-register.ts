/**
 * The legal register: every objection with its terms, as legal officers need it. One row per objection; instants are
 * ISO-8601 UTC, and each row carries the warnings legal must see (a term that ends on a weekend or public holiday, an
 * answer overdue or sent late, a kort geding served after its term).
 */
import { DateTime } from 'luxon';
import type { ObjectionOutcome, ObjectionRecord } from './objection';
import { englishDate } from './terms';
import type { WorkingDayCalendar } from './working-days';

export interface LegalRow {
  providerId: string;
  provider: string;
  objection: number;
  regions: string[];
  filedAt: string;
  onTime: boolean;
  /** First late instant of the objection term it was measured against. */
  objectionTermEndsAt: string;
  /** First late instant for the answer; null for a late objection (the lapse is its answer). */
  answerDueAt: string | null;
  /** When the answer was sent to the provider. */
  answeredAt: string | null;
  outcome: ObjectionOutcome | null;
  /** First late instant of the kort-geding term (vervaltermijn). */
  kortGedingDeadline: string | null;
  kortGedingServed: { court: string; servedOn: string } | null;
  warnings: string[];
}

/** The warning for a deadline (its first late instant) whose last day is not a working day. */
function lastDayWarning(what: string, endsAt: string, zone: string, calendar: WorkingDayCalendar): string[] {
  const lastDay = DateTime.fromISO(endsAt, { zone: 'utc' }).setZone(zone).minus({ milliseconds: 1 });
  const reason = calendar.nonWorkingReason(lastDay);
  return reason ? [`${what} ends on ${englishDate(lastDay)}, not a working day (${reason.description})`] : [];
}

export function legalRows(input: {
  providerId: string;
  provider: string;
  objections: readonly ObjectionRecord[];
  zone: string;
  calendar: WorkingDayCalendar;
  nowMs: number;
}): LegalRow[] {
  const { zone, calendar, nowMs } = input;
  return input.objections.map((o) => {
    const warnings: string[] = [];
    if (!o.onTime) warnings.push('received after the objection term: the right had lapsed');
    warnings.push(...lastDayWarning('the objection term', o.termEndsAt, zone, calendar));
    if (o.answerDueAt) {
      warnings.push(...lastDayWarning('the answer term', o.answerDueAt, zone, calendar));
      const due = Date.parse(o.answerDueAt);
      const sent = o.answer?.sentAt ? Date.parse(o.answer.sentAt) : null;
      if (sent === null && nowMs >= due) warnings.push('answer overdue');
      if (sent !== null && sent >= due) warnings.push('answer sent after it was due');
    }
    if (o.answer?.kortGedingDeadline)
      warnings.push(...lastDayWarning('the kort-geding term', o.answer.kortGedingDeadline, zone, calendar));
    if (o.kortGeding?.afterTerm) warnings.push('kort geding served after the vervaltermijn');
    return {
      providerId: input.providerId,
      provider: input.provider,
      objection: o.number,
      regions: [...o.regions],
      filedAt: o.receivedAt,
      onTime: o.onTime,
      objectionTermEndsAt: o.termEndsAt,
      answerDueAt: o.answerDueAt,
      answeredAt: o.answer?.sentAt ?? null,
      outcome: o.answer?.outcome ?? null,
      kortGedingDeadline: o.answer?.kortGedingDeadline ?? null,
      kortGedingServed: o.kortGeding ? { court: o.kortGeding.court, servedOn: o.kortGeding.servedOn } : null,
      warnings,
    };
  });
}

/** Register order: by filing time, then provider. */
export function sortRegister(rows: LegalRow[]): LegalRow[] {
  return rows.sort((a, b) => a.filedAt.localeCompare(b.filedAt) || a.providerId.localeCompare(b.providerId));
}
