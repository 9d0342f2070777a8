/**
 * Every warning the domain writes has a Dutch form on the dashboard: each is produced here by the domain's own code
 * (the timeline, a term, the legal register), so a new or changed English wording fails this test.
 */
import { DateTime } from 'luxon';
import { holidaysForCycle } from '../../domain/holidays';
import { legalRows } from '../../domain/legal-register';
import type { ObjectionRecord } from '../../domain/objection';
import { termAfter } from '../../domain/terms';
import { planTimeline } from '../../domain/timeline';
import { dutchWarning } from '../../domain/warnings-nl';
import { WorkingDayCalendar } from '../../domain/working-days';
import { example2024 } from '../helpers/configs';

const ZONE = 'Europe/Amsterdam';
const ms = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const iso = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toUTC().toISO() as string;
const calendar = new WorkingDayCalendar([{ date: '2023-12-25', name: 'Eerste kerstdag' }]);

test('timeline warnings read in Dutch', () => {
  const config = example2024();
  const warnings = planTimeline(config, holidaysForCycle(config)).flatMap((m) => m.warnings);
  expect(warnings.length).toBeGreaterThan(0);
  expect(warnings.map(dutchWarning)).toContain('valt op zaterdag 17 juni 2023, geen werkdag (zaterdag)');
  for (const w of warnings) expect(dutchWarning(w)).not.toMatch(/working day|falls on|Saturday|Sunday/);
});

test('term warnings, extended or not, read in Dutch', () => {
  const plain = termAfter(ms('2023-12-11T10:00'), 14, { zone: ZONE, calendar, extendToWorkingDay: false });
  expect(plain.warnings.map(dutchWarning)).toEqual([
    'de laatste dag maandag 25 december 2023 is geen werkdag (feestdag: Eerste kerstdag)',
  ]);
  const extended = termAfter(ms('2023-12-02T10:00'), 14, { zone: ZONE, calendar, extendToWorkingDay: true });
  expect(extended.warnings.map(dutchWarning)).toEqual([
    'de laatste dag zaterdag 16 december 2023 is geen werkdag (zaterdag); verlengd tot en met maandag 18 december 2023',
  ]);
});

test('legal register warnings read in Dutch', () => {
  const objection: ObjectionRecord = {
    number: 1,
    receivedAt: iso('2023-10-01T10:00'),
    onTime: false,
    regions: ['Utrecht'],
    text: 'bezwaar',
    files: [],
    termEndsAt: iso('2023-10-01T00:00'),
    receiptCode: null,
    answerDueAt: iso('2023-10-16T00:00'),
    answer: {
      outcome: 'rejected',
      text: 'ongegrond',
      recordedAt: iso('2023-10-20T10:00'),
      sentAt: iso('2023-10-20T10:00'),
      kortGedingDeadline: iso('2023-11-05T00:00'),
      kortGedingLastDay: '2023-11-04',
      kortGedingWarnings: [],
    },
    kortGeding: {
      court: 'Rechtbank Utrecht',
      servedOn: '2023-11-06',
      recordedAt: iso('2023-11-06T10:00'),
      afterTerm: true,
    },
  };
  const overdue = { ...objection, number: 2, answer: null, kortGeding: null };
  const rows = legalRows({
    providerId: 'a',
    provider: 'Stichting a',
    objections: [objection, overdue],
    zone: ZONE,
    calendar,
    nowMs: ms('2023-10-20T12:00'),
  });
  expect(rows.map((r) => r.warnings.map(dutchWarning))).toEqual([
    [
      'ontvangen na de bezwaartermijn: het recht was vervallen',
      'de bezwaartermijn eindigt op zaterdag 30 september 2023, geen werkdag (zaterdag)',
      'de termijn voor het antwoord eindigt op zondag 15 oktober 2023, geen werkdag (zondag)',
      'het antwoord is na de termijn verstuurd',
      'de termijn voor een kort geding eindigt op zaterdag 4 november 2023, geen werkdag (zaterdag)',
      'het kort geding is na de vervaltermijn betekend',
    ],
    [
      'ontvangen na de bezwaartermijn: het recht was vervallen',
      'de bezwaartermijn eindigt op zaterdag 30 september 2023, geen werkdag (zaterdag)',
      'de termijn voor het antwoord eindigt op zondag 15 oktober 2023, geen werkdag (zondag)',
      'het antwoord is te laat: de termijn is verstreken',
    ],
  ]);
});

test('a warning without a Dutch form is shown as it is', () => {
  expect(dutchWarning('something new')).toBe('something new');
});
