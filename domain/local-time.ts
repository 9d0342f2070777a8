/**
 * Strict parsing of the local date-times and dates that configurations use.
 *
 * A schedule is written as wall-clock time in the cycle's time zone ("2023-08-01T17:00"). Turning that into an
 * instant must never guess: a time that does not exist (the hour skipped when summer time starts) or that exists
 * twice (the hour repeated when it ends) is refused with the reason, as are dates like 2026-02-30 and "24:00".
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { describeValue } from './validation';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const LOCAL_DATE_TIME_PRECISE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; rule: string };

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function calendarDateProblem(text: string, y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12) return `${text} has no month ${m}`;
  const days = DateTime.utc(y, m, 1).daysInMonth ?? 31;
  if (d < 1 || d > days)
    return `${text} is not a calendar date (${y}-${String(m).padStart(2, '0')} has ${days} days)`;
  return undefined;
}

/** Parses "YYYY-MM-DD" into the calendar date (no zone, no time). */
export function parseLocalDate(text: string): Parsed<{ year: number; month: number; day: number }> {
  const match = LOCAL_DATE.exec(text);
  if (!match) return { ok: false, rule: `must be a date YYYY-MM-DD, got ${describeValue(text)}` };
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const problem = calendarDateProblem(text, year, month, day);
  return problem ? { ok: false, rule: problem } : { ok: true, value: { year, month, day } };
}

/**
 * Parses "YYYY-MM-DDTHH:mm" as wall-clock time in `zone` and returns the instant.
 * Refuses impossible dates, 24:00, times skipped by a summer-time change and times that occur twice.
 */
export function parseLocalDateTime(text: string, zone: string): Parsed<DateTime> {
  return parseWallClock(text, zone, LOCAL_DATE_TIME, 'YYYY-MM-DDTHH:mm');
}

/** As parseLocalDateTime, with optional seconds and milliseconds: "YYYY-MM-DDTHH:mm[:ss[.SSS]]". */
export function parsePreciseLocalDateTime(text: string, zone: string): Parsed<DateTime> {
  return parseWallClock(text, zone, LOCAL_DATE_TIME_PRECISE, 'YYYY-MM-DDTHH:mm[:ss[.SSS]]');
}

function parseWallClock(text: string, zone: string, pattern: RegExp, format: string): Parsed<DateTime> {
  const match = pattern.exec(text);
  if (!match) {
    return { ok: false, rule: `must be a local date-time ${format}, got ${describeValue(text)}` };
  }
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millisecond = match[7] === undefined ? 0 : Number(match[7]);
  const dateProblem = calendarDateProblem(text, year, month, day);
  if (dateProblem) return { ok: false, rule: dateProblem };
  if (hour === 24 && minute === 0) {
    return {
      ok: false,
      rule: `${text}: 24:00 is not accepted; write 00:00 of the next day (a deadline "through day X" ends at T00:00 of day X+1)`,
    };
  }
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, rule: `${text} is not a time of day (00:00 to 23:59)` };

  const dt = DateTime.fromObject({ year, month, day, hour, minute, second, millisecond }, { zone });
  if (!dt.isValid)
    return { ok: false, rule: `${text} is not a valid date-time in ${zone}: ${dt.invalidExplanation}` };
  if (dt.hour !== hour || dt.minute !== minute || dt.day !== day) {
    return {
      ok: false,
      rule: `${text} does not exist in ${zone}: the clocks skip that hour when summer time starts`,
    };
  }
  if (dt.getPossibleOffsets().length > 1) {
    return {
      ok: false,
      rule: `${text} is ambiguous in ${zone}: that hour occurs twice when summer time ends; choose another time`,
    };
  }
  return { ok: true, value: dt };
}

/** The instant at which a local calendar date begins (00:00) in `zone`. */
export function startOfLocalDate(text: string, zone: string): DateTime {
  const parsed = parseLocalDate(text);
  if (!parsed.ok) throw new Error(parsed.rule);
  return DateTime.fromObject(parsed.value, { zone }).startOf('day');
}

/** ISO-8601 UTC with milliseconds, e.g. "2023-09-29T22:00:00.000Z". */
export function isoUtc(instant: DateTime | number): string {
  const dt = typeof instant === 'number' ? DateTime.fromMillis(instant, { zone: 'utc' }) : instant.toUTC();
  return dt.toISO() as string;
}

/** ISO-8601 local time with its offset in `zone`, e.g. "2023-09-30T00:00:00.000+02:00". */
export function isoLocal(instant: DateTime | number, zone: string): string {
  const dt = typeof instant === 'number' ? DateTime.fromMillis(instant) : instant;
  return dt.setZone(zone).toISO() as string;
}

/** A zod string that must be a calendar date YYYY-MM-DD; a wrong one is refused with the reason. */
export function localDateSchema() {
  return z.string().superRefine((text, ctx) => {
    const parsed = parseLocalDate(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.rule });
  });
}
