/**
 * Every route of the API, walked from its own route table (a new route cannot escape): without a token, with a token
 * that is not valid (unknown, malformed, a real id with a wrong secret of any length), revoked or expired, with each
 * role it does not allow, with another provider's token, and with a token of each role bound to another cycle; and
 * with the roles it allows, which pass the door (what happens next is the route's business: here the cycle does not
 * exist). Every refusal is in the audit log: each 403 on a line of its own, the 401s (hundreds from one address)
 * counted. A token bound to one of two running cycles lists that cycle only.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AuditEntry } from '../../api/audit/entry';
import { TokenStore } from '../../api/tokens';
import { shiftConfigByYears, yearsToFuture } from '../../domain/shift';
import { cycleWorkflow } from '../../workflows/cycle';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { cycleWorkflowId } from '../../workflows/ids';
import type { ApiRig } from '../helpers/api';
import { startApi } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { connectTestEnv, startOwnServer, withWorker } from '../helpers/temporal';
import { until } from '../reliability/waits';

let env: TestWorkflowEnvironment;
let rig: ApiRig;
let now = new Date('2030-01-01T00:00:00Z');

beforeAll(async () => {
  env = await connectTestEnv();
  // Refused attempts that repeat are counted per short window, so the counts are in the log soon after the walk.
  rig = await startApi(env.client, { tokenClock: () => now, repeatedRefusals: { windowMs: 500 } });
});

afterAll(async () => {
  await rig?.close();
  await env?.teardown();
});

const ROLES = ['provider', 'officer', 'legal'] as const;
const concrete = (url: string) =>
  url.replace(':cycleId', 'cyclus-x').replace(':providerId', 'a').replace(':region', 'Utrecht');

async function call(method: string, url: string, token?: string) {
  const response = await rig.request(method, concrete(url), {
    ...(token ? { token } : {}),
    ...(method === 'POST' ? { body: {} } : {}),
  });
  return { status: response.status, body: response.body as { error?: { code: string; message: string } } };
}

test('every route: no token, a bad, revoked or expired token, a wrong role, another provider or cycle: refused', async () => {
  const routes = rig.app.routeTable.filter((r) => r.access !== null);
  expect(routes.length).toBeGreaterThanOrEqual(25);
  // The walk covers reads and writes, the dashboard's reads, the upload and the audit log.
  expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
    expect.arrayContaining([
      'POST /files',
      'GET /me',
      'GET /cycles',
      'POST /cycles',
      'GET /cycles/:cycleId/timeline',
      'GET /cycles/:cycleId/calendar.ics',
      'GET /cycles/:cycleId/providers',
      'GET /cycles/:cycleId/providers/:providerId/thread',
      'GET /cycles/:cycleId/budgets',
      'POST /cycles/:cycleId/providers/:providerId/submission',
      'POST /cycles/:cycleId/nvi',
      'POST /cycles/:cycleId/providers/:providerId/objection-answers',
      'GET /triage',
      'POST /triage/:id/route',
      'GET /audit',
    ]),
  );
  const revoked = await rig.tokens.create({ role: 'officer' });
  await rig.tokens.revoke(revoked.record.id);
  const expiring = await rig.tokens.create({ role: 'officer', days: 1 });
  const real = await rig.tokens.create({ role: 'officer' });
  const realId = real.record.id;
  const otherProvider = await rig.token('provider', 'b');
  const otherCycle = await rig.token('provider', 'a', 'een-andere-cyclus');
  const boundElsewhere = {
    officer: await rig.token('officer', undefined, 'een-andere-cyclus'),
    legal: await rig.token('legal', undefined, 'een-andere-cyclus'),
  };
  let tried = 0;
  let refused401 = 0;
  let refused403 = 0;
  for (const route of routes) {
    const where = `${route.method} ${route.url}`;
    const expect401 = async (token: string | undefined, message: RegExp) => {
      const { status, body } = await call(route.method, route.url, token);
      expect([where, status, body.error?.code]).toEqual([where, 401, 'unauthorized']);
      expect(body.error?.message).toMatch(message);
      tried++;
      refused401++;
    };
    await expect401(undefined, /bearer token is required/);
    await expect401('oco_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', /not valid/);
    await expect401('nonsense', /not valid/);
    // A real token's id with a wrong secret: of the right length, shorter, longer; each simply not valid.
    await expect401(`oco_${realId}_${'A'.repeat(43)}`, /not valid/);
    await expect401(`oco_${realId}_${'A'.repeat(42)}`, /not valid/);
    await expect401(`oco_${realId}_${real.token.slice(17)}x`, /not valid/);
    await expect401(revoked.token, /revoked/);
    now = new Date('2030-01-03T00:00:00Z');
    await expect401(expiring.token, /expired/);
    now = new Date('2030-01-01T00:00:00Z');
    for (const role of ROLES) {
      const token = await rig.token(role, role === 'provider' ? 'a' : undefined);
      const { status, body } = await call(route.method, route.url, token);
      tried++;
      if (route.access?.roles.includes(role)) expect([where, role, status]).not.toEqual([where, role, 403]);
      else {
        expect([where, role, status, body.error?.code]).toEqual([where, role, 403, 'forbidden']);
        expect(body.error?.message).toMatch(new RegExp(`a ${role} token may not do this`));
        refused403++;
      }
      expect(status).not.toBe(401);
    }
    // An officer's or legal's token bound to another cycle: refused wherever the route names a cycle, and on routes
    // about no one cycle unless the route allows it (a narrowed list, who the token is).
    for (const role of ['officer', 'legal'] as const) {
      if (!route.access?.roles.includes(role)) continue;
      const { status, body } = await call(route.method, route.url, boundElsewhere[role]);
      tried++;
      if (route.url.includes(':cycleId')) {
        expect([where, role, status, body.error?.message]).toEqual([
          where,
          role,
          403,
          'this token is for cycle een-andere-cyclus, not cyclus-x',
        ]);
        refused403++;
      } else if (route.access.boundToCycle) expect([where, role, status]).not.toEqual([where, role, 403]);
      else {
        expect([where, role, status, body.error?.message]).toEqual([
          where,
          role,
          403,
          'this token is for cycle een-andere-cyclus only, and this route is not about one cycle',
        ]);
        refused403++;
      }
    }
    if (route.access?.roles.includes('provider') && route.url.includes(':providerId')) {
      const { status, body } = await call(route.method, route.url, otherProvider);
      expect([where, status, body.error?.message]).toEqual([
        where,
        403,
        'this token acts for provider b, not a',
      ]);
      const cycleBound = await call(route.method, route.url, otherCycle);
      expect([where, cycleBound.status, cycleBound.body.error?.message]).toEqual([
        where,
        403,
        'this token is for cycle een-andere-cyclus, not cyclus-x',
      ]);
      tried += 2;
      refused403 += 2;
    }
  }
  expect(tried).toBeGreaterThan(routes.length * 11);
  // Every refusal, on every route, is in the audit log: each 403 on a line of its own, the 401s counted (the first
  // few of each window in full, then one line with the count).
  const attempts = (entries: AuditEntry[], status: number) =>
    entries.filter((e) => e.outcome.status === status).reduce((n, e) => n + (e.repeated?.count ?? 1), 0);
  const entries = await until(
    'every 401 counted in the audit log',
    async () => {
      const page = await rig.audit.read({ limit: 100_000 });
      return attempts(page.entries, 401) === refused401 ? page.entries : undefined;
    },
    20_000,
    async () => attempts((await rig.audit.read({ limit: 100_000 })).entries, 401),
  );
  expect(entries.filter((e) => e.outcome.status === 401).length).toBeLessThan(refused401);
  expect(entries.filter((e) => e.outcome.status === 403)).toHaveLength(refused403);
  expect(entries.filter((e) => e.outcome.status === 403 && e.repeated)).toEqual([]);
});

test('a bound token names its own cycle only, also in a body or a query, and lists only its cycle', async () => {
  const bound = await rig.token('officer', undefined, 'cyclus-x');
  const other = await rig.request('POST', '/cycles', { token: bound, body: { id: 'cyclus-y' } });
  expect([other.status, other.body.error.message]).toEqual([
    403,
    'this token is for cycle cyclus-x, not cyclus-y',
  ]);
  const own = await rig.request('POST', '/cycles', { token: bound, body: { id: 'cyclus-x' } });
  expect([own.status, own.body.error.code]).toEqual([400, 'invalid']);
  const audit = await rig.request('GET', '/audit?cycle=cyclus-y', { token: bound });
  expect([audit.status, audit.body.error.message]).toEqual([
    403,
    'this token is for cycle cyclus-x, not cyclus-y',
  ]);
  // Its read of the audit log shows its own cycle's entries only (here: its own refused attempts).
  const read = await rig.request('GET', '/audit', { token: bound });
  expect(read.status).toBe(200);
  expect(read.body.entries.length).toBeGreaterThan(0);
  for (const entry of read.body.entries)
    expect([entry.what.cycleId, entry.who.cycleId]).toContain('cyclus-x');
});

test('GET /cycles with a token bound to one of two running cycles lists that one only', async () => {
  // On a server of its own: the shared one's clock may lie so far ahead that the example cannot be moved past it.
  const own = await startOwnServer();
  // Two cycles in the server's future (nothing falls due while the test runs), each under its own id.
  const base = example2024();
  const years = yearsToFuture(base, await own.currentTimeMs());
  const configs = ['lijst-een', 'lijst-twee'].map((id) => ({ ...shiftConfigByYears(base, years), id }));
  const lists = await startApi(own.client, { cycleIds: configs.map((c) => c.id) });
  try {
    await withWorker(own, async ({ start }) => {
      for (const config of configs) {
        const cycle = await start(cycleWorkflow, {
          workflowId: cycleWorkflowId(config.id),
          args: [{ config }],
        });
        await until(
          `cycle ${config.id} planned`,
          async () => ((await cycle.query(cycleStatusQuery)).timeline.length > 0 ? true : undefined),
          20_000,
        );
      }
      const listed = async (token: string) => {
        const response = await lists.request('GET', '/cycles', { token });
        expect(response.status).toBe(200);
        return response.body.cycles.map((c: { cycleId: string }) => c.cycleId).sort();
      };
      expect(await listed(await lists.token('officer'))).toEqual(['lijst-een', 'lijst-twee']);
      expect(await listed(await lists.token('officer', undefined, 'lijst-twee'))).toEqual(['lijst-twee']);
      expect(await listed(await lists.token('legal', undefined, 'lijst-een'))).toEqual(['lijst-een']);
    });
  } finally {
    await lists.close();
    await own.teardown();
  }
});

test('tokens are kept as hashes only, and a provider token must name its provider', async () => {
  const { token, record } = await rig.tokens.create({ role: 'provider', providerId: 'kompas' });
  const file = await import('node:fs/promises').then((fs) => fs.readFile(rig.tokens.file, 'utf8'));
  expect(file).toContain(record.sha256);
  // The secret follows 'oco_<12-character id>_' and may itself hold '_'.
  expect(file).not.toContain(token.slice(17));
  await expect(rig.tokens.create({ role: 'provider' })).rejects.toThrow(
    '--provider: a provider token must name the provider it acts for',
  );
  await expect(rig.tokens.create({ role: 'legal', providerId: 'kompas' })).rejects.toThrow(
    '--provider: only a provider token acts for a provider, not a legal token',
  );
});

test('a token made or revoked by another process (oco token) counts at once', async () => {
  const other = new TokenStore(rig.tokens.file);
  const { token, record } = await other.create({ role: 'legal', label: 'mr. J. Jansen' });
  const read = () => rig.request('GET', '/cycles/cyclus-z/legal-register', { token });
  expect((await read()).status).toBe(404);
  await other.revoke(record.id);
  const revoked = await read();
  expect([revoked.status, revoked.body.error.message]).toEqual([401, 'Authorization: the token was revoked']);
});
