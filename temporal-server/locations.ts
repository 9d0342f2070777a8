/** Where provisioned Temporal servers are cached: outside the repository, shared by every checkout and CI run. */
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../support/project-root';

/** Temporal CLI release that still installs with `go install` (see README, "Temporal servers"). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** Java test server release (Maven Central io.temporal:temporal-test-server); passed to test-server.pom.xml. */
export const TEST_SERVER_VERSION = '1.38.0';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OCO_CACHE_DIR) return path.resolve(env.OCO_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(base, 'oco-contracting', 'temporal');
}

export function cachedTestServer(env?: NodeJS.ProcessEnv): string {
  return path.join(cacheRoot(env), `test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server');
}

export function cachedCli(env?: NodeJS.ProcessEnv): string {
  return path.join(cacheRoot(env), `cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

export function testServerPom(): string {
  return path.join(projectRoot(), 'temporal-server', 'test-server.pom.xml');
}
