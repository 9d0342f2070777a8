/**
 * A contract's budget month by month, for a chart: per region and contract year, what was spent in each month (the
 * production that counts, valued at the year's tariff) beside the provider's prognosis for it. Read from the ledger
 * with the same projection the ladder uses. Pure.
 */
import { type Ledger, projectionOf } from './ledger';
import { contractYears, type Month } from './months';

export interface MonthPoint {
  region: string;
  year: number;
  month: Month;
  /** Production of the month in cents; 0 while it is not reported. */
  spentCents: number;
  /** Whether the month's production was reported. */
  reported: boolean;
  /** The prognosis for the month in cents; null when the provider gave none for the year (the ceiling spreads evenly). */
  prognosisCents: number | null;
}

export function monthlySeries(ledger: Ledger): MonthPoint[] {
  const years = contractYears(ledger.span);
  return ledger.regions.flatMap((region) =>
    years.flatMap((year) => {
      const projection = projectionOf(ledger, region, year);
      const byPrognosis = projection.expectedSource === 'prognosis';
      return projection.months.map((m) => ({
        region,
        year,
        month: m.month,
        spentCents: m.realisedCents ?? 0,
        reported: m.realisedCents !== null,
        prognosisCents: byPrognosis ? m.expectedCents : null,
      }));
    }),
  );
}
