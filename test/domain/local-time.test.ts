import { parseLocalDate, parseLocalDateTime } from '../../domain/local-time';

const zone = 'Europe/Amsterdam';

function rule(text: string): string {
  const parsed = parseLocalDateTime(text, zone);
  if (parsed.ok) throw new Error(`expected ${text} to be refused`);
  return parsed.rule;
}

test('a local date-time becomes the instant in the zone', () => {
  const parsed = parseLocalDateTime('2023-08-01T17:00', zone);
  expect(parsed.ok && parsed.value.toUTC().toISO()).toBe('2023-08-01T15:00:00.000Z');
  const winter = parseLocalDateTime('2023-12-01T17:00', zone);
  expect(winter.ok && winter.value.toUTC().toISO()).toBe('2023-12-01T16:00:00.000Z');
});

test('refuses what is not a date-time, with the reason', () => {
  expect(rule('2023-08-01 17:00')).toBe('must be a local date-time YYYY-MM-DDTHH:mm, got "2023-08-01 17:00"');
  expect(rule('2023-08-01T17:00:00')).toContain('YYYY-MM-DDTHH:mm');
  expect(rule('2026-02-30T12:00')).toBe('2026-02-30T12:00 is not a calendar date (2026-02 has 28 days)');
  expect(rule('2024-02-30T12:00')).toContain('(2024-02 has 29 days)');
  expect(rule('2023-13-01T12:00')).toContain('has no month 13');
  expect(rule('2023-06-30T24:00')).toContain('24:00 is not accepted; write 00:00 of the next day');
  expect(rule('2023-06-30T12:60')).toContain('is not a time of day');
});

test('refuses a time skipped or repeated by a summer-time change', () => {
  expect(rule('2023-03-26T02:30')).toBe(
    '2023-03-26T02:30 does not exist in Europe/Amsterdam: the clocks skip that hour when summer time starts',
  );
  expect(rule('2023-10-29T02:30')).toBe(
    '2023-10-29T02:30 is ambiguous in Europe/Amsterdam: that hour occurs twice when summer time ends; choose another time',
  );
  expect(parseLocalDateTime('2023-10-29T03:00', zone).ok).toBe(true);
  expect(parseLocalDateTime('2023-03-26T03:00', zone).ok).toBe(true);
});

test('dates are checked against the calendar', () => {
  expect(parseLocalDate('2024-02-29').ok).toBe(true);
  expect(parseLocalDate('2023-02-29')).toEqual({
    ok: false,
    rule: '2023-02-29 is not a calendar date (2023-02 has 28 days)',
  });
  expect(parseLocalDate('1-1-2024')).toEqual({
    ok: false,
    rule: 'must be a date YYYY-MM-DD, got "1-1-2024"',
  });
});
