/**
 * Every route of the API, walked from its own route table (a new route cannot escape): without a token, with a token
 * that is not valid, revoked or expired, with each role it does not allow, and with another provider's token; and with
 * the roles it allows, which pass the door (what happens next is the route's business: here the cycle does not exist).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TokenStore } from '../../api/tokens';
import type { ApiRig } from '../helpers/api';
import { startApi } from '../helpers/api';
import { connectTestEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let rig: ApiRig;
let now = new Date('2030-01-01T00:00:00Z');

beforeAll(async () => {
  env = await connectTestEnv();
  rig = await startApi(env.client, { tokenClock: () => now });
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

test('every route: no token, a bad, revoked or expired token, a wrong role, another provider: refused', async () => {
  const routes = rig.app.routeTable.filter((r) => r.access !== null);
  expect(routes.length).toBeGreaterThanOrEqual(25);
  const revoked = await rig.tokens.create({ role: 'officer' });
  await rig.tokens.revoke(revoked.record.id);
  const expiring = await rig.tokens.create({ role: 'officer', days: 1 });
  const otherProvider = await rig.token('provider', 'b');
  const otherCycle = await rig.token('provider', 'a', 'een-andere-cyclus');
  let tried = 0;
  for (const route of routes) {
    const where = `${route.method} ${route.url}`;
    const expect401 = async (token: string | undefined, message: RegExp) => {
      const { status, body } = await call(route.method, route.url, token);
      expect([where, status, body.error?.code]).toEqual([where, 401, 'unauthorized']);
      expect(body.error?.message).toMatch(message);
      tried++;
    };
    await expect401(undefined, /bearer token is required/);
    await expect401('oco_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', /not valid/);
    await expect401('nonsense', /not valid/);
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
      }
      expect(status).not.toBe(401);
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
    }
  }
  expect(tried).toBeGreaterThan(routes.length * 8);
});

test('tokens are kept as hashes only, and a provider token must name its provider', async () => {
  const { token, record } = await rig.tokens.create({ role: 'provider', providerId: 'kompas' });
  const file = await import('node:fs/promises').then((fs) => fs.readFile(rig.tokens.file, 'utf8'));
  expect(file).toContain(record.sha256);
  expect(file).not.toContain(token.split('_')[2]);
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
