/**
 * Connects a test file to the time-skipping server of its Jest worker process and runs real Workers on it.
 *
 * The server is shared by the test files of one worker process and its clock only moves forward, so tests build
 * their cycles in the server's future (see yearsToFuture) and use a task queue of their own.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, Workflow, WorkflowHandle, WorkflowStartOptions } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { toNativeEphemeralServerConfig } from '@temporalio/testing/lib/ephemeral-server';
import { Runtime } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { freePort } from '../../support/free-port';
import { provisionTestServer, sdkExecutable } from '../../temporal-server/provision';
import { installQuietRuntime } from '../../worker/quiet-runtime';
import { createWorker } from '../../worker/worker';

type CreateFn = (options: object) => Promise<TestWorkflowEnvironment>;

/** Keeps test output to warnings: workers log every state change at INFO. Once per Jest worker process. */
export const quietRuntime = installQuietRuntime;

export async function connectTestEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const count = Number(process.env.OCO_TEST_TEMPORAL_COUNT ?? '0');
  if (count < 1)
    throw new Error('no Temporal test server: run the tests through jest, whose global setup starts it');
  const workerId = Number(process.env.JEST_WORKER_ID ?? '1');
  return attachTimeSkipping(process.env[`OCO_TEST_TEMPORAL_${((workerId - 1) % count) + 1}`]);
}

/**
 * An environment on a time-skipping server that runs at `address`. The SDK's public constructors either spawn a new
 * server or attach without time skipping; this uses the same internal factory that createFromExistingServer calls.
 */
function attachTimeSkipping(address: string | undefined): Promise<TestWorkflowEnvironment> {
  const create = (TestWorkflowEnvironment as unknown as { create?: CreateFn }).create;
  if (typeof create !== 'function')
    throw new Error('@temporalio/testing changed: TestWorkflowEnvironment.create is gone');
  return create.call(TestWorkflowEnvironment, {
    server: { type: 'existing' },
    address,
    namespace: 'default',
    supportsTimeSkipping: true,
    connectionOptions: {},
  });
}

export interface RunWithWorker {
  taskQueue: string;
  /** Starts a workflow on this worker's task queue; it is terminated after the test if it is still running. */
  start<W extends Workflow>(
    workflow: W,
    options: { workflowId?: string; args: Parameters<W> },
  ): Promise<WorkflowHandle<W>>;
}

/**
 * Runs `fn` while a real Worker (real workflow bundle, real activities) polls a fresh task queue. Workflows left
 * running by a failed test are terminated: on a shared time-skipping server, a workflow whose worker is gone would
 * otherwise hold the clock for every later test.
 */
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  fn: (ctx: RunWithWorker) => Promise<T>,
  activities?: Activities,
): Promise<T> {
  const taskQueue = `test-${randomUUID()}`;
  const started: WorkflowHandle<Workflow>[] = [];
  const worker = await createWorker({
    connection: env.nativeConnection,
    taskQueue,
    activities,
    workflowBundlePath: process.env.OCO_TEST_WORKFLOW_BUNDLE,
  });
  const ctx: RunWithWorker = {
    taskQueue,
    async start<W extends Workflow>(workflow: W, options: { workflowId?: string; args: Parameters<W> }) {
      const startOptions = {
        taskQueue,
        workflowId: options.workflowId ?? `${workflow.name}-${randomUUID()}`,
        args: options.args,
      } as unknown as WorkflowStartOptions<W>;
      const handle = await env.client.workflow.start(workflow, startOptions);
      started.push(handle);
      return handle;
    },
  };
  try {
    return await worker.runUntil(fn(ctx));
  } finally {
    await Promise.all(started.map((handle) => handle.terminate('test finished').catch(() => undefined)));
  }
}

export { skipTo } from '../../support/time-skipping';

/**
 * A time-skipping server of the test's own, for a test that moves the clock by decades: the shared server's clock
 * only moves forward, and a 28-year shift must stay before 2100.
 */
export async function withOwnServer<T>(fn: (env: TestWorkflowEnvironment) => Promise<T>): Promise<T> {
  const env = await startOwnServer();
  try {
    return await fn(env);
  } finally {
    await env.teardown();
  }
}

/** A time-skipping server of a test file's own (teardown() stops it): for files that move the clock by decades. */
export async function startOwnServer(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return startTimeSkippingServer(await provisionTestServer({}));
}

/** How the SDK says a server it spawned did not answer within its 5 s: the one failure worth trying again. */
const STARTUP_TIMEOUT = /did not start within/;

/**
 * Starts a time-skipping server. The SDK gives it 5 s to answer; on a machine busy with other work that can be too
 * short, so one that did not come up in time is tried again (three attempts in all, each on a port of its own).
 * Any other failure (no binary, one that cannot be run) is thrown at once. No attempt leaves a process behind: the SDK
 * kills the server it waited for in vain, and a server that came up but could not be connected to is stopped here.
 */
export async function startTimeSkippingServer(
  provisioned: Awaited<ReturnType<typeof provisionTestServer>>,
  attempts = 3,
): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTimeSkippingOnce(sdkExecutable(provisioned));
    } catch (error) {
      if (attempt >= attempts || !STARTUP_TIMEOUT.test(String((error as Error)?.message))) throw error;
      console.log(`[test server] not up in time (attempt ${attempt}), trying again`);
    }
  }
}

/**
 * One attempt: the server started as TestWorkflowEnvironment.createTimeSkipping starts it, then connected to. The SDK
 * would leave the server running when that connection fails; here it is stopped. The environment's teardown() stops
 * the server, as the SDK's own does.
 */
async function startTimeSkippingOnce(
  executable: ReturnType<typeof sdkExecutable>,
): Promise<TestWorkflowEnvironment> {
  const runtime = Runtime.instance();
  const port = await freePort();
  const server = await runtime.createEphemeralServer(
    toNativeEphemeralServerConfig({ type: 'time-skipping', executable, port }),
  );
  try {
    const env = await attachTimeSkipping(`127.0.0.1:${port}`);
    // The field the SDK's teardown() reads: a server of its own, which it shuts down.
    return Object.assign(env, { server });
  } catch (error) {
    await runtime.shutdownEphemeralServer(server).catch(() => undefined);
    throw error;
  }
}

/**
 * With OCO_RECORD_HISTORIES set (`npm run record-histories`), writes a workflow's history as it stands to
 * test/histories/<name>.json, where the replay test runs it through the current workflow code on every CI run.
 * A history already recorded is kept: it stands for workflows started by older code. Delete a file to record it anew.
 */
export async function recordHistory(
  client: Client,
  workflowId: string,
  name: string,
  runId?: string,
): Promise<void> {
  if (!process.env.OCO_RECORD_HISTORIES) return;
  const dir = path.join(__dirname, '..', 'histories');
  mkdirSync(dir, { recursive: true });
  if (existsSync(path.join(dir, `${name}.json`))) return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  writeFileSync(
    path.join(dir, `${name}.json`),
    `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`,
  );
}

/** A test on a time-skipping server of its own: each such test moves the clock decades ahead. */
export function testOnOwnServer(
  name: string,
  fn: (env: TestWorkflowEnvironment) => Promise<void>,
  timeoutMs?: number,
): void {
  test(name, () => withOwnServer(fn), timeoutMs);
}
