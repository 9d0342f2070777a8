/**
 * The contract period's months, money, production reports and prognoses: every refusal names its field and rule,
 * month boundaries are local midnights (across summer time), and a correction keeps what it replaced.
 */
import { DateTime } from 'luxon';
import { changeCeiling, openLedger, productionContext, projectionOf } from '../../domain/budget/ledger';
import { valueCents } from '../../domain/budget/money';
import {
  contractMonths,
  contractYearOf,
  contractYears,
  daysAfterMonth,
  monthEnd,
  monthsOfYear,
} from '../../domain/budget/months';
import {
  type ProductionContext,
  type ProductionEntry,
  ProductionInputSchema,
  recordProduction,
  refuseProduction,
} from '../../domain/budget/production';
import {
  expectedSpread,
  type Prognosis,
  PrognosisInputSchema,
  recordPrognosis,
  refusePrognosis,
} from '../../domain/budget/prognosis';

const zone = 'Europe/Amsterdam';
const local = (text: string) => DateTime.fromISO(text, { zone }).toMillis();
const span = { start: '2027-01-01', years: 2, timezone: zone };
const context: ProductionContext = {
  ...span,
  regions: ['Nijmegen', 'Waardenland'],
  hourlyRate: (year) => (year === 2027 ? 85.73 : 88.1),
};

function report(fields: Record<string, unknown>) {
  return ProductionInputSchema.safeParse({
    receivedAt: '2027-04-02T08:00:00.000Z',
    by: 'provider',
    month: '2027-03',
    region: 'Nijmegen',
    hours: 120,
    ...fields,
  });
}

function problem(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  expect(result.success).toBe(false);
  const issue = result.error?.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
}

describe('months of a two-year contract from 1 January 2027', () => {
  test('24 months in two contract years, named by their calendar year', () => {
    const months = contractMonths(span);
    expect(months).toHaveLength(24);
    expect([months[0], months[23]]).toEqual(['2027-01', '2028-12']);
    expect(contractYears(span)).toEqual([2027, 2028]);
    expect(monthsOfYear(span, 2028)[0]).toBe('2028-01');
    expect(monthsOfYear(span, 2029)).toEqual([]);
    expect([contractYearOf(span, '2028-07'), contractYearOf(span, '2029-01')]).toEqual([2028, null]);
  });

  test('a contract from 1 July runs its years from July', () => {
    const july = { start: '2027-07-01', years: 2, timezone: zone };
    expect(contractYears(july)).toEqual([2027, 2028]);
    expect(monthsOfYear(july, 2027)).toEqual(contractMonths(july).slice(0, 12));
    expect(contractYearOf(july, '2028-06')).toBe(2027);
  });

  test('March ends at local midnight in summer time; a report is due ten calendar days later', () => {
    expect(new Date(monthEnd('2027-03', zone)).toISOString()).toBe('2027-03-31T22:00:00.000Z');
    expect(new Date(monthEnd('2027-10', zone)).toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(new Date(daysAfterMonth('2027-03', 10, zone)).toISOString()).toBe('2027-04-10T22:00:00.000Z');
  });
});

describe('the value of production is hours x the tariff of the contract year, in whole cents', () => {
  test('half a cent rounds up, once per report', () => {
    expect(valueCents(12.5, 85.73)).toBe(107_163); // 1071.625
    expect(valueCents(120, 85.73)).toBe(1_028_760);
    expect(valueCents(1.5, 0.03)).toBe(5); // 4.5 cents
    expect(valueCents(0.01, 0.01)).toBe(0);
  });
});

describe('a production report', () => {
  test('bad figures are refused by the schema, naming the field', () => {
    expect(problem(report({ hours: -1 }))).toBe('hours: must not be negative (hours delivered in the month)');
    expect(problem(report({ hours: '120' }))).toBe('hours: must be a number of hours');
    expect(problem(report({ hours: 1.005 }))).toBe('hours: must be hours with at most two decimals');
    expect(problem(report({ month: '2027-3' }))).toBe('month: must be a month as "YYYY-MM"');
    expect(problem(report({ month: '2027-13' }))).toBe('month: must be a month as "YYYY-MM"');
    expect(problem(report({ by: 'someone' }))).toBe('by: must be provider or officer');
  });

  test('refused for a region not contracted, hours booked for another region, a month outside the contract', () => {
    const refuse = (fields: Record<string, unknown>, at = local('2027-04-02T10:00')) => {
      const parsed = report(fields);
      if (!parsed.success) throw parsed.error;
      return refuseProduction(context, parsed.data, at);
    };
    expect(refuse({})).toBeNull();
    expect(refuse({ region: 'Utrecht' })).toBe(
      'region: "Utrecht" is not contracted with this provider (contracted: Nijmegen, Waardenland)',
    );
    expect(refuse({ clientRegion: 'Waardenland' })).toBe(
      'clientRegion: hours for clients of Waardenland may not be booked on Nijmegen; report them on Waardenland',
    );
    expect(refuse({ clientRegion: 'Utrecht' })).toMatch(/a region this provider is not contracted for$/);
    expect(refuse({ month: '2026-12' })).toBe('month: 2026-12 is outside the contract (2027-01 to 2028-12)');
    expect(refuse({ month: '2029-01' }, local('2029-02-01T10:00'))).toBe(
      'month: 2029-01 is outside the contract (2027-01 to 2028-12)',
    );
  });

  test('a month can be reported from its last millisecond on: not one millisecond before', () => {
    const parsed = report({});
    if (!parsed.success) throw parsed.error;
    const end = local('2027-04-01T00:00');
    expect(refuseProduction(context, parsed.data, end - 1)).toBe(
      'month: 2027-03 has not ended yet; its production can be reported from 2027-03-31T22:00:00.000Z',
    );
    expect(refuseProduction(context, parsed.data, end)).toBeNull();
  });

  test('a correction replaces the month figure and keeps the old one; the second year has its own tariff', () => {
    const entries: ProductionEntry[] = [];
    const input = (fields: Record<string, unknown>) => {
      const parsed = report(fields);
      if (!parsed.success) throw parsed.error;
      return parsed.data;
    };
    recordProduction(entries, context, input({}));
    const corrected = recordProduction(
      entries,
      context,
      input({ hours: 110, by: 'officer', note: 'dubbel geboekt', receivedAt: '2027-04-20T08:00:00Z' }),
    );
    expect(entries).toHaveLength(1);
    expect(corrected.current).toMatchObject({
      hours: 110,
      valueCents: 943_030,
      by: 'officer',
      note: 'dubbel geboekt',
    });
    expect(corrected.replaced).toEqual([expect.objectContaining({ hours: 120, valueCents: 1_028_760 })]);
    const later = recordProduction(entries, context, input({ month: '2028-01', hours: 10 }));
    expect(later.current).toMatchObject({ hourlyRate: 88.1, valueCents: 88_100 });
  });
});

describe('a prognosis', () => {
  const parse = (fields: Record<string, unknown>) =>
    PrognosisInputSchema.safeParse({
      receivedAt: '2027-01-10T08:00:00Z',
      year: 2027,
      region: 'Nijmegen',
      months: Array(12).fill(10_000),
      ...fields,
    });

  test('twelve amounts in whole cents, for a contract year and a contracted region', () => {
    expect(problem(parse({ months: [1, 2, 3] }))).toBe(
      'months: must list 12 monthly amounts, the first month of the contract year first',
    );
    expect(problem(parse({ months: [...Array(11).fill(1), -5] }))).toBe(
      'months.11: must not be negative (an amount in euros)',
    );
    const refuse = (fields: Record<string, unknown>, regions = context.regions) => {
      const parsed = parse(fields);
      if (!parsed.success) throw parsed.error;
      return refusePrognosis({ ...span, regions }, parsed.data);
    };
    expect(refuse({})).toBeNull();
    expect(refuse({ year: 2029 })).toBe('year: 2029 is not a contract year (2027, 2028)');
    expect(refuse({ region: undefined })).toBe(
      'region: required, this provider is contracted for Nijmegen, Waardenland',
    );
    expect(refuse({ region: undefined }, ['Nijmegen'])).toBeNull();
    expect(refuse({ region: 'Utrecht' })).toMatch(/^region: "Utrecht" is not contracted/);
  });

  test('a new prognosis replaces the old one, which stays in the record', () => {
    const list: Prognosis[] = [];
    const input = (months: number[]) => {
      const parsed = parse({ months });
      if (!parsed.success) throw parsed.error;
      return parsed.data;
    };
    recordPrognosis(list, { ...span, regions: context.regions }, input(Array(12).fill(10_000)));
    const p = recordPrognosis(list, { ...span, regions: context.regions }, input(Array(12).fill(12_000.5)));
    expect(list).toHaveLength(1);
    expect(p.totalCents).toBe(14_400_600);
    expect(p.replaced[0]?.monthsCents[0]).toBe(1_000_000);
  });

  test('without a prognosis the ceiling is spread evenly, in whole cents that add up to it', () => {
    const spread = expectedSpread(span, undefined, 2027, 100_000_01);
    expect(spread.source).toBe('evenSpread');
    expect(spread.cents.reduce((a, b) => a + b, 0)).toBe(100_000_01);
    expect(Math.max(...spread.cents) - Math.min(...spread.cents)).toBeLessThanOrEqual(1);
  });
});

describe('the ledger', () => {
  const open = () =>
    openLedger({
      span,
      regions: [
        { name: 'Nijmegen', ceiling: 120_000 },
        { name: 'Waardenland', ceiling: null },
      ],
      hourlyRate: 85.73,
      tariffByYear: { '2028': 88.1 },
      at: '2027-01-01T00:00:00.000Z',
    });

  test('opens with the provisional ceilings for every contract year and the tariff per year', () => {
    const ledger = open();
    expect(ledger.tariffs).toEqual({ '2027': 85.73, '2028': 88.1 });
    expect(ledger.ceilings.map((c) => [c.region, c.year, c.cents, c.final])).toEqual([
      ['Nijmegen', 2027, 120_000_00, false],
      ['Waardenland', 2027, 0, false],
      ['Nijmegen', 2028, 120_000_00, false],
      ['Waardenland', 2028, 0, false],
    ]);
  });

  test('a ceiling change keeps who, when, why and the amount before', () => {
    const ledger = open();
    const c = changeCeiling(ledger, 'Nijmegen', 2027, {
      at: '2027-03-01T10:00:00.000Z',
      by: 'M. de Vries',
      kind: 'final',
      toCents: 130_000_00,
      reason: 'definitief plafond',
    });
    expect(c).toMatchObject({ cents: 130_000_00, final: true });
    expect(c.changes[1]).toMatchObject({ fromCents: 120_000_00, toCents: 130_000_00, by: 'M. de Vries' });
  });

  test('the projection compares production with the prognosis, or with an even spread of the ceiling', () => {
    const ledger = open();
    const parsed = ProductionInputSchema.parse({
      receivedAt: '2027-02-02T08:00:00.000Z',
      by: 'provider',
      month: '2027-01',
      region: 'Nijmegen',
      hours: 140,
    });
    recordProduction(ledger.production, productionContext(ledger), parsed);
    const even = projectionOf(ledger, 'Nijmegen', 2027);
    expect(even).toMatchObject({
      expectedSource: 'evenSpread',
      spentCents: 1_200_220,
      expectedToDateCents: 10_000_00,
    });
    recordPrognosis(
      ledger.prognoses,
      { ...span, regions: ledger.regions },
      PrognosisInputSchema.parse({
        receivedAt: '2027-01-10T08:00:00Z',
        year: 2027,
        region: 'Nijmegen',
        months: [12_000, ...Array(11).fill(9_818.18)],
      }),
    );
    expect(projectionOf(ledger, 'Nijmegen', 2027)).toMatchObject({
      expectedSource: 'prognosis',
      expectedToDateCents: 12_000_00,
      imbalanceCents: 2_20,
    });
  });
});
