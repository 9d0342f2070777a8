/**
 * Connects a test file to the time-skipping server of its Jest worker process and runs real Workers on it.
 *
 * The server is shared by the test files of one worker process and its clock only moves forward, so tests build
 * their cycles in the server's future (see yearsToFuture) and use a task queue of their own.
 */
import { randomUUID } from 'node:crypto';
import type { Workflow, WorkflowHandle, WorkflowStartOptions } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { createWorker } from '../../worker/worker';

type CreateFn = (options: object) => Promise<TestWorkflowEnvironment>;

/** Keeps test output to warnings: workers log every state change at INFO. Once per Jest worker process. */
export function quietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
  } catch {
    // Already installed by an earlier test file in this process.
  }
}

export async function connectTestEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const count = Number(process.env.OCO_TEST_TEMPORAL_COUNT ?? '0');
  if (count < 1)
    throw new Error('no Temporal test server: run the tests through jest, whose global setup starts it');
  const workerId = Number(process.env.JEST_WORKER_ID ?? '1');
  const address = process.env[`OCO_TEST_TEMPORAL_${((workerId - 1) % count) + 1}`];
  // The SDK's public constructors either spawn a new server or attach without time skipping. Attaching to an
  // existing time-skipping server uses the same internal factory that createFromExistingServer calls.
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

/** Advances the test server's clock to `targetMs` (if it is not there already), firing due timers on the way. */
export async function skipTo(env: TestWorkflowEnvironment, targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs > now) await env.sleep(targetMs - now);
}
