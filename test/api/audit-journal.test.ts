/**
 * The audit log's file: processes writing at once (the API server and `oco token`) lose no line and mix none; a line
 * cut short by a crash is skipped and the next entry starts on a line of its own; the filters and the limit; the file
 * is made owner-only also when it existed, and made anew when it was removed while open.
 */
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  mkdtempSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '../../api/audit/entry';
import { JsonLinesAuditLog } from '../../api/audit/journal';

const ROOT = path.join(__dirname, '..', '..');

function entry(writer: string, n: number, cycleId = 'cyclus-x'): AuditEntry {
  return {
    at: new Date(Date.UTC(2030, 0, 1, 0, 0, n)).toISOString(),
    requestId: `${writer}-${n}`,
    channel: 'api',
    who: { tokenId: 'abcdefabcdef', verified: true, role: 'officer', label: 'x'.repeat(150) },
    what: { action: 'nvi.publish', method: 'POST', route: '/cycles/:cycleId/nvi', path: '/x', cycleId },
    outcome: { ok: true, status: 201 },
    remoteAddress: '127.0.0.1',
  };
}

/** Another process appending `count` entries through the built module, as `oco token` does. */
function writer(file: string, name: string, count: number): Promise<number | null> {
  const script = `
    const { JsonLinesAuditLog } = require(${JSON.stringify(path.join(ROOT, 'dist', 'api', 'audit', 'journal.js'))});
    const log = new JsonLinesAuditLog(${JSON.stringify(file)});
    const entry = ${entry.toString()};
    for (let n = 0; n < ${count}; n++) log.record(entry(${JSON.stringify(name)}, n));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', resolve));
}

test('several processes writing at once: every line whole, none lost', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'oco-audit-')), 'audit.jsonl');
  const count = 400;
  const log = new JsonLinesAuditLog(file);
  const others = ['p1', 'p2', 'p3'].map((name) => writer(file, name, count));
  for (let n = 0; n < count; n++) {
    log.record(entry('main', n));
    if (n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  expect(await Promise.all(others)).toEqual([0, 0, 0]);
  const page = await log.read({ limit: 10_000 });
  expect(page.skipped).toBe(0);
  expect(page.entries).toHaveLength(4 * count);
  expect(new Set(page.entries.map((e) => e.requestId)).size).toBe(4 * count);
  expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(4 * count);
}, 60_000);

test('a line cut short is skipped, the next entry starts a line of its own; filters and the limit', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'oco-audit-')), 'audit.jsonl');
  const log = new JsonLinesAuditLog(file);
  log.record(entry('a', 1));
  appendFileSync(file, '{"at":"2030-01-01T00:00:02.000Z","requestId":"cut');
  log.record(entry('a', 3, 'cyclus-y'));
  log.record(entry('a', 4));
  const all = await log.read();
  expect([all.skipped, all.entries.map((e) => e.requestId)]).toEqual([1, ['a-1', 'a-3', 'a-4']]);
  const x = await log.read({ cycleId: 'cyclus-x', since: new Date('2030-01-01T00:00:02Z') });
  expect(x.entries.map((e) => e.requestId)).toEqual(['a-4']);
  const latest = await log.read({ limit: 2 });
  expect([latest.truncated, latest.entries.map((e) => e.requestId)]).toEqual([true, ['a-3', 'a-4']]);
  expect(await new JsonLinesAuditLog(`${file}.none`).read()).toEqual({
    entries: [],
    truncated: false,
    skipped: 0,
  });
  // A write that fails is reported, never thrown: the request it records was answered already.
  const lines: string[] = [];
  new JsonLinesAuditLog(path.join(file, 'not-a-folder', 'audit.jsonl'), (line) => lines.push(line)).record(
    entry('b', 1),
  );
  expect(lines).toEqual([
    expect.stringMatching(/^audit log: nvi\.publish by token abcdefabcdef \(b-1\) was not recorded: /),
  ]);
});

test('the file is made readable by its owner only, also when it existed; a cut line before start-up; removed while open', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oco-audit-'));
  const file = path.join(dir, 'audit.jsonl');
  // An older file, readable by everyone, whose last line a crash cut short before this writer started.
  writeFileSync(file, '{"at":"2030-01-01T00:00:00.000Z","requestId":"cut', { mode: 0o644 });
  chmodSync(file, 0o644);
  const log = new JsonLinesAuditLog(file);
  log.record(entry('a', 1));
  expect(statSync(file).mode & 0o777).toBe(0o600);
  log.record(entry('a', 2));
  expect(await log.read()).toMatchObject({
    skipped: 1,
    entries: [{ requestId: 'a-1' }, { requestId: 'a-2' }],
  });
  // Removed while the writer holds it open (rotated away): the next entry makes a new file under the name.
  unlinkSync(file);
  log.record(entry('a', 3));
  expect((await log.read()).entries.map((e) => e.requestId)).toEqual(['a-3']);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  log.close();
});
