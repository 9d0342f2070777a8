/**
 * `oco audit` and the audit lines of `oco token`, as a user runs them (the built command): making and revoking a token
 * is recorded with the local user and never the secret, a refused attempt too; `oco audit` filters by cycle, provider
 * and time, prints a line per entry or JSON, skips a line cut short by a crash, and names a bad --since.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '../../api/audit/entry';
import { JsonLinesAuditLog } from '../../api/audit/journal';

const ROOT = path.join(__dirname, '..', '..');

function oco(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'oco.js'), ...args], {
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function apiEntry(at: string, cycleId: string, providerId: string, status: number): AuditEntry {
  return {
    at,
    requestId: `req-${at}`,
    channel: 'api',
    who: {
      tokenId: 'abcdefabcdef',
      verified: true,
      role: 'provider',
      label: `provider ${providerId}`,
      providerId,
    },
    what: {
      action: 'submission',
      method: 'POST',
      route: '/cycles/:cycleId/providers/:providerId/submission',
      path: `/cycles/${cycleId}/providers/${providerId}/submission`,
      cycleId,
      providerId,
    },
    outcome:
      status < 400
        ? {
            ok: true,
            status,
            workflowId: `cycle-${cycleId}/provider-${providerId}`,
            receipt: { kind: 'submission', sequence: 1, code: 'OCO-AAAA-BBBB' },
          }
        : { ok: false, status, error: 'forbidden', reason: 'this token acts for provider b, not a' },
    remoteAddress: '127.0.0.1',
  };
}

test('oco token is recorded; oco audit filters, prints lines or JSON, skips a cut-short line', () => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'oco-audit-'));
  const created = oco('token', 'create', '--role', 'officer', '--label', 'M. de Vries', '--data', data);
  expect(created.code).toBe(0);
  const token = created.stdout.trim();
  const tokenId = token.slice(4, 16);
  expect(oco('token', 'create', '--role', 'provider', '--data', data).code).toBe(2);
  expect(oco('token', 'revoke', tokenId, '--data', data).code).toBe(0);
  expect(oco('token', 'revoke', 'bestaatniet0', '--data', data).code).toBe(2);

  // Entries of the API, and a line cut short by a crash between them.
  const log = JsonLinesAuditLog.inDataDir(data);
  log.record(apiEntry('2030-01-01T10:00:00.000Z', 'cyclus-x', 'a', 201));
  appendFileSync(log.file, '{"at":"2030-01-01T11:00:00.000Z","requestId":"half');
  log.record(apiEntry('2030-01-02T10:00:00.000Z', 'cyclus-y', 'b', 403));

  const file = readFileSync(log.file, 'utf8');
  expect(file).not.toContain(token.slice(17));
  const all = JSON.parse(oco('audit', '--data', data, '--json').stdout) as {
    entries: AuditEntry[];
    truncated: boolean;
    skipped: number;
  };
  expect(all.skipped).toBe(1);
  expect(all.entries.map((e) => [e.channel, e.what.action, e.outcome.ok])).toEqual([
    ['cli', 'token.create', true],
    ['cli', 'token.create', false],
    ['cli', 'token.revoke', true],
    ['cli', 'token.revoke', false],
    ['api', 'submission', true],
    ['api', 'submission', false],
  ]);
  const user = os.userInfo().username;
  expect(all.entries[0]).toMatchObject({
    channel: 'cli',
    who: { tokenId: null, verified: false, localUser: user },
    what: { action: 'token.create', fields: { role: 'officer', label: 'M. de Vries' } },
    outcome: { ok: true, tokenId },
    remoteAddress: null,
  });
  expect(all.entries[1]?.outcome).toMatchObject({
    ok: false,
    error: 'invalid',
    reason: '--provider: a provider token must name the provider it acts for',
  });
  expect(all.entries[3]?.outcome).toMatchObject({ ok: false, error: 'notFound' });

  // Filters: by cycle, by provider, by time.
  const x = oco('audit', '--data', data, '--cycle', 'cyclus-x');
  expect(x.code).toBe(0);
  expect(x.stdout.trim().split('\n')).toEqual([
    '2030-01-01T10:00:00.000Z  submission  provider a [abcdefabcdef]  POST /cycles/cyclus-x/providers/a/submission  ' +
      '201 receipt submission 1 OCO-AAAA-BBBB workflow cycle-cyclus-x/provider-a',
  ]);
  expect(x.stderr).toMatch(/1 line\(s\) of .*audit\.jsonl could not be read \(cut short\) and were skipped/);
  const b = oco('audit', '--data', data, '--provider', 'b');
  expect(b.stdout).toContain('403 forbidden: this token acts for provider b, not a');
  expect(b.stdout.trim().split('\n')).toHaveLength(1);
  const since = JSON.parse(
    oco('audit', '--data', data, '--since', '2030-01-02T00:00:00+01:00', '--json').stdout,
  );
  expect(since.entries.map((e: AuditEntry) => e.at)).toEqual(['2030-01-02T10:00:00.000Z']);
  const lines = oco('audit', '--data', data).stdout;
  expect(lines).toContain(`token.create  local user ${user}  ok token ${tokenId}`);
  const latest = JSON.parse(oco('audit', '--data', data, '--limit', '2', '--json').stdout);
  expect([latest.entries.length, latest.truncated]).toEqual([2, true]);

  // A bad --since or --limit is named, exit code 2.
  for (const [option, value] of [
    ['--since', 'gisteren'],
    ['--since', '2030-01-02'],
    ['--limit', '0'],
  ]) {
    const bad = oco('audit', '--data', data, option as string, value as string);
    expect([option, value, bad.code]).toEqual([option, value, 2]);
    expect(bad.stderr).toContain(`option '${option} `);
    expect(bad.stderr).toMatch(
      option === '--since' ? /must be an ISO-8601 instant/ : /must be a whole number/,
    );
  }
  // An empty data folder has no entries, and says where it looked.
  const empty = oco('audit', '--data', mkdtempSync(path.join(os.tmpdir(), 'oco-audit-empty-')));
  expect([empty.code, empty.stdout]).toEqual([0, expect.stringMatching(/^no entries in .*audit\.jsonl\n$/)]);
});
