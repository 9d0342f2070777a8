/**
 * The provisioning order (env path, PATH, cache, build, SDK download) with real files in temporary folders, and a
 * real Maven fetch of the test server into an empty cache.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedCli, cachedTestServer } from '../../temporal-server/locations';
import {
  findOnPath,
  provisionDevServer,
  provisionTestServer,
  TemporalServerUnavailableError,
} from '../../temporal-server/provision';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'oco-provision-'));
}

function executable(file: string, body = 'exit 0'): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** An environment that sees only what the test puts there. */
function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { HOME: tempDir(), OCO_CACHE_DIR: tempDir(), PATH: tempDir(), ...extra };
}

test('an explicit path from the environment wins', async () => {
  const file = executable(path.join(tempDir(), 'my-test-server'));
  const env = isolatedEnv({ TEMPORAL_TEST_SERVER_PATH: file });
  executable(cachedTestServer(env));
  expect(await provisionTestServer({ env })).toEqual({ kind: 'test-server', source: 'env', path: file });
});

test('an explicit path that is not executable is an error naming the variable', async () => {
  const env = isolatedEnv({ TEMPORAL_CLI_PATH: '/nonexistent/temporal' });
  await expect(provisionDevServer({ env })).rejects.toThrow(
    'TEMPORAL_CLI_PATH=/nonexistent/temporal is not an executable file. Fix or unset it.',
  );
});

test('next comes an executable on PATH, then the cache', async () => {
  const env = isolatedEnv();
  const cached = executable(cachedTestServer(env));
  expect(await provisionTestServer({ env, build: false })).toEqual({
    kind: 'test-server',
    source: 'cache',
    path: cached,
  });
  const onPath = executable(path.join(env.PATH as string, 'temporal-test-server'));
  expect(await provisionTestServer({ env, build: false })).toEqual({
    kind: 'test-server',
    source: 'path',
    path: onPath,
  });
});

test('a `temporal` on PATH that is not the Temporal CLI is passed over', async () => {
  const env = isolatedEnv();
  executable(path.join(env.PATH as string, 'temporal'), 'echo "temporal: some other tool"');
  const cli = executable(cachedCli(env), 'echo "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"');
  expect(await provisionDevServer({ env, build: false })).toEqual({
    kind: 'dev-server',
    source: 'cache',
    path: cli,
  });
});

test('with nothing found and no build tools, the SDK download is last, and its failure names what to install', async () => {
  const env = isolatedEnv();
  const result = await provisionDevServer({ env });
  expect(result.source).toBe('sdk-download');
  if (result.source !== 'sdk-download') return;
  expect(result.attempts).toEqual([
    'TEMPORAL_CLI_PATH: not set',
    'PATH: no temporal',
    `cache: nothing at ${cachedCli(env)}`,
    'build: go not on PATH',
    'SDK download: needs the internet; tried when the server starts',
  ]);
  const error = new TemporalServerUnavailableError(result, new Error('download failed: connection refused'));
  expect(error.message).toContain(
    'No Temporal dev server (Temporal CLI) could be started. Install Go 1.22 or newer',
  );
  expect(error.message).toContain('or set TEMPORAL_CLI_PATH');
  expect(error.message).toContain('Last error: download failed: connection refused');
});

test('fetches the test server with Maven into an empty cache, then finds it there (idempotent)', async () => {
  if (!findOnPath('mvn') || !findOnPath('java'))
    throw new Error('this machine needs mvn and java (see README)');
  const env: NodeJS.ProcessEnv = { ...process.env, OCO_CACHE_DIR: tempDir() };
  delete env.TEMPORAL_TEST_SERVER_PATH;
  const lines: string[] = [];
  const first = await provisionTestServer({ env, log: (line) => lines.push(line) });
  expect(first).toEqual({ kind: 'test-server', source: 'built', path: cachedTestServer(env) });
  expect(lines[0]).toContain('from Maven Central');
  const second = await provisionTestServer({ env });
  expect(second).toEqual({ kind: 'test-server', source: 'cache', path: cachedTestServer(env) });
}, 300_000);
