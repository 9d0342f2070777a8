/**
 * The date helpers keep what they have written (every receipt names the same deadline): a value is written once per
 * zone, and a value that is not text is refused every time, also when its text reads like a date already written.
 */
import Handlebars from 'handlebars';
import { registerHelpers } from '../../mail/helpers';

const hb = Handlebars.create();
registerHelpers(hb, 'text');
const render = (template: string, data: Record<string, unknown>) =>
  hb.compile(template, { noEscape: true })({ cycle: { timezone: 'Europe/Amsterdam' }, ...data });

test('a deadline at local midnight reads 24:00 of the day that ends, the same the second time, per zone', () => {
  const at = '2023-07-31T22:00:00.000Z';
  expect(render('{{deadline at}}', { at })).toBe('maandag 31 juli 2023, 24:00 uur');
  expect(render('{{deadline at}}', { at })).toBe('maandag 31 juli 2023, 24:00 uur');
  expect(hb.compile('{{deadline at}}')({ cycle: { timezone: 'Europe/London' }, at })).not.toBe(
    'maandag 31 juli 2023, 24:00 uur',
  );
});

test('a value that is not text is refused with the helper named, even when its text is a date written before', () => {
  expect(render('{{day d}}', { d: '2024-01-01' })).toBe('maandag 1 januari 2024');
  expect(() => render('{{day d}}', { d: ['2024-01-01'] })).toThrow(
    /^day: expected YYYY-MM-DD, got \["2024-01-01"\]/,
  );
  expect(render('{{moment at}}', { at: '2023-08-01T15:00:00.000Z' })).toMatch(
    /^dinsdag 1 augustus 2023, 17:00/,
  );
  expect(() => render('{{moment at}}', { at: ['2023-08-01T15:00:00.000Z'] })).toThrow(
    /^moment: expected an ISO-8601 instant/,
  );
  expect(() => render('{{day d}}', { d: '2026-02-30' })).toThrow(
    /^day: expected YYYY-MM-DD, got "2026-02-30"/,
  );
});
