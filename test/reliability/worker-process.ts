/**
 * The production worker (`node dist/worker/main.js`) as a child process, configured only through its environment as
 * in a deployment, so a reliability test can kill it with SIGKILL (no shutdown, no goodbye to the server) and start
 * another one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../support/project-root';

export interface WorkerProcess {
  readonly pid: number;
  /** Everything the process wrote, for a failing test's message. */
  output(): string;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the worker finishes what it has and stops. */
  stop(): Promise<void>;
}

export interface WorkerEnvironment {
  temporalAddress: string;
  smtpUrl: string;
  dataDir: string;
  receiptKeyHex: string;
  mailFrom: string;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a worker and resolves once it polls its task queue (it bundles the workflows first: some seconds). */
export async function startWorkerProcess(
  env: WorkerEnvironment,
  timeoutMs = 120_000,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'worker', 'main.js')], {
    cwd: projectRoot(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: env.temporalAddress,
      SMTP_URL: env.smtpUrl,
      OCO_DATA_DIR: env.dataDir,
      OCO_RECEIPT_KEY: env.receiptKeyHex,
      MAIL_FROM: env.mailFrom,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not polling after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      if (/worker polling task queue/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code ?? signal}) before polling:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    pid: child.pid as number,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
