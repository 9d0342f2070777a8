import { DateTime } from 'luxon';
import { dutchPublicHolidays } from '../../domain/holidays';
import { isOnTime, termAfter } from '../../domain/terms';
import { WorkingDayCalendar } from '../../domain/working-days';

const zone = 'Europe/Amsterdam';
const calendar = new WorkingDayCalendar(dutchPublicHolidays(2022, 2027));
const rules = { zone, calendar, extendToWorkingDay: false };
const local = (text: string) => DateTime.fromISO(text, { zone }).toMillis();
const utc = (ms: number) => new Date(ms).toISOString();

describe('a term of N calendar days after an event', () => {
  test('announcement on 15 September 2023 gives an objection term through 29 September (policy 000:L885)', () => {
    const term = termAfter(local('2023-09-15T09:00'), 14, rules);
    expect(term.lastDay).toBe('2023-09-29');
    expect(utc(term.endsAt)).toBe('2023-09-29T22:00:00.000Z'); // 30 September 00:00 +02:00
    expect(term.warnings).toEqual([]);
  });

  test('the time of day of the event does not matter, only its local day', () => {
    const early = termAfter(local('2023-09-15T00:00'), 14, rules);
    const late = termAfter(local('2023-09-15T23:59:59.999'), 14, rules);
    expect(early.endsAt).toBe(late.endsAt);
    // 23:30 UTC on 14 September is already 15 September in Amsterdam.
    expect(termAfter(Date.parse('2023-09-14T22:30:00Z'), 14, rules).lastDay).toBe('2023-09-29');
  });

  test('one millisecond before the end is on time; the end itself and after are late', () => {
    const { endsAt } = termAfter(local('2023-09-15T09:00'), 14, rules);
    expect(isOnTime(endsAt - 1, endsAt)).toBe(true);
    expect(isOnTime(endsAt, endsAt)).toBe(false);
    expect(isOnTime(endsAt + 1, endsAt)).toBe(false);
    expect(utc(endsAt - 1)).toBe('2023-09-29T21:59:59.999Z');
  });

  test('a term ending on the day summer time ends closes at local midnight: 23:00 UTC, not 24 x 15 hours', () => {
    // Answer on Sunday 15 October 2023; kort-geding term through Sunday 29 October, the 25-hour day.
    const answer = local('2023-10-15T16:00');
    const term = termAfter(answer, 14, rules);
    expect(term.lastDay).toBe('2023-10-29');
    expect(utc(term.endsAt)).toBe('2023-10-29T23:00:00.000Z'); // 30 October 00:00 +01:00
    const naive = DateTime.fromMillis(answer, { zone }).startOf('day').toMillis() + 15 * 24 * 3_600_000;
    expect(term.endsAt - naive).toBe(3_600_000);
  });

  test('a term ending on the day summer time starts closes at local midnight: 22:00 UTC', () => {
    const term = termAfter(local('2023-03-12T10:00'), 14, rules);
    expect(term.lastDay).toBe('2023-03-26');
    expect(utc(term.endsAt)).toBe('2023-03-26T22:00:00.000Z'); // 27 March 00:00 +02:00
    expect(DateTime.fromMillis(term.endsAt, { zone }).toFormat('HH:mm ZZ')).toBe('00:00 +02:00');
  });

  test('a term that spans a summer-time change still counts calendar days', () => {
    const term = termAfter(local('2023-10-20T09:00'), 14, rules);
    expect(term.lastDay).toBe('2023-11-03');
    expect(utc(term.endsAt)).toBe('2023-11-03T23:00:00.000Z');
  });

  test('a term ending on a weekend carries a warning and keeps its date', () => {
    const term = termAfter(local('2023-10-01T10:00'), 14, rules);
    expect(term.lastDay).toBe('2023-10-15');
    expect(term.warnings).toEqual(['last day Sunday 15 October 2023 is not a working day (Sunday)']);
    expect(utc(term.endsAt)).toBe('2023-10-15T22:00:00.000Z');
  });

  test('a term ending on a public holiday carries a warning naming it', () => {
    const term = termAfter(local('2023-12-12T10:00'), 14, rules);
    expect(term.lastDay).toBe('2023-12-26');
    expect(term.warnings).toEqual([
      'last day Tuesday 26 December 2023 is not a working day (public holiday Tweede kerstdag)',
    ]);
    expect(termAfter(local('2023-04-13T10:00'), 14, rules).warnings[0]).toContain('Koningsdag');
    expect(termAfter(local('2023-04-21T10:00'), 14, rules).warnings[0]).toContain('Bevrijdingsdag');
  });

  test('with extendToWorkingDay a term ending on a non-working day moves to the next working day', () => {
    const extend = { ...rules, extendToWorkingDay: true };
    // Saturday 14 October 2023 -> Monday 16 October.
    const weekend = termAfter(local('2023-09-30T10:00'), 14, extend);
    expect(weekend.lastDay).toBe('2023-10-16');
    expect(utc(weekend.endsAt)).toBe('2023-10-16T22:00:00.000Z');
    expect(weekend.warnings[0]).toBe(
      'last day Saturday 14 October 2023 is not a working day (Saturday); extended to Monday 16 October 2023 ' +
        '(terms.extendToWorkingDay)',
    );
    // Christmas 2026 falls on Friday: Friday, Saturday (Tweede kerstdag) and Sunday are all skipped.
    const christmas = termAfter(local('2026-12-11T10:00'), 14, extend);
    expect(christmas.lastDay).toBe('2026-12-28');
    // A working day is left alone.
    expect(termAfter(local('2023-09-15T09:00'), 14, extend).lastDay).toBe('2023-09-29');
  });

  test('refuses a term that is not whole days', () => {
    expect(() => termAfter(0, 1.5, rules)).toThrow('whole days');
    expect(() => termAfter(0, -1, rules)).toThrow('whole days');
  });
});

describe('Dutch public holidays', () => {
  test('are the public ones plus Bevrijdingsdag, not Good Friday or observances', () => {
    const names = dutchPublicHolidays(2023, 2023).map((h) => `${h.date} ${h.name}`);
    expect(names).toEqual([
      '2023-01-01 Nieuwjaar',
      '2023-04-09 Pasen',
      '2023-04-10 Tweede paasdag',
      '2023-04-27 Koningsdag',
      '2023-05-05 Bevrijdingsdag',
      '2023-05-18 Hemelvaartsdag',
      '2023-05-28 Pinksteren',
      '2023-05-29 Tweede pinksterdag',
      '2023-12-25 Kerstmis',
      '2023-12-26 Tweede kerstdag',
    ]);
  });
});
