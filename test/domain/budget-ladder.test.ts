/**
 * Projection and the overrun rule (a structural imbalance at a quarter end triggers, an incidental peak does not),
 * transfer proposals and their limits, the escalation ladder's steps and deadlines, and the obligations calendar.
 */
import { DateTime } from 'luxon';
import { DEFAULT_LADDER_TERMS, moveTo, nextStep, openCase, refuseUnlessAt } from '../../domain/budget/ladder';
import { monthsOfYear } from '../../domain/budget/months';
import { planObligations } from '../../domain/budget/obligations';
import { assessThreat, positionProjection, project } from '../../domain/budget/projection';
import { distributeGrant, proposeTransfer, refuseTransfer } from '../../domain/budget/transfer';

const zone = 'Europe/Amsterdam';
const local = (text: string) => DateTime.fromISO(text, { zone }).toMillis();
const utc = (ms: number) => new Date(ms).toISOString();
const span = { start: '2027-01-01', years: 2, timezone: zone };
const months = monthsOfYear(span, 2027);
const ceiling = 120_000_00; // € 120,000: € 10,000 a month evenly
const even = Array(12).fill(10_000_00);

function projection(realised: (number | null)[]) {
  return project({
    year: 2027,
    region: 'Nijmegen',
    ceilingCents: ceiling,
    months,
    expectedCents: even,
    expectedSource: 'evenSpread',
    realisedCents: [...realised, ...Array(12 - realised.length).fill(null)],
  });
}

describe('projection', () => {
  test('year-to-date spend extrapolated over the year, and spend plus the rest of the prognosis', () => {
    const p = projection([11_000_00, 12_000_00, 13_000_00]);
    expect(p).toMatchObject({
      through: '2027-03',
      monthsCounted: 3,
      spentCents: 36_000_00,
      expectedToDateCents: 30_000_00,
      imbalanceCents: 6_000_00,
      projectedCents: 144_000_00,
      projectedByPrognosisCents: 126_000_00,
      headroomCents: -24_000_00,
    });
  });

  test('transfers count on the prognosis until a month is reported: no report is no room to give', () => {
    expect(positionProjection(projection([]))).toBe(120_000_00);
    expect(positionProjection(projection([8_000_00]))).toBe(96_000_00);
  });

  test('a month not reported stops the count: it is not read as no production', () => {
    const p = projection([11_000_00, null, 13_000_00]);
    expect(p).toMatchObject({ through: '2027-01', monthsCounted: 1, spentCents: 11_000_00 });
  });
});

describe('the system sees a threatened overrun only at a quarter end, when the imbalance persists', () => {
  test('a structural imbalance whose projection exceeds the ceiling triggers', () => {
    const verdict = assessThreat(projection([11_000_00, 12_000_00, 13_000_00]));
    expect(verdict).toMatchObject({ threatened: true, quarterEnd: '2027-03', monthsAbove: 3 });
    expect(verdict.reason).toContain('Kwartaal 1 van 2027');
  });

  test('an incidental monthly peak does not trigger, however high', () => {
    const verdict = assessThreat(projection([9_000_00, 30_000_00, 9_000_00]));
    expect(verdict).toMatchObject({ threatened: false, monthsAbove: 1 });
    expect(verdict.reason).toContain('incidenteel, niet structureel');
  });

  test('mid-quarter nothing is decided; the verdict is about the last full quarter', () => {
    expect(assessThreat(projection([15_000_00, 15_000_00])).quarterEnd).toBeNull();
    const april = assessThreat(projection([9_000_00, 9_000_00, 9_000_00, 40_000_00]));
    expect(april).toMatchObject({ threatened: false, quarterEnd: '2027-03' });
  });

  test('ahead of the prognosis but within the ceiling does not trigger; the rule is configurable', () => {
    const slight = projection([10_100_00, 10_100_00, 9_700_00]);
    expect(assessThreat(slight)).toMatchObject({ threatened: false });
    const twoAbove = projection([10_500_00, 10_500_00, 9_900_00]);
    expect(assessThreat(twoAbove)).toMatchObject({ threatened: true, monthsAbove: 2 });
    expect(assessThreat(twoAbove, { monthsAbove: 3, tolerancePercent: 0 })).toMatchObject({
      threatened: false,
    });
    expect(assessThreat(twoAbove, { monthsAbove: 2, tolerancePercent: 10 })).toMatchObject({
      threatened: false,
    });
  });
});

describe('overheveling', () => {
  const positions = [
    { providerId: 'a', region: 'Nijmegen', ceilingCents: 100_000_00, projectedCents: 130_000_00 },
    { providerId: 'b', region: 'Nijmegen', ceilingCents: 100_000_00, projectedCents: 90_000_00 },
    { providerId: 'c', region: 'Nijmegen', ceilingCents: 100_000_00, projectedCents: 95_000_00 },
    { providerId: 'd', region: 'Waardenland', ceilingCents: 200_000_00, projectedCents: 150_000_00 },
    { providerId: 'e', region: 'Waardenland', ceilingCents: 50_000_00, projectedCents: 60_000_00 },
  ];

  test('the same region first, largest headroom first, then other regions; the rest is uncovered', () => {
    const proposal = proposeTransfer(positions, 'a', 'Nijmegen');
    expect(proposal.shortfallCents).toBe(30_000_00);
    expect(proposal.from.map((f) => [f.providerId, f.amountCents, f.sameRegion])).toEqual([
      ['b', 10_000_00, true],
      ['c', 5_000_00, true],
      ['d', 15_000_00, false],
    ]);
    expect(proposal.uncoveredCents).toBe(0);
    expect(proposal.regions.map((r) => [r.region, r.headroomCents])).toEqual([
      ['Nijmegen', -15_000_00],
      ['Waardenland', 40_000_00],
    ]);
    const lonely = proposeTransfer(positions.slice(0, 1), 'a', 'Nijmegen');
    expect([lonely.from, lonely.uncoveredCents]).toEqual([[], 30_000_00]);
  });

  test('a transfer may not take more than the giver can spare, nor go to itself', () => {
    const t = { from: 'b', fromRegion: 'Nijmegen', to: 'a', toRegion: 'Nijmegen' };
    expect(refuseTransfer(positions, { ...t, amountCents: 10_000_00 })).toBeNull();
    expect(refuseTransfer(positions, { ...t, amountCents: 10_000_01 })).toBe(
      'amount: b has € 10000.00 headroom in Nijmegen (ceiling minus projection); a transfer may not push it over its own ceiling',
    );
    expect(refuseTransfer(positions, { ...t, amountCents: 0 })).toBe('amount: must be more than zero');
    expect(refuseTransfer(positions, { ...t, from: 'a', fromRegion: 'Nijmegen', amountCents: 1 })).toMatch(
      /^from:/,
    );
    expect(refuseTransfer(positions, { ...t, fromRegion: 'Waardenland', amountCents: 1 })).toBe(
      'from: b has no contract for Waardenland',
    );
  });
});

describe('the escalation ladder', () => {
  const open = () =>
    openCase({
      number: 1,
      region: 'Nijmegen',
      year: 2027,
      trigger: 'system',
      decision: { at: local('2027-10-20T09:00'), by: 'system', reason: 'Q3 2027: structural' },
      terms: DEFAULT_LADDER_TERMS,
      timezone: zone,
    });

  test('opens at maatwerk with a deadline 14 calendar days later in local time, across the end of summer time', () => {
    const c = open();
    expect(c.step).toBe('maatwerk');
    expect(c.stepDeadline).toBe(utc(local('2027-11-03T09:00')));
    expect(c.stepDeadline).toBe('2027-11-03T08:00:00.000Z');
    expect(c.transitions).toEqual([
      {
        from: 'none',
        to: 'maatwerk',
        at: '2027-10-20T07:00:00.000Z',
        by: 'system',
        reason: 'Q3 2027: structural',
      },
    ]);
  });

  test('each step leads to the next while the projection stays above the ceiling; within it, the case closes', () => {
    const c = open();
    expect(nextStep(c, false)).toBe('overheveling');
    moveTo(
      c,
      'overheveling',
      { at: local('2027-10-25T10:00'), by: 'M. de Vries', reason: 'geen maatwerk' },
      DEFAULT_LADDER_TERMS,
      zone,
    );
    expect(nextStep(c, false)).toBe('vws');
    moveTo(
      c,
      'vws',
      { at: local('2027-11-01T10:00'), by: 'M. de Vries', reason: 'geen ruimte' },
      DEFAULT_LADDER_TERMS,
      zone,
    );
    expect(c.stepDeadline).toBeNull();
    expect(nextStep(c, false)).toBe('referral');
    expect(nextStep(c, true)).toBe('none');
    const closed = moveTo(
      c,
      'none',
      { at: local('2027-11-20T10:00'), by: 'M. de Vries', reason: 'VWS kent toe' },
      DEFAULT_LADDER_TERMS,
      zone,
    );
    expect(closed).toMatchObject({ from: 'vws', to: 'none' });
    expect(c.closedAt).toBe(closed.at);
    expect(c.transitions.map((t) => t.to)).toEqual(['maatwerk', 'overheveling', 'vws', 'none']);
  });

  test('an input for another step is refused, naming the step the case is at', () => {
    const c = open();
    expect(refuseUnlessAt(c, 'maatwerk', 'agreements')).toBeNull();
    expect(refuseUnlessAt(c, 'vws', 'vwsOutcome')).toBe(
      'vwsOutcome: the case is at maatwerk (maatwerkoplossingen), not at vws (overleg met VWS)',
    );
    expect(refuseUnlessAt(undefined, 'maatwerk', 'agreements')).toBe(
      'agreements: there is no open overrun case for this region and year',
    );
  });
});

describe('the obligations calendar', () => {
  const terms = {
    reportDueDays: 10,
    reportOverdueDays: 20,
    prognosisDueDays: 31,
    prognosisReminderDays: 7,
    signalReportDueDays: 30,
    meetingsPerYear: 2,
    surveyDue: '12-01',
    bcmbMonths: 4,
    reminderDaysBefore: [14],
  };
  const list = planObligations(span, ['Nijmegen', 'Waardenland'], terms, true);
  const one = (id: string) => {
    const found = list.find((o) => o.id === id);
    if (!found) throw new Error(`no obligation ${id}`);
    return found;
  };

  test('production per region per month, signal reports per quarter, one prognosis per region per year', () => {
    expect(list.filter((o) => o.kind === 'production')).toHaveLength(48);
    expect(list.filter((o) => o.kind === 'signalReport')).toHaveLength(8);
    expect(list.filter((o) => o.kind === 'prognosis')).toHaveLength(4);
    expect(list.filter((o) => o.kind === 'meetings').map((o) => o.required)).toEqual([2, 2]);
  });

  test('instants are local midnights: March production reminded 10 April, overdue 20 April (summer time)', () => {
    const march = one('production:2027-03:Nijmegen');
    expect(march.remindAt.map(utc)).toEqual(['2027-04-10T22:00:00.000Z']);
    expect(utc(march.overdueAt)).toBe('2027-04-20T22:00:00.000Z');
    const q1 = one('signalReport:2027-Q1');
    expect(utc(q1.dueAt)).toBe('2027-04-30T22:00:00.000Z');
    expect(q1.remindAt.map(utc)).toEqual(['2027-04-16T22:00:00.000Z']);
  });

  test('the prognosis is due a month into the year and recalled weekly three times; the officer hears at the third', () => {
    const p = one('prognosis:2028:Waardenland');
    expect(utc(p.dueAt)).toBe('2028-01-31T23:00:00.000Z');
    expect(p.remindAt.map(utc)).toEqual([
      '2028-01-31T23:00:00.000Z',
      '2028-02-07T23:00:00.000Z',
      '2028-02-14T23:00:00.000Z',
    ]);
    expect(utc(p.overdueAt)).toBe('2028-02-14T23:00:00.000Z');
  });

  test('a new provider must be in the BCMB/Register four months from contract start', () => {
    const bcmb = one('bcmb:provider:2027-01-01');
    expect(utc(bcmb.dueAt)).toBe('2027-04-30T22:00:00.000Z');
    expect(planObligations(span, ['Nijmegen'], terms, false).some((o) => o.kind === 'bcmb')).toBe(false);
  });

  test('the survey is due on 1 December of each contract year', () => {
    expect(utc(one('survey:2028').dueAt)).toBe('2028-11-30T23:00:00.000Z');
  });
});

describe('extra funds from VWS', () => {
  test('shared in proportion to the shortfalls, in whole cents that add up to the grant', () => {
    const shared = distributeGrant(100_00, [
      { id: 'a', shortfallCents: 100_00 },
      { id: 'b', shortfallCents: 50_00 },
      { id: 'c', shortfallCents: 50_00 },
    ]);
    expect(shared.map((s) => s.grantedCents)).toEqual([50_00, 25_00, 25_00]);
    const odd = distributeGrant(1_00, [
      { id: 'a', shortfallCents: 1 },
      { id: 'b', shortfallCents: 1 },
      { id: 'c', shortfallCents: 1 },
    ]);
    expect(odd.map((s) => s.grantedCents)).toEqual([1, 1, 1]);
    const third = distributeGrant(100, [
      { id: 'a', shortfallCents: 300 },
      { id: 'b', shortfallCents: 300 },
      { id: 'c', shortfallCents: 300 },
    ]);
    expect(third.map((s) => s.grantedCents)).toEqual([34, 33, 33]);
  });

  test('more than the shortfalls is not handed out', () => {
    const shared = distributeGrant(1_000_00, [{ id: 'a', shortfallCents: 10_00 }]);
    expect(shared[0]?.grantedCents).toBe(10_00);
  });
});
