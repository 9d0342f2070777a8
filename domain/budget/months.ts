/**
 * Months of a contract period, as the budget counts them: "YYYY-MM" in the cycle's time zone. A contract starts on
 * the first of a month (contract.start) and runs whole years. Pure.
 */
import { DateTime } from 'luxon';
import { startOfLocalDate } from '../local-time';

/** A calendar month, "YYYY-MM". */
export type Month = string;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface ContractSpan {
  /** contract.start, local YYYY-MM-DD. */
  start: string;
  years: number;
  timezone: string;
}

export function monthOf(year: number, monthNumber: number): Month {
  return `${String(year).padStart(4, '0')}-${String(monthNumber).padStart(2, '0')}`;
}

export function yearOfMonth(month: Month): number {
  return Number(month.slice(0, 4));
}

export function monthNumber(month: Month): number {
  return Number(month.slice(5, 7));
}

/** The contract's months in order. */
export function contractMonths(span: ContractSpan): Month[] {
  const first = DateTime.fromISO(span.start, { zone: span.timezone }).startOf('month');
  return Array.from({ length: span.years * 12 }, (_, k) => first.plus({ months: k }).toFormat('yyyy-MM'));
}

/**
 * The contract years: twelve months each from contract.start, named by the calendar year they begin in (a contract
 * from 1 January 2027 for two years: 2027 and 2028).
 */
export function contractYears(span: ContractSpan): number[] {
  const months = contractMonths(span);
  return Array.from({ length: span.years }, (_, k) => yearOfMonth(months[k * 12] as Month));
}

/** The twelve months of a contract year; none for a year outside the contract. */
export function monthsOfYear(span: ContractSpan, year: number): Month[] {
  const index = contractYears(span).indexOf(year);
  return index < 0 ? [] : contractMonths(span).slice(index * 12, index * 12 + 12);
}

/** The contract year a month belongs to, or null outside the contract. */
export function contractYearOf(span: ContractSpan, month: Month): number | null {
  const index = contractMonths(span).indexOf(month);
  return index < 0 ? null : (contractYears(span)[Math.floor(index / 12)] ?? null);
}

/** First instant of a month, local midnight (epoch ms). */
export function monthStart(month: Month, timezone: string): number {
  return startOfLocalDate(`${month}-01`, timezone).toMillis();
}

/** First instant after a month: local midnight on the first of the next month (epoch ms). */
export function monthEnd(month: Month, timezone: string): number {
  return DateTime.fromISO(`${month}-01`, { zone: timezone }).plus({ months: 1 }).toMillis();
}

/** The instant `days` calendar days after the end of a month, at local midnight (a report due "10 days after"). */
export function daysAfterMonth(month: Month, days: number, timezone: string): number {
  return DateTime.fromMillis(monthEnd(month, timezone), { zone: timezone }).plus({ days }).toMillis();
}

/** The month an instant falls in, in the zone. */
export function monthAt(ms: number, timezone: string): Month {
  return DateTime.fromMillis(ms, { zone: timezone }).toFormat('yyyy-MM');
}

/** The quarter (1-4) of a month. */
export function quarterOf(month: Month): number {
  return Math.ceil(monthNumber(month) / 3);
}

/** Whether a month closes a quarter (March, June, September, December). */
export function endsQuarter(month: Month): boolean {
  return monthNumber(month) % 3 === 0;
}

/** The first instant after the contract period. */
export function contractEnd(span: ContractSpan): number {
  return startOfLocalDate(span.start, span.timezone).plus({ years: span.years }).toMillis();
}
