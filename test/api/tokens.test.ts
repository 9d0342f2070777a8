/**
 * How a presented token is compared, by structure rather than by stopwatch (a timing test would be flaky): the secret
 * is hashed to 32 bytes and that hash is compared with the kept 32-byte hash by crypto.timingSafeEqual, exactly once
 * per check, whatever the secret's length or content and whether or not the id is known. Wrong secrets of any length
 * get the same answer, and a revoked or expired token says so only to the holder of its secret.
 */
import crypto, { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TokenStore } from '../../api/tokens';

let dir: string;
let now = new Date('2030-01-01T00:00:00Z');
let store: TokenStore;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oco-tokens-'));
  store = new TokenStore(path.join(dir, 'tokens.json'), () => now);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  jest.restoreAllMocks();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest();

test('the secret is hashed and compared with the kept hash by timingSafeEqual, once, on 32 bytes each', async () => {
  const { token, record } = await store.create({ role: 'officer', label: 'M. de Vries' });
  const secret = token.slice(17); // after 'oco_<id>_'; the secret may itself hold '_'
  // The real secret with its last character changed: as long as it, and wrong in one place only.
  const lastChanged = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
  expect(lastChanged).toHaveLength(secret.length);
  expect(lastChanged).not.toBe(secret);
  const spy = jest.spyOn(crypto, 'timingSafeEqual');
  const presented = [
    token,
    `oco_${record.id}_${'A'.repeat(43)}`,
    `oco_${record.id}_${lastChanged}`,
    `oco_${record.id}_${'A'.repeat(10)}`,
    `oco_${record.id}_${secret}${'x'.repeat(500)}`,
    `oco_000000000000_${secret}`,
    'nonsense',
  ];
  const answers = [];
  for (const candidate of presented) {
    spy.mockClear();
    answers.push(await store.verify(candidate));
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0] as unknown as [Buffer, Buffer];
    expect([a.length, b.length]).toEqual([32, 32]);
    // What is compared: the hash of the presented secret (the whole text when it is not of the token's form) ...
    const match = /^oco_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(candidate);
    expect(a.equals(sha256(match?.[2] ?? candidate))).toBe(true);
    // ... with the kept hash of the id it names, or with zeros for an id nobody has (or no token form at all).
    const known = match?.[1] === record.id;
    expect(b.toString('hex')).toBe(known ? record.sha256 : '0'.repeat(64));
  }
  expect(answers[0]).toEqual({
    ok: true,
    caller: { tokenId: record.id, role: 'officer', label: 'M. de Vries' },
  });
  // Every wrong secret, whatever its length, and an unknown id or a malformed token: one and the same answer.
  expect(answers.slice(1).map((a) => (a.ok ? 'accepted' : a.reason))).toEqual(
    Array(presented.length - 1).fill('the token is not valid'),
  );
  // The claimed id is kept for the audit log; the holder is named only when the secret matched.
  for (const answer of answers.slice(1)) expect(answer).not.toHaveProperty('caller');
});

test('revoked and expired say so only to whoever holds the secret', async () => {
  const revoked = await store.create({ role: 'legal' });
  await store.revoke(revoked.record.id);
  const expiring = await store.create({ role: 'provider', providerId: 'a', days: 1 });
  now = new Date('2030-01-03T00:00:00Z');
  try {
    expect(await store.verify(revoked.token)).toMatchObject({
      ok: false,
      reason: 'the token was revoked',
      caller: { tokenId: revoked.record.id, role: 'legal' },
    });
    expect(await store.verify(expiring.token)).toMatchObject({
      ok: false,
      reason: 'the token has expired',
      caller: { tokenId: expiring.record.id, providerId: 'a' },
    });
    for (const { record } of [revoked, expiring])
      expect(await store.verify(`oco_${record.id}_${'A'.repeat(43)}`)).toEqual({
        ok: false,
        reason: 'the token is not valid',
        tokenId: record.id,
      });
  } finally {
    now = new Date('2030-01-01T00:00:00Z');
  }
});

test('the token file holds hashes only, readable by its owner only', async () => {
  const { token } = await store.create({ role: 'officer' });
  const text = await import('node:fs/promises').then((fs) => fs.readFile(store.file, 'utf8'));
  expect(text).not.toContain(token.slice(17));
  const mode = await import('node:fs/promises').then((fs) => fs.stat(store.file));
  expect(mode.mode & 0o777).toBe(0o600);
});
