import { checkReceiptStamp, DEFAULT_STAMP_LIMITS, MAILBOX_STAMP_LIMITS } from '../../domain/receipt-time';

const now = Date.parse('2023-08-01T15:05:00.000Z');

test('a stamp made on receipt passes, also when the workflow sees it minutes later', () => {
  // Received 16:59:59.999 local, processed at 17:05 after a backlog: still the receipt time that counts.
  expect(checkReceiptStamp(Date.parse('2023-08-01T14:59:59.999Z'), now)).toEqual({ ok: true });
});

test('the limits hold to the millisecond', () => {
  const { maxAheadMs, maxBehindMs } = DEFAULT_STAMP_LIMITS;
  expect(checkReceiptStamp(now + maxAheadMs, now).ok).toBe(true);
  expect(checkReceiptStamp(now + maxAheadMs + 1, now)).toEqual({
    ok: false,
    rule: 'receivedAt lies 5 s ahead of the system clock (at most 5 s allowed): a receipt time cannot be in the future',
  });
  expect(checkReceiptStamp(now - maxBehindMs, now).ok).toBe(true);
  expect(checkReceiptStamp(now - maxBehindMs - 1, now)).toEqual({
    ok: false,
    rule: 'receivedAt lies 60 min behind the system clock (at most 60 min allowed): stamp inputs when they are received',
  });
  expect(checkReceiptStamp(Number.NaN, now)).toEqual({ ok: false, rule: 'receivedAt must be an instant' });
});

test("an e-mail's mailbox time is accepted for 60 days, and a minute ahead for the mail server's clock", () => {
  const { maxAheadMs, maxBehindMs } = MAILBOX_STAMP_LIMITS;
  // Reached the mailbox on Friday 16:59:59, routed from the triage queue three weeks later: still that time.
  expect(checkReceiptStamp(now - 21 * 24 * 3600_000, now, MAILBOX_STAMP_LIMITS)).toEqual({ ok: true });
  expect(checkReceiptStamp(now - maxBehindMs, now, MAILBOX_STAMP_LIMITS).ok).toBe(true);
  expect(checkReceiptStamp(now - maxBehindMs - 1, now, MAILBOX_STAMP_LIMITS)).toEqual({
    ok: false,
    rule: 'receivedAt lies 60 days behind the system clock (at most 60 days allowed): stamp inputs when they are received',
  });
  expect(checkReceiptStamp(now + maxAheadMs, now, MAILBOX_STAMP_LIMITS).ok).toBe(true);
  expect(checkReceiptStamp(now + maxAheadMs + 1, now, MAILBOX_STAMP_LIMITS).ok).toBe(false);
});
