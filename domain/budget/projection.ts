/**
 * Where a region's budget is heading in a contract year, and whether an overrun threatens (DOMAIN.md 6).
 *
 * - Realisation: the reported production of the year's months so far.
 * - Projection: year-to-date spend extrapolated over the remaining months (spend / months reported x 12), shown with
 *   the prognosis-based projection (spend + the prognosis of the remaining months).
 * - The system's rule, after the 2027-2028 wording (004:L31-37): at the end of a quarter the imbalance between
 *   realisation and prognosis persists (realisation above the prognosis in at least `monthsAbove` of the quarter's
 *   three months, and above it for the year so far) and the projection exceeds the ceiling. An incidental monthly
 *   peak does not trigger.
 *
 * Every figure is in whole cents; the verdict's reason is Dutch, as the messages quote it. Pure.
 */
import { endsQuarter, type Month, monthNumber } from './months';

export interface DetectionRule {
  /** Months of the quarter in which realisation must exceed the prognosis (1-3). */
  monthsAbove: number;
  /** Realisation counts as above the prognosis only beyond this margin, in percent of the month's prognosis. */
  tolerancePercent: number;
}

export const DEFAULT_DETECTION: DetectionRule = { monthsAbove: 2, tolerancePercent: 0 };

export interface MonthFigures {
  month: Month;
  expectedCents: number;
  /** null while the month is not reported. */
  realisedCents: number | null;
}

export interface Projection {
  year: number;
  region: string;
  ceilingCents: number;
  /** The last month counted (all months before it reported), or null before the first report. */
  through: Month | null;
  monthsCounted: number;
  spentCents: number;
  expectedToDateCents: number;
  /** spent - expected to date: positive when realisation runs ahead of the prognosis. */
  imbalanceCents: number;
  /** Linear: spend so far extrapolated over the whole year. */
  projectedCents: number;
  /** Spend so far plus the prognosis of the remaining months. */
  projectedByPrognosisCents: number;
  /** ceiling - projection: negative when the projection exceeds the ceiling. */
  headroomCents: number;
  expectedSource: 'prognosis' | 'evenSpread';
  months: MonthFigures[];
}

export function project(input: {
  year: number;
  region: string;
  ceilingCents: number;
  months: readonly Month[];
  expectedCents: readonly number[];
  expectedSource: 'prognosis' | 'evenSpread';
  realisedCents: readonly (number | null)[];
}): Projection {
  const months: MonthFigures[] = input.months.map((month, k) => ({
    month,
    expectedCents: input.expectedCents[k] ?? 0,
    realisedCents: input.realisedCents[k] ?? null,
  }));
  // Months count from the year's start up to the first gap: a missing month is not read as zero production.
  let counted = 0;
  while (counted < months.length && months[counted]?.realisedCents !== null) counted++;
  const done = months.slice(0, counted);
  const spentCents = sum(done.map((m) => m.realisedCents ?? 0));
  const expectedToDateCents = sum(done.map((m) => m.expectedCents));
  const remainingExpected = sum(months.slice(counted).map((m) => m.expectedCents));
  const projectedCents = counted === 0 ? 0 : Math.round((spentCents / counted) * months.length);
  return {
    year: input.year,
    region: input.region,
    ceilingCents: input.ceilingCents,
    through: counted === 0 ? null : (months[counted - 1]?.month ?? null),
    monthsCounted: counted,
    spentCents,
    expectedToDateCents,
    imbalanceCents: spentCents - expectedToDateCents,
    projectedCents,
    projectedByPrognosisCents: spentCents + remainingExpected,
    headroomCents: input.ceilingCents - projectedCents,
    expectedSource: input.expectedSource,
    months,
  };
}

export interface ThreatVerdict {
  threatened: boolean;
  /** The quarter-end month the verdict is about, or null when the projection has not reached one. */
  quarterEnd: Month | null;
  monthsAbove: number;
  reason: string;
}

/**
 * The system's verdict at the latest quarter end the projection has reached. Before the first quarter end, or
 * between quarter ends, the verdict of the last one stands (an incidental monthly peak is not acted on).
 */
export function assessThreat(projection: Projection, rule: DetectionRule = DEFAULT_DETECTION): ThreatVerdict {
  const counted = projection.months.slice(0, projection.monthsCounted);
  let end = counted.length;
  while (end > 0 && !endsQuarter(counted[end - 1]?.month as Month)) end--;
  if (end < 3)
    return {
      threatened: false,
      quarterEnd: null,
      monthsAbove: 0,
      reason: 'nog geen volledig kwartaal gerapporteerd',
    };
  const quarter = counted.slice(end - 3, end);
  const quarterEnd = quarter[2]?.month as Month;
  const above = quarter.filter(
    (m) => (m.realisedCents ?? 0) > m.expectedCents * (1 + rule.tolerancePercent / 100),
  ).length;
  const upTo = counted.slice(0, end);
  const imbalance = sum(upTo.map((m) => m.realisedCents ?? 0)) - sum(upTo.map((m) => m.expectedCents));
  const spent = sum(upTo.map((m) => m.realisedCents ?? 0));
  const projected = Math.round((spent / end) * projection.months.length);
  const q = `Kwartaal ${Math.ceil(monthNumber(quarterEnd) / 3)} van ${projection.year}`;
  if (above < rule.monthsAbove)
    return {
      threatened: false,
      quarterEnd,
      monthsAbove: above,
      reason: `${q}: realisatie boven de prognose in ${above} van de 3 maanden (de regel vraagt ${rule.monthsAbove}): incidenteel, niet structureel.`,
    };
  if (imbalance <= 0)
    return {
      threatened: false,
      quarterEnd,
      monthsAbove: above,
      reason: `${q}: de realisatie ligt over het jaar tot nu toe niet boven de prognose.`,
    };
  if (projected <= projection.ceilingCents)
    return {
      threatened: false,
      quarterEnd,
      monthsAbove: above,
      reason: `${q}: de realisatie loopt voor op de prognose, maar de verwachting voor het jaar blijft binnen het budgetplafond.`,
    };
  return {
    threatened: true,
    quarterEnd,
    monthsAbove: above,
    reason:
      `${q}: realisatie boven de prognose in ${above} van de 3 maanden en over het jaar tot nu toe; ` +
      `de verwachting voor het jaar ligt boven het budgetplafond.`,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * The projection that transfers, reviews and a giver's headroom count on: the linear one once months are reported,
 * the prognosis (or the even spread of the ceiling) before any is, so a provider that has not reported yet does not
 * look as if its whole ceiling were room to spare.
 */
export function positionProjection(p: Projection): number {
  return p.monthsCounted === 0 ? p.projectedByPrognosisCents : p.projectedCents;
}
