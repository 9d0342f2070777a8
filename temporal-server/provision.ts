/**
 * Finds or builds the two Temporal servers this project runs against, without the internet:
 *  - the time-skipping test server (Java, Maven Central) for workflow tests and dry runs;
 *  - the Temporal CLI dev server (Go module proxy, v1.5.1) for `npm start` and integration runs.
 *
 * Resolution order, the same for both: an explicit path from the environment, an executable on PATH, this project's
 * cache (outside the repository), building/fetching it with Maven or Go, and last the SDK's own download (which
 * needs the internet). Idempotent: a second call finds the cache. Builds go to a temporary folder that is renamed
 * into place, so two processes provisioning at once cannot leave half a server behind.
 */
import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  cachedCli,
  cachedTestServer,
  TEMPORAL_CLI_MODULE,
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
  testServerPom,
} from './locations';

const run = promisify(execFile);

export type ServerKind = 'test-server' | 'dev-server';

export type Provisioned =
  | { kind: ServerKind; source: 'env' | 'path' | 'cache' | 'built'; path: string }
  | { kind: ServerKind; source: 'sdk-download'; attempts: string[] };

export interface ProvisionOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines ("building the Temporal CLI, a few minutes on first use"). */
  log?: (line: string) => void;
  /** Build with Maven/Go when nothing is found (default true). */
  build?: boolean;
}

interface ServerRecipe {
  kind: ServerKind;
  envVar: string;
  commandOnPath: string;
  cached: (env?: NodeJS.ProcessEnv) => string;
  /** Checks that a found executable is what we expect; returns a reason when it is not. */
  check: (file: string) => Promise<string | undefined>;
  tools: string[];
  build: (target: string, env: NodeJS.ProcessEnv, log: (line: string) => void) => Promise<void>;
  install: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

const testServer: ServerRecipe = {
  kind: 'test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  commandOnPath: 'temporal-test-server',
  cached: cachedTestServer,
  check: async () => undefined,
  tools: ['mvn', 'java'],
  install:
    'Install Java 17 and Maven (Debian: apt-get install openjdk-17-jdk-headless maven) so the test server can be ' +
    'fetched from Maven Central, or set TEMPORAL_TEST_SERVER_PATH to a temporal-test-server executable',
  async build(target, env, log) {
    log(`fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central with mvn`);
    const lib = path.join(target, 'lib');
    await run(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        testServerPom(),
        `-Dtemporal.test-server.version=${TEST_SERVER_VERSION}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${lib}`,
        '-DincludeScope=runtime',
      ],
      { env, maxBuffer: 16 * 1024 * 1024 },
    );
    if (!existsSync(lib) || readdirSync(lib).length === 0) throw new Error('mvn finished but copied no jars');
    // The SDK starts the server as `<executable> <port> --enable-time-skipping`.
    writeFileSync(
      path.join(target, 'temporal-test-server'),
      '#!/bin/sh\n# Temporal time-skipping test server, provisioned by temporal-server/provision.ts\n' +
        `exec java -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"\n`,
      { mode: 0o755 },
    );
  },
};

const devServer: ServerRecipe = {
  kind: 'dev-server',
  envVar: 'TEMPORAL_CLI_PATH',
  commandOnPath: 'temporal',
  cached: cachedCli,
  async check(file) {
    try {
      const { stdout } = await run(file, ['--version'], { timeout: 20_000 });
      return /temporal version/i.test(stdout)
        ? undefined
        : `${file} --version does not look like the Temporal CLI`;
    } catch (error) {
      return `${file} --version failed: ${(error as Error).message}`;
    }
  },
  tools: ['go'],
  install:
    `Install Go 1.22 or newer so the Temporal CLI ${TEMPORAL_CLI_VERSION} can be built from the Go module proxy, ` +
    'or set TEMPORAL_CLI_PATH to a temporal executable',
  async build(target, env, log) {
    log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (several minutes on first use)`);
    await run('go', ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...env, GOBIN: target, GOFLAGS: '-mod=mod' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (!isExecutable(path.join(target, 'temporal')))
      throw new Error('go install finished but left no temporal binary');
  },
};

export const RECIPES: Record<ServerKind, ServerRecipe> = {
  'test-server': testServer,
  'dev-server': devServer,
};

async function provision(recipe: ServerRecipe, options: ProvisionOptions): Promise<Provisioned> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const attempts: string[] = [];
  const found = async (
    source: 'env' | 'path' | 'cache' | 'built',
    file: string,
  ): Promise<Provisioned | undefined> => {
    const problem = await recipe.check(file);
    if (problem) {
      attempts.push(`${source}: ${problem}`);
      return undefined;
    }
    return { kind: recipe.kind, source, path: file };
  };

  const fromEnv = env[recipe.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`${recipe.envVar}=${fromEnv} is not an executable file. Fix or unset it.`);
    }
    const result = await found('env', fromEnv);
    if (result) return result;
    throw new Error(`${recipe.envVar}=${fromEnv}: ${attempts.join('; ')}`);
  }
  attempts.push(`${recipe.envVar}: not set`);

  const onPath = findOnPath(recipe.commandOnPath, env);
  if (onPath) {
    const result = await found('path', onPath);
    if (result) return result;
  } else attempts.push(`PATH: no ${recipe.commandOnPath}`);

  const cached = recipe.cached(env);
  if (isExecutable(cached)) {
    const result = await found('cache', cached);
    if (result) return result;
  } else attempts.push(`cache: nothing at ${cached}`);

  if (options.build !== false) {
    const missing = recipe.tools.filter((tool) => !findOnPath(tool, env));
    if (missing.length > 0) attempts.push(`build: ${missing.join(' and ')} not on PATH`);
    else {
      const finalDir = path.dirname(cached);
      const workDir = `${finalDir}.partial-${process.pid}-${Date.now()}`;
      mkdirSync(workDir, { recursive: true });
      const started = Date.now();
      try {
        await recipe.build(workDir, env, log);
        try {
          renameSync(workDir, finalDir);
        } catch (error) {
          // Another process finished first; its result is as good as ours.
          if (!isExecutable(cached)) throw error;
        }
        log(`${recipe.kind} ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${cached}`);
        const result = await found('built', cached);
        if (result) return result;
      } catch (error) {
        attempts.push(`build: ${firstLine((error as Error).message)}`);
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    }
  }

  attempts.push('SDK download: needs the internet; tried when the server starts');
  return { kind: recipe.kind, source: 'sdk-download', attempts };
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}

export function provisionTestServer(options: ProvisionOptions = {}): Promise<Provisioned> {
  return provision(testServer, options);
}

export function provisionDevServer(options: ProvisionOptions = {}): Promise<Provisioned> {
  return provision(devServer, options);
}

/** The SDK's `executable` option for a provisioned server. */
export function sdkExecutable(
  provisioned: Provisioned,
): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  return provisioned.source === 'sdk-download'
    ? { type: 'cached-download' }
    : { type: 'existing-path', path: provisioned.path };
}

/** The one clear error when a server could not be started from anything we found. */
export class TemporalServerUnavailableError extends Error {
  constructor(provisioned: Provisioned, cause: unknown) {
    const recipe = RECIPES[provisioned.kind];
    const tried =
      provisioned.source === 'sdk-download'
        ? provisioned.attempts
        : [`${provisioned.source}: ${provisioned.path}`];
    super(
      `No Temporal ${provisioned.kind === 'test-server' ? 'test server' : 'dev server (Temporal CLI)'} could be ` +
        `started. ${recipe.install}.\nTried:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
        `Last error: ${firstLine(cause instanceof Error ? cause.message : String(cause))}`,
    );
    this.name = 'TemporalServerUnavailableError';
  }
}
