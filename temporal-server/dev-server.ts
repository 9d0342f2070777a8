/**
 * Runs the Temporal CLI dev server (`temporal server start-dev`) for `npm start`: SQLite on disk under the data
 * folder, so a stopped system resumes its cycles where they were, and the Web UI beside it.
 *
 * SQLite runs in WAL mode with synchronous=NORMAL (SQLITE_PRAGMAS): a commit no longer waits for the disk to flush,
 * which took the deadline rush from a p50 of seconds to under 100 ms on this machine. A transaction the server has
 * committed survives a crash or kill of the server process; only a power loss or an OS crash can lose the last
 * moments. Production runs a Temporal cluster on PostgreSQL (docker-compose.yml), where none of this applies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '../support/free-port';
import { type Provisioned, provisionDevServer, TemporalServerUnavailableError } from './provision';

export interface DevServerOptions {
  dbFile: string;
  logFile: string;
  ip?: string;
  port?: number;
  uiPort?: number;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** SQLite pragmas, "name=value"; SQLITE_PRAGMAS by default. */
  sqlitePragmas?: string[];
}

export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

export interface RunningServer {
  address: string;
  uiUrl: string;
  provisioned: Provisioned;
  /** The server's process id, when this process started it (the benchmark reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

/**
 * A dev server on two ports nothing listened on a moment ago (tests, benchmarks). Another process may take a port
 * between the choice and the server's bind (parallel test files do): then new ports are chosen, up to `attempts`.
 */
export async function startDevServerOnFreePorts(
  options: Omit<DevServerOptions, 'port' | 'uiPort'>,
  attempts = 3,
): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer({ ...options, port: await freePort(), uiPort: await freePort() });
    } catch (error) {
      if (attempt >= attempts || !/already in use/i.test((error as Error).message)) throw error;
    }
  }
}

/**
 * The Temporal server gets only what a process needs to run (path, home, locale, temporary folder): not the receipt
 * key, nor the SMTP or IMAP addresses with their passwords, that sit in this process's environment.
 */
function serverEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

export async function startDevServer(options: DevServerOptions): Promise<RunningServer> {
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? 8233;
  const provisioned = await provisionDevServer({ log: options.log });
  const uiUrl = `http://${ip}:${uiPort}`;
  const pragmaArgs = (options.sqlitePragmas ?? SQLITE_PRAGMAS).flatMap((p) => ['--sqlite-pragma', p]);

  if (provisioned.source === 'sdk-download') {
    try {
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'cached-download' },
          ip,
          port,
          ui: true,
          uiPort,
          dbFilename: options.dbFile,
          extraArgs: pragmaArgs,
        },
      });
      return { address: env.address, uiUrl, provisioned, stop: () => env.teardown() };
    } catch (error) {
      throw new TemporalServerUnavailableError(provisioned, error);
    }
  }

  const out = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(
    provisioned.path,
    [
      'server',
      'start-dev',
      '--db-filename',
      options.dbFile,
      '--ip',
      ip,
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--log-level',
      'warn',
      ...pragmaArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnvironment() },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const address = `${ip}:${port}`;
  try {
    await waitUntilServing(address, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    const tail = readTail(options.logFile);
    const inUse = /address already in use/i.test(tail);
    throw new Error(
      `${(error as Error).message}${
        inUse
          ? `\nPort ${port} or ${uiPort} is already in use: another Temporal server? Use it with ` +
            `TEMPORAL_ADDRESS=${address}, or choose --port/--ui-port.`
          : ''
      }\nLast lines of ${options.logFile}:\n${tail}`,
    );
  }

  return {
    address,
    uiUrl,
    provisioned,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      out.end();
    },
  };
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `the Temporal dev server exited (${signal ?? `code ${code}`}) before it was ready`;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs / 1000} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function readTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
