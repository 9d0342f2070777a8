/**
 * How the tests start a time-skipping server (test/helpers/temporal.ts): only the SDK's start-up time-out is worth
 * another attempt, and no attempt leaves a server process behind. The "servers" here are shell scripts.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTimeSkippingServer } from '../helpers/temporal';

function fakeServer(body: string): { file: string; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oco-fake-test-server-'));
  const file = path.join(dir, 'temporal-test-server');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return { file, dir };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

let log: jest.SpyInstance;
beforeEach(() => {
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => log.mockRestore());

test('a server binary that is not there fails at once: not tried again', async () => {
  const missing = path.join(mkdtempSync(path.join(os.tmpdir(), 'oco-no-server-')), 'temporal-test-server');
  await expect(
    startTimeSkippingServer({ kind: 'test-server', source: 'path', path: missing }),
  ).rejects.toThrow(/does not exist/);
  expect(log).not.toHaveBeenCalled();
});

test("a server that never answers is tried again after the SDK's time-out, and every attempt's process is gone", async () => {
  const { file, dir } = fakeServer(`echo $$ >> "$(dirname "$0")/pids"\nexec sleep 300`);
  await expect(
    startTimeSkippingServer({ kind: 'test-server', source: 'path', path: file }, 2),
  ).rejects.toThrow(/did not start within/);
  const pidFile = path.join(dir, 'pids');
  expect(existsSync(pidFile)).toBe(true);
  const pids = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  expect(pids).toHaveLength(2);
  expect(log.mock.calls.map((call) => String(call[0]))).toEqual([
    '[test server] not up in time (attempt 1), trying again',
  ]);
  expect(pids.filter(alive)).toEqual([]);
}, 60_000);
