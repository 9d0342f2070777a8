/**
 * Monthly production (DOMAIN.md 6 and 7): hours per region per month, reported by the provider or imported by the
 * officer, valued at the tariff of the contract year. A corrected report for a month replaces the old one; the old
 * figures stay in the record. Hours for a client of region X may not be booked on region Y (004:L263). Pure.
 */
import { z } from 'zod';
import { receivedAtSchema } from '../inputs';
import { atMostTwoDecimals, valueCents } from './money';
import {
  type ContractSpan,
  contractMonths,
  contractYearOf,
  MONTH_PATTERN,
  type Month,
  monthEnd,
} from './months';
import { refuseRegion } from './regions';

/** Hours a provider can plausibly deliver in one region in one month (a guard against a typo, not a policy rule). */
export const MAX_MONTHLY_HOURS = 100_000;

export const ProductionInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  /** The provider's own report, or the officer's import of it. */
  by: z.enum(['provider', 'officer'], { message: 'must be provider or officer' }),
  month: z
    .string({ message: 'must be a month as "YYYY-MM"' })
    .regex(MONTH_PATTERN, 'must be a month as "YYYY-MM"'),
  region: z.string({ message: 'must be a region name' }).trim().min(1, 'must not be empty'),
  hours: z
    .number({ message: 'must be a number of hours' })
    .refine(Number.isFinite, 'must be a finite number of hours')
    .min(0, 'must not be negative (hours delivered in the month)')
    .max(MAX_MONTHLY_HOURS, `must be at most ${MAX_MONTHLY_HOURS} hours in one month`)
    .refine(atMostTwoDecimals, 'must be hours with at most two decimals'),
  /** The region the clients live in, when the report states it; it must be the region the hours are booked on. */
  clientRegion: z.string().trim().min(1, 'must not be empty').optional(),
  /** Why a report is corrected, or any remark. */
  note: z.string().max(2000, 'must be at most 2000 characters').optional(),
});
export type ProductionInput = z.output<typeof ProductionInputSchema>;

/** One version of a month's figure for one region. */
export interface ProductionFigure {
  hours: number;
  hourlyRate: number;
  valueCents: number;
  reportedAt: string;
  by: 'provider' | 'officer';
  note: string | null;
}

/** A region's production for one month: the figure that counts, and the ones it replaced (oldest first). */
export interface ProductionEntry {
  month: Month;
  region: string;
  current: ProductionFigure;
  replaced: ProductionFigure[];
}

export interface ProductionContext extends ContractSpan {
  regions: readonly string[];
  /** The hourly rate of a contract year. */
  hourlyRate(year: number): number;
}

/** Why a report cannot be accepted, naming the field and the rule; null when it can. */
export function refuseProduction(
  context: ProductionContext,
  input: ProductionInput,
  stampMs: number,
): string | null {
  const region = refuseRegion(context.regions, input.region);
  if (region) return region;
  if (input.clientRegion !== undefined && input.clientRegion !== input.region)
    return (
      `clientRegion: hours for clients of ${input.clientRegion} may not be booked on ${input.region}; ` +
      `report them on ${input.clientRegion}${context.regions.includes(input.clientRegion) ? '' : ', a region this provider is not contracted for'}`
    );
  const months = contractMonths(context);
  if (!months.includes(input.month))
    return `month: ${input.month} is outside the contract (${months[0]} to ${months[months.length - 1]})`;
  const ends = monthEnd(input.month, context.timezone);
  if (stampMs < ends)
    return `month: ${input.month} has not ended yet; its production can be reported from ${new Date(ends).toISOString()}`;
  return null;
}

/** The figure a report gives: its hours at the tariff of the month's contract year. */
export function figureOf(context: ProductionContext, input: ProductionInput): ProductionFigure {
  const year = contractYearOf(context, input.month);
  if (year === null) throw new Error(`month ${input.month} is outside the contract`);
  const hourlyRate = context.hourlyRate(year);
  return {
    hours: input.hours,
    hourlyRate,
    valueCents: valueCents(input.hours, hourlyRate),
    reportedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
    by: input.by,
    note: input.note ?? null,
  };
}

/** Records a report: a new entry, or a correction that replaces the month's figure and keeps the old one. */
export function recordProduction(
  entries: ProductionEntry[],
  context: ProductionContext,
  input: ProductionInput,
): ProductionEntry {
  const figure = figureOf(context, input);
  const existing = entries.find((e) => e.month === input.month && e.region === input.region);
  if (existing) {
    existing.replaced.push(existing.current);
    existing.current = figure;
    return existing;
  }
  const entry: ProductionEntry = { month: input.month, region: input.region, current: figure, replaced: [] };
  entries.push(entry);
  return entry;
}

/** A region's reported value per month of a year, in cents (null for a month not reported). */
export function monthlyValues(entries: readonly ProductionEntry[], region: string, months: readonly Month[]) {
  return months.map(
    (m) => entries.find((e) => e.month === m && e.region === region)?.current.valueCents ?? null,
  );
}
