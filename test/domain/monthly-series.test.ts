/** A contract's budget month by month: spend where reported, the prognosis where one was given. */
import { openLedger } from '../../domain/budget/ledger';
import { monthlySeries } from '../../domain/budget/monthly-series';
import type { ProductionEntry } from '../../domain/budget/production';

const figure = (valueCents: number) => ({
  hours: valueCents / 10_000,
  hourlyRate: 100,
  valueCents,
  reportedAt: '2027-02-01T10:00:00.000Z',
  by: 'provider' as const,
  note: null,
});

test('per region and contract year, twelve months each: spent, reported, prognosis', () => {
  const ledger = openLedger({
    span: { start: '2027-01-01', years: 2, timezone: 'Europe/Amsterdam' },
    regions: [
      { name: 'Nijmegen', ceiling: 120_000 },
      { name: 'Waardenland', ceiling: null },
    ],
    hourlyRate: 100,
    at: '2026-12-31T23:00:00.000Z',
  });
  ledger.production.push(
    { month: '2027-01', region: 'Nijmegen', current: figure(1_000_000), replaced: [] } as ProductionEntry,
    {
      month: '2027-02',
      region: 'Nijmegen',
      current: figure(1_250_000),
      replaced: [figure(1)],
    } as ProductionEntry,
  );
  ledger.prognoses.push({
    year: 2027,
    region: 'Nijmegen',
    monthsCents: Array.from({ length: 12 }, (_, k) => 900_000 + k),
    totalCents: 0,
    receivedAt: '2027-01-05T10:00:00.000Z',
    replaced: [],
  });

  const series = monthlySeries(ledger);
  expect(series).toHaveLength(2 * 2 * 12);
  expect(series.slice(0, 3)).toEqual([
    {
      region: 'Nijmegen',
      year: 2027,
      month: '2027-01',
      spentCents: 1_000_000,
      reported: true,
      prognosisCents: 900_000,
    },
    {
      region: 'Nijmegen',
      year: 2027,
      month: '2027-02',
      spentCents: 1_250_000,
      reported: true,
      prognosisCents: 900_001,
    },
    {
      region: 'Nijmegen',
      year: 2027,
      month: '2027-03',
      spentCents: 0,
      reported: false,
      prognosisCents: 900_002,
    },
  ]);
  // Without a prognosis for the year there is none to show (the ceiling's even spread is not the provider's).
  expect(series[12]).toEqual({
    region: 'Nijmegen',
    year: 2028,
    month: '2028-01',
    spentCents: 0,
    reported: false,
    prognosisCents: null,
  });
  expect(series.slice(24).map((p) => [p.region, p.month])).toEqual(
    [2027, 2028].flatMap((y) =>
      Array.from({ length: 12 }, (_, k) => ['Waardenland', `${y}-${String(k + 1).padStart(2, '0')}`]),
    ),
  );
});
