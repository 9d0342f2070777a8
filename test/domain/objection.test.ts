/**
 * Objection and kort-geding terms, measured from what actually happened, to the millisecond, across the end of
 * summer time; and the legal register's rows and warnings.
 */
import { DateTime } from 'luxon';
import { legalRows } from '../../domain/legal-register';
import {
  answerDue,
  kortGedingTerm,
  type ObjectionRecord,
  objectionTerm,
  objectionToAnswer,
  refuseKortGeding,
  refuseObjection,
} from '../../domain/objection';
import { isOnTime } from '../../domain/terms';
import { WorkingDayCalendar } from '../../domain/working-days';
import { example2024 } from '../helpers/configs';

const config = example2024();
const calendar = new WorkingDayCalendar([{ date: '2023-12-25', name: 'Eerste Kerstdag' }]);
const local = (text: string) => DateTime.fromISO(text, { zone: 'Europe/Amsterdam' }).toMillis();

describe('the objection term runs from the day the announcement was actually sent', () => {
  test('sent on the planned day: through 29 September 2023, 24:00', () => {
    const term = objectionTerm(config, local('2023-09-15T09:00:03'), calendar);
    expect(term.lastDay).toBe('2023-09-29');
    expect(new Date(term.endsAt).toISOString()).toBe('2023-09-29T22:00:00.000Z');
    expect(isOnTime(local('2023-09-29T23:59:59.999'), term.endsAt)).toBe(true);
    expect(isOnTime(local('2023-09-30T00:00:00.000'), term.endsAt)).toBe(false);
  });

  test('sent a day late (the mail server was down): the term ends a day later', () => {
    const term = objectionTerm(config, local('2023-09-16T08:12:00'), calendar);
    expect(term.lastDay).toBe('2023-09-30');
    expect(new Date(term.endsAt).toISOString()).toBe('2023-09-30T22:00:00.000Z');
    expect(term.warnings).toEqual(['last day Saturday 30 September 2023 is not a working day (Saturday)']);
  });

  test('sent at 23:59:59.999 local: that day still counts as the day of the announcement', () => {
    expect(objectionTerm(config, local('2023-09-15T23:59:59.999'), calendar).lastDay).toBe('2023-09-29');
    expect(objectionTerm(config, local('2023-09-16T00:00:00.000'), calendar).lastDay).toBe('2023-09-30');
  });
});

describe('the kort-geding term', () => {
  test('an answer on Sunday 15 October 2023 gives a term through 29 October, the day summer time ends', () => {
    const term = kortGedingTerm(config, local('2023-10-15T16:00'), calendar);
    expect(term.lastDay).toBe('2023-10-29');
    // 30 October 00:00 CET, not 24 hours after 29 October 00:00 CEST.
    expect(new Date(term.endsAt).toISOString()).toBe('2023-10-29T23:00:00.000Z');
    expect(isOnTime(Date.parse('2023-10-29T22:59:59.999Z'), term.endsAt)).toBe(true);
    expect(isOnTime(Date.parse('2023-10-29T23:00:00.000Z'), term.endsAt)).toBe(false);
  });
});

describe('answers and kort gedingen', () => {
  const record = (over: Partial<ObjectionRecord>): ObjectionRecord => ({
    number: 1,
    receivedAt: '2023-09-20T10:00:00.000Z',
    onTime: true,
    regions: ['Drenthe'],
    text: 'Wij zijn het niet eens.',
    files: [],
    termEndsAt: '2023-09-29T22:00:00.000Z',
    receiptCode: null,
    answerDueAt: '2023-10-15T22:00:00.000Z',
    answer: null,
    kortGeding: null,
    ...over,
  });

  test('the answer is due at the scheduled deadline, or objectionDays after an objection filed later', () => {
    expect(new Date(answerDue(config, local('2023-09-20T10:00'), calendar)).toISOString()).toBe(
      '2023-10-15T22:00:00.000Z',
    );
    // After a revised announcement an objection may come after the scheduled deadline.
    expect(new Date(answerDue(config, local('2023-10-20T10:00'), calendar)).toISOString()).toBe(
      '2023-11-03T23:00:00.000Z',
    );
  });

  test('a late objection gets no answer; an answered one is not answered twice', () => {
    expect(objectionToAnswer([record({ onTime: false })], 1)).toEqual({
      ok: false,
      rule: expect.stringMatching(/after the objection term: the right had lapsed/),
    });
    expect(objectionToAnswer([record({ onTime: false }), record({ number: 2 })], undefined)).toMatchObject({
      ok: true,
      objection: { number: 2 },
    });
    expect(objectionToAnswer([], undefined)).toMatchObject({ ok: false });
  });

  test('an objection needs an announced decision and names only its regions', () => {
    expect(refuseObjection(null, {})).toMatch(/no announced decision/);
    expect(refuseObjection(['Drenthe'], { regions: ['Zwolle'] })).toMatch(/^regions: "Zwolle" was not part/);
    expect(refuseObjection(['Drenthe'], {})).toBeNull();
  });

  test('a kort geding follows an answer, is served in the past and not before the answer', () => {
    const answered = record({
      answer: {
        outcome: 'rejected',
        text: 'Ongegrond.',
        recordedAt: '2023-10-10T10:00:00.000Z',
        sentAt: '2023-10-10T10:00:01.000Z',
        kortGedingDeadline: '2023-10-24T22:00:00.000Z',
        kortGedingLastDay: '2023-10-24',
        kortGedingWarnings: [],
      },
    });
    const now = local('2023-10-20T12:00');
    expect(refuseKortGeding(config, [record({})], { servedOn: '2023-10-19' }, now)).toMatch(
      /no answered objection/,
    );
    expect(refuseKortGeding(config, [answered], { servedOn: '2023-10-21' }, now)).toMatch(
      /lies in the future/,
    );
    expect(refuseKortGeding(config, [answered], { servedOn: '2023-10-09' }, now)).toMatch(
      /before the answer/,
    );
    expect(refuseKortGeding(config, [answered], { servedOn: '2023-10-19' }, now)).toBeNull();
  });

  test('the register warns of a term ending on a weekend, an overdue answer and a late objection', () => {
    const rows = legalRows({
      providerId: 'p1',
      provider: 'Aanbieder 1',
      objections: [
        record({}),
        record({ number: 2, onTime: false, answerDueAt: null, receivedAt: '2023-09-30T08:00:00.000Z' }),
      ],
      zone: config.timezone,
      calendar,
      nowMs: Date.parse('2023-10-16T08:00:00Z'),
    });
    expect(rows[0]?.warnings).toEqual([
      'the answer term ends on Sunday 15 October 2023, not a working day (Sunday)',
      'answer overdue',
    ]);
    expect(rows[1]?.warnings).toEqual(['received after the objection term: the right had lapsed']);
    expect(rows[1]).toMatchObject({ onTime: false, answerDueAt: null, outcome: null });
  });
});
