/**
 * One provider's budget for the contract period: the ceiling per region per contract year (provisional, then final,
 * and every change with its reason), the tariff per year, the prognoses and the production reported. The
 * contract-period workflow keeps a ledger and carries it over continue-as-new; everything here is pure.
 */
import { toCents } from './money';
import { type ContractSpan, contractYears, monthsOfYear } from './months';
import { monthlyValues, type ProductionContext, type ProductionEntry } from './production';
import { expectedSpread, type Prognosis } from './prognosis';
import { type Projection, project } from './projection';

export interface CeilingChange {
  at: string;
  by: string;
  /** 'provisional' at the start, 'final' when the zorgkantoor fixes it, or the ladder step that moved it. */
  kind: 'provisional' | 'final' | 'transfer' | 'vws' | 'correction';
  fromCents: number;
  toCents: number;
  reason: string;
  /** The business event that made the change (a transfer's half, say): applied once, even across runs. */
  id?: string;
}

export interface Ceiling {
  region: string;
  year: number;
  cents: number;
  final: boolean;
  changes: CeilingChange[];
}

export interface Ledger {
  span: ContractSpan;
  regions: string[];
  /** Euros per hour by contract year. */
  tariffs: Record<string, number>;
  ceilings: Ceiling[];
  prognoses: Prognosis[];
  production: ProductionEntry[];
}

/**
 * The ledger at contract start: the contract's provisional ceiling per region for each contract year (a region the
 * selection gave no ceiling starts at zero until the final one is set), the first year's tariff and any later known.
 */
export function openLedger(input: {
  span: ContractSpan;
  regions: { name: string; ceiling: number | null }[];
  hourlyRate: number;
  tariffByYear?: Record<string, number>;
  at: string;
}): Ledger {
  const years = contractYears(input.span);
  const tariffs: Record<string, number> = { [String(years[0])]: input.hourlyRate };
  for (const year of years.slice(1))
    tariffs[String(year)] = input.tariffByYear?.[String(year)] ?? input.hourlyRate;
  const ceilings = years.flatMap((year) =>
    input.regions.map((r) => {
      const cents = r.ceiling === null ? 0 : toCents(r.ceiling);
      return {
        region: r.name,
        year,
        cents,
        final: false,
        changes: [
          {
            at: input.at,
            by: 'system',
            kind: 'provisional' as const,
            fromCents: 0,
            toCents: cents,
            reason: 'voorlopig budgetplafond uit de overeenkomst',
          },
        ],
      };
    }),
  );
  return {
    span: input.span,
    regions: input.regions.map((r) => r.name),
    tariffs,
    ceilings,
    prognoses: [],
    production: [],
  };
}

export function ceilingOf(ledger: Ledger, region: string, year: number): Ceiling | undefined {
  return ledger.ceilings.find((c) => c.region === region && c.year === year);
}

/** Changes a ceiling, keeping the change with who, when and why. */
export function changeCeiling(
  ledger: Ledger,
  region: string,
  year: number,
  change: Omit<CeilingChange, 'fromCents'>,
): Ceiling {
  const ceiling = ceilingOf(ledger, region, year);
  if (!ceiling) throw new Error(`no ceiling for ${region} in ${year}`);
  ceiling.changes.push({ ...change, fromCents: ceiling.cents });
  ceiling.cents = change.toCents;
  if (change.kind === 'final') ceiling.final = true;
  return ceiling;
}

/** Whether the change with this business-event id was already made to any ceiling of the ledger. */
export function hasChange(ledger: Ledger, id: string): boolean {
  return ledger.ceilings.some((c) => c.changes.some((change) => change.id === id));
}

export function productionContext(ledger: Ledger): ProductionContext {
  return {
    ...ledger.span,
    regions: ledger.regions,
    hourlyRate: (year) => ledger.tariffs[String(year)] ?? Number.NaN,
  };
}

export function projectionOf(ledger: Ledger, region: string, year: number): Projection {
  const months = monthsOfYear(ledger.span, year);
  const ceilingCents = ceilingOf(ledger, region, year)?.cents ?? 0;
  const prognosis = ledger.prognoses.find((p) => p.region === region && p.year === year);
  const spread = expectedSpread(ledger.span, prognosis, year, ceilingCents);
  return project({
    year,
    region,
    ceilingCents,
    months,
    expectedCents: spread.cents,
    expectedSource: spread.source,
    realisedCents: monthlyValues(ledger.production, region, months),
  });
}
