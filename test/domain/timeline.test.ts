import { dutchDateTime } from '../../domain/dutch-format';
import { holidaysForCycle } from '../../domain/holidays';
import { shiftConfigByYears, yearsToFuture } from '../../domain/shift';
import { planTimeline } from '../../domain/timeline';
import { example2024, example2027 } from '../helpers/configs';

test('the 2024-2025 example gives the policy dates, in time order, with their warnings', () => {
  const config = example2024();
  const milestones = planTimeline(config, holidaysForCycle(config));
  const byKey = Object.fromEntries(milestones.map((m) => [m.key, m]));
  expect(milestones.map((m) => m.key)).toEqual([
    'publication',
    'questionDeadline',
    'nviPublication',
    'submissionDeadline',
    'assessmentStart',
    'announcement',
    'objectionDeadline',
    'objectionAnswerDeadline',
    'contractDispatch',
    'kortGedingDeadline',
    'contractStart',
    'contractEnd',
  ]);
  const times = milestones.map((m) => Date.parse(m.at));
  expect([...times].sort((a, b) => a - b)).toEqual(times);

  expect(byKey.questionDeadline?.at).toBe('2023-06-17T10:00:00.000Z');
  expect(byKey.questionDeadline?.warnings).toEqual([
    'falls on Saturday 17 June 2023, not a working day (Saturday)',
  ]);
  expect(byKey.submissionDeadline?.local).toBe('2023-08-01T17:00:00.000+02:00');
  // Objection term through Friday 29 September 2023 (000:L885).
  expect(byKey.objectionDeadline?.at).toBe('2023-09-29T22:00:00.000Z');
  expect(byKey.objectionDeadline?.display).toBe('vrijdag 29 september 2023, 24:00 uur');
  expect(byKey.objectionDeadline?.warnings).toEqual([]);
  // The answer is due "uiterlijk 15 oktober 2023", a Sunday.
  expect(byKey.objectionAnswerDeadline?.display).toBe('zondag 15 oktober 2023, 24:00 uur');
  expect(byKey.objectionAnswerDeadline?.warnings).toEqual([
    'falls on Sunday 15 October 2023, not a working day (Sunday)',
  ]);
  // Kort-geding term through Sunday 29 October 2023, ending at local midnight on the day summer time ends.
  expect(byKey.kortGedingDeadline?.at).toBe('2023-10-29T23:00:00.000Z');
  expect(byKey.kortGedingDeadline?.local).toBe('2023-10-30T00:00:00.000+01:00');
  expect(byKey.kortGedingDeadline?.warnings).toEqual([
    'last day Sunday 29 October 2023 is not a working day (Sunday)',
  ]);
  expect(byKey.contractStart?.at).toBe('2023-12-31T23:00:00.000Z');
  expect(byKey.contractEnd?.display).toBe('woensdag 31 december 2025, 24:00 uur');
  expect(byKey.withdrawalDeadline).toBeUndefined();
});

test('a provisional tariff adds the withdrawal term, four weeks after the announcement day', () => {
  const config = example2027();
  const withdrawal = planTimeline(config, holidaysForCycle(config)).find(
    (m) => m.key === 'withdrawalDeadline',
  );
  expect(withdrawal?.at).toBe('2026-10-13T22:00:00.000Z'); // through Tuesday 13 October 2026
  expect(withdrawal?.basis).toMatch(/^announcement \+ 4 weeks/);
});

test('extendToWorkingDay moves a derived term off the weekend, never a schedule entry', () => {
  const base = example2024();
  const config = { ...base, terms: { ...base.terms, extendToWorkingDay: true } };
  const byKey = Object.fromEntries(planTimeline(config, holidaysForCycle(config)).map((m) => [m.key, m]));
  expect(byKey.kortGedingDeadline?.at).toBe('2023-10-30T23:00:00.000Z'); // Monday 30 October
  expect(byKey.kortGedingDeadline?.warnings[0]).toContain('extended to Monday 30 October 2023');
  expect(byKey.objectionAnswerDeadline?.at).toBe('2023-10-15T22:00:00.000Z');
});

test('Dutch long form states the weekday, the date and the time with "uur"', () => {
  expect(dutchDateTime(Date.parse('2023-09-29T22:00:00Z'), 'Europe/Amsterdam', 'deadline')).toBe(
    'vrijdag 29 september 2023, 24:00 uur',
  );
  expect(dutchDateTime(Date.parse('2023-09-29T22:00:00Z'), 'Europe/Amsterdam', 'event')).toBe(
    'zaterdag 30 september 2023, 00:00 uur',
  );
  expect(dutchDateTime(Date.parse('2023-08-01T15:00:00Z'), 'Europe/Amsterdam')).toBe(
    'dinsdag 1 augustus 2023, 17:00 uur',
  );
});

test('a 28-year shift keeps weekdays and the summer-time day, and stops before 2100', () => {
  const base = example2024();
  const shifted = shiftConfigByYears(base, 28);
  expect(shifted.schedule.submissionDeadline).toBe('2051-08-01T17:00');
  expect(shifted.contract.start).toBe('2052-01-01');
  const byKey = Object.fromEntries(planTimeline(shifted, []).map((m) => [m.key, m]));
  expect(byKey.objectionDeadline?.display).toBe('vrijdag 29 september 2051, 24:00 uur');
  expect(byKey.kortGedingDeadline?.at).toBe('2051-10-29T23:00:00.000Z'); // still the day summer time ends
  expect(yearsToFuture(base, Date.parse('2026-11-22T00:00:00Z'))).toBe(28);
  expect(yearsToFuture(base, Date.parse('2023-05-01T00:00:00Z'))).toBe(0);
  expect(() => yearsToFuture(base, Date.parse('2080-01-01T00:00:00Z'))).toThrow('only until 2100');
});
