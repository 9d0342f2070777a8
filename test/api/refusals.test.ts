/**
 * Tokens that are not valid, sent by the dozen from one address, against the real API: the limit per address is
 * counted before the token is checked, so the 21st is answered 429 instead of 401, also for a valid token from that
 * address, while a caller at another address (127.0.0.2) goes on as before. The audit log gets a bounded number of
 * lines for them (the first few in full per address and status, then one line with the count), and the counts add up
 * to every attempt.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AuditEntry } from '../../api/audit/entry';
import { type ApiRig, startApi } from '../helpers/api';
import { connectTestEnv } from '../helpers/temporal';
import { until } from '../reliability/waits';
import { rawRequest } from './raw-http';

const LIMIT = 20;
const IN_FULL = 3;
const WINDOW_MS = 5_000;

let env: TestWorkflowEnvironment;
let rig: ApiRig;

beforeAll(async () => {
  env = await connectTestEnv();
  rig = await startApi(env.client, {
    preAuthRateLimit: { max: LIMIT, windowMs: 60_000 },
    repeatedRefusals: { inFull: IN_FULL, windowMs: WINDOW_MS },
  });
});

afterAll(async () => {
  await rig?.close();
  await env?.teardown();
});

/** A token of the right form whose id was never issued: each a different one. */
const badToken = (n: number) => `oco_${String(n).padStart(12, 'x')}_${'A'.repeat(43)}`;

test('tokens that are not valid: limited per address before the token check, counted in the audit log', async () => {
  const good = await rig.token('officer');
  const route = '/cycles/cyclus-x/nvi';
  const attempts = LIMIT + 10;
  const started = Date.now();
  const answers: { status: number; code: string; message: string; retryAfter: string | null }[] = [];
  for (let n = 0; n < attempts; n++) {
    const answer = await rig.request('POST', route, { token: badToken(n), body: {} });
    answers.push({
      status: answer.status,
      code: answer.body.error?.code,
      message: answer.body.error?.message,
      retryAfter: answer.headers.get('retry-after'),
    });
  }
  const elapsed = Date.now() - started;
  expect(answers.slice(0, LIMIT).map((a) => [a.status, a.code])).toEqual(
    Array(LIMIT).fill([401, 'unauthorized']),
  );
  for (const answer of answers.slice(LIMIT)) {
    expect([answer.status, answer.code]).toEqual([429, 'rateLimited']);
    expect(answer.message).toMatch(
      /^too many requests from this address: at most 20 in 1 minute; try again later$/,
    );
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
  }

  // The limit is the address's, before the token is looked at: a valid token from there waits too.
  const sameAddress = await rig.request('GET', '/cycles/cyclus-x/timeline', { token: good });
  expect([sameAddress.status, sameAddress.body.error.code]).toEqual([429, 'rateLimited']);
  // Another address is not affected: a valid token passes the door (no such cycle), a bad one is told why.
  const elsewhere = { localAddress: '127.0.0.2' };
  const other = await rawRequest(rig.url, 'GET', '/cycles/cyclus-x/timeline', { ...elsewhere, token: good });
  expect([other.status, other.body.error.code]).toEqual([404, 'notFound']);
  const otherPost = await rawRequest(rig.url, 'POST', route, { ...elsewhere, token: good, body: {} });
  expect(otherPost.status).toBe(400);
  const otherBad = await rawRequest(rig.url, 'GET', '/cycles/cyclus-x/timeline', {
    ...elsewhere,
    token: badToken(999),
  });
  expect([otherBad.status, otherBad.body.error.code]).toEqual([401, 'unauthorized']);

  // The audit log: every attempt counted, once its window ended; a bounded number of lines.
  const fromHere = (entries: AuditEntry[]) => entries.filter((e) => e.remoteAddress?.endsWith('127.0.0.1'));
  const countOf = (entries: AuditEntry[], status: number) =>
    entries.filter((e) => e.outcome.status === status).reduce((n, e) => n + (e.repeated?.count ?? 1), 0);
  const entries = await until(
    'every refused attempt counted in the audit log',
    async () => {
      const here = fromHere((await rig.audit.read({ limit: 5000 })).entries);
      return countOf(here, 401) === LIMIT && countOf(here, 429) === attempts - LIMIT ? here : undefined;
    },
    WINDOW_MS + 20_000,
    async () => fromHere((await rig.audit.read({ limit: 5000 })).entries),
  );
  // At most IN_FULL lines in full and one counted line per status and window (the attempts took `elapsed`).
  const windows = Math.floor(elapsed / WINDOW_MS) + 1;
  expect(entries.length).toBeLessThanOrEqual(2 * (IN_FULL + 1) * windows);
  const first = entries.filter((e) => e.outcome.status === 401 && !e.repeated);
  expect(first.length).toBeLessThanOrEqual(IN_FULL * windows);
  expect(first[0]).toMatchObject({
    who: { tokenId: 'xxxxxxxxxxx0', verified: false },
    what: { action: 'nvi.publish', method: 'POST', route: '/cycles/:cycleId/nvi', cycleId: 'cyclus-x' },
    outcome: { ok: false, status: 401, error: 'unauthorized' },
  });
  const counted = entries.find((e) => e.outcome.status === 401 && e.repeated);
  expect(counted).toMatchObject({
    who: { tokenId: null, verified: false },
    what: { action: 'refused.repeated', fields: { routes: ['POST /cycles/:cycleId/nvi'] } },
    outcome: { ok: false, status: 401, error: 'unauthorized' },
    remoteAddress: expect.stringMatching(/127\.0\.0\.1$/),
  });
  // Seventeen different tokens counted: the first ten named.
  expect(counted?.what.fields?.tokenIds).toHaveLength(10);
  expect(counted && (counted.repeated?.until ?? '') >= counted.at).toBe(true);
  expect(entries.find((e) => e.outcome.status === 429 && e.repeated)).toMatchObject({
    what: { action: 'refused.repeated' },
    outcome: { status: 429, error: 'rateLimited' },
  });
  // The other address has lines of its own: its refused attempt in full, its accepted read not at all.
  const there = (await rig.audit.read({ limit: 5000 })).entries.filter((e) =>
    e.remoteAddress?.endsWith('127.0.0.2'),
  );
  expect(there.map((e) => [e.what.action, e.outcome.status, e.who.tokenId])).toEqual([
    ['nvi.publish', 400, good.slice(4, 16)],
    ['read', 401, 'xxxxxxxxx999'],
  ]);
});
