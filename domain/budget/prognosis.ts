/**
 * The provider's prognosis (DOMAIN.md 6: "forecast at year start"): how it spreads a region's budget over the twelve
 * months of a contract year. A new prognosis for the same year and region replaces the old one, which stays in the
 * record. Without one, realisation is compared with an even spread of the ceiling (000:L692-705). Pure.
 */
import { z } from 'zod';
import { receivedAtSchema } from '../inputs';
import { eurosSchema, toCents } from './money';
import { type ContractSpan, contractYears, type Month, monthsOfYear } from './months';
import { refuseRegion } from './regions';

export const PrognosisInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  year: z.int('must be a contract year such as 2027'),
  /** Required when the provider is contracted for more than one region. */
  region: z.string().trim().min(1, 'must not be empty').optional(),
  /** Euros per month, the contract year's first month first. */
  months: z
    .array(eurosSchema)
    .length(12, 'must list 12 monthly amounts, the first month of the contract year first'),
});
export type PrognosisInput = z.output<typeof PrognosisInputSchema>;

export interface Prognosis {
  year: number;
  region: string;
  monthsCents: number[];
  totalCents: number;
  receivedAt: string;
  replaced: { monthsCents: number[]; receivedAt: string }[];
}

export interface PrognosisContext extends ContractSpan {
  regions: readonly string[];
}

/** The region a prognosis is for: the one named, or the provider's only region. */
export function prognosisRegion(context: PrognosisContext, input: PrognosisInput): string | null {
  return input.region ?? (context.regions.length === 1 ? (context.regions[0] ?? null) : null);
}

export function refusePrognosis(context: PrognosisContext, input: PrognosisInput): string | null {
  const years = contractYears(context);
  if (!years.includes(input.year)) return `year: ${input.year} is not a contract year (${years.join(', ')})`;
  if (input.region === undefined && context.regions.length > 1)
    return `region: required, this provider is contracted for ${context.regions.join(', ')}`;
  return refuseRegion(context.regions, prognosisRegion(context, input) ?? String(input.region));
}

export function recordPrognosis(
  list: Prognosis[],
  context: PrognosisContext,
  input: PrognosisInput,
): Prognosis {
  const region = prognosisRegion(context, input) as string;
  const monthsCents = input.months.map(toCents);
  const receivedAt = new Date(Date.parse(input.receivedAt)).toISOString();
  const totalCents = monthsCents.reduce((a, b) => a + b, 0);
  const existing = list.find((p) => p.year === input.year && p.region === region);
  if (existing) {
    existing.replaced.push({ monthsCents: existing.monthsCents, receivedAt: existing.receivedAt });
    Object.assign(existing, { monthsCents, totalCents, receivedAt });
    return existing;
  }
  const prognosis: Prognosis = {
    year: input.year,
    region,
    monthsCents,
    totalCents,
    receivedAt,
    replaced: [],
  };
  list.push(prognosis);
  return prognosis;
}

/** The spread realisation is compared with: the prognosis, or the ceiling evenly over the year's months. */
export function expectedSpread(
  span: ContractSpan,
  prognosis: Prognosis | undefined,
  year: number,
  ceilingCents: number,
): { months: Month[]; cents: number[]; source: 'prognosis' | 'evenSpread' } {
  const months = monthsOfYear(span, year);
  if (prognosis) return { months, cents: prognosis.monthsCents, source: 'prognosis' };
  // Whole cents: the first months carry the remainder.
  const base = Math.floor(ceilingCents / 12);
  const rest = ceilingCents - base * 12;
  return { months, cents: months.map((_, k) => base + (k < rest ? 1 : 0)), source: 'evenSpread' };
}
