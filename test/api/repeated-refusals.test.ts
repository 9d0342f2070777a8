/**
 * Refused attempts that repeat, counted into the real audit file: per address and status the first few in full and
 * then one line with the count; more addresses than are told apart share one line; a new window starts afresh; the
 * window ends by itself (its timer) or at once (flush, as the server does when it closes). However many attempts,
 * the lines are bounded and the counts add up to every attempt.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '../../api/audit/entry';
import { JsonLinesAuditLog } from '../../api/audit/journal';
import { isRepeatable, RepeatedRefusals } from '../../api/audit/repeated';
import { until } from '../reliability/waits';

const log = () =>
  new JsonLinesAuditLog(path.join(mkdtempSync(path.join(os.tmpdir(), 'oco-repeated-')), 'audit.jsonl'));

let n = 0;
function refusal(
  address: string,
  status = 401,
  tokenId: string | null = `token${String(n).padStart(7, '0')}`,
): AuditEntry {
  n++;
  return {
    at: new Date(Date.UTC(2030, 0, 1, 10, 0, 0, n)).toISOString(),
    requestId: `r-${n}`,
    channel: 'api',
    who: { tokenId, verified: false },
    what: { action: 'read', method: 'GET', route: '/cycles/:cycleId', path: '/cycles/x', cycleId: 'x' },
    outcome: { ok: false, status, error: status === 401 ? 'unauthorized' : 'rateLimited' },
    remoteAddress: address,
  };
}

/** Attempts the lines stand for: a line in full for one, a counted line for its count. */
const attempts = (entries: AuditEntry[]) => entries.reduce((sum, e) => sum + (e.repeated?.count ?? 1), 0);

test('which statuses repeat: 401 and 429, never a 403 or an accepted request', () => {
  expect([401, 429, 403, 400, 201].map(isRepeatable)).toEqual([true, true, false, false, false]);
});

test('a thousand attempts from one address: five lines in full, one with the count', async () => {
  const audit = log();
  const repeated = new RepeatedRefusals(audit, { inFull: 5, windowMs: 60_000 });
  const sent = Array.from({ length: 1000 }, () => refusal('203.0.113.7'));
  for (const entry of sent) repeated.record('203.0.113.7', entry);
  // Before the window ends only the five in full are written.
  expect((await audit.read()).entries.map((e) => e.requestId)).toEqual(
    sent.slice(0, 5).map((e) => e.requestId),
  );
  repeated.flush();
  const { entries } = await audit.read({ limit: 5000 });
  expect(entries).toHaveLength(6);
  expect(attempts(entries)).toBe(1000);
  expect(entries[5]).toEqual({
    at: sent[5]?.at,
    requestId: sent[5]?.requestId,
    channel: 'api',
    who: { tokenId: null, verified: false },
    what: {
      action: 'refused.repeated',
      fields: { routes: ['GET /cycles/:cycleId'], tokenIds: sent.slice(5, 15).map((e) => e.who.tokenId) },
    },
    outcome: { ok: false, status: 401, error: 'unauthorized' },
    remoteAddress: '203.0.113.7',
    repeated: { count: 995, until: sent[999]?.at },
  });
  // The next window starts afresh.
  const again = [refusal('203.0.113.7'), refusal('203.0.113.7')];
  for (const entry of again) repeated.record('203.0.113.7', entry);
  repeated.flush();
  expect((await audit.read({ limit: 5000 })).entries.slice(6).map((e) => e.requestId)).toEqual(
    again.map((e) => e.requestId),
  );
});

test('statuses apart, one token named as who, and addresses beyond the limit on one line', async () => {
  const audit = log();
  const repeated = new RepeatedRefusals(audit, { inFull: 1, windowMs: 60_000, maxAddresses: 3 });
  const sent: AuditEntry[] = [];
  for (let a = 1; a <= 10; a++)
    for (const status of [401, 401, 429, 429]) {
      const entry = refusal(`198.51.100.${a}`, status, 'samesametoken');
      sent.push(entry);
      repeated.record(`198.51.100.${a}`, entry);
    }
  repeated.flush();
  const { entries } = await audit.read({ limit: 5000 });
  expect(attempts(entries)).toBe(sent.length);
  // Three addresses told apart: per status one in full and one counted; the other seven share one line per status.
  expect(entries).toHaveLength(3 * 2 * 2 + 2);
  const others = entries.filter((e) => e.remoteAddress === null);
  expect(others.map((e) => [e.outcome.status, e.repeated?.count, e.what.fields?.addresses])).toEqual([
    [401, 14, Array.from({ length: 7 }, (_, i) => `198.51.100.${i + 4}`)],
    [429, 14, Array.from({ length: 7 }, (_, i) => `198.51.100.${i + 4}`)],
  ]);
  // The same token every time: the counted line says who.
  expect(entries.find((e) => e.repeated && e.remoteAddress === '198.51.100.1')?.who).toEqual({
    tokenId: 'samesametoken',
    verified: false,
  });
});

test('the window ends by itself: the count is written without a flush', async () => {
  const audit = log();
  const repeated = new RepeatedRefusals(audit, { inFull: 1, windowMs: 300 });
  for (let i = 0; i < 4; i++) repeated.record('192.0.2.1', refusal('192.0.2.1', 429));
  const entries = await until(
    'the counted line',
    async () => {
      const page = await audit.read();
      return page.entries.length === 2 ? page.entries : undefined;
    },
    10_000,
  );
  expect(entries.map((e) => e.repeated?.count ?? 1)).toEqual([1, 3]);
});
