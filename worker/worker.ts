/**
 * Builds the worker that runs every workflow and activity of the project on one task queue.
 * Used by the standalone worker process (main.ts), by `oco start`, and by the tests.
 */
import { type NativeConnection, Worker } from '@temporalio/worker';
import { type Activities, createActivities } from '../activities';
import { TASK_QUEUE } from '../workflows/ids';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  activities?: Activities;
  /** A prebuilt workflow bundle (tests build one per run); otherwise workflows/ is bundled at start. */
  workflowBundlePath?: string;
  /** Workflows kept in memory between tasks (the SDK default when unset); 0 turns off sticky execution. */
  maxCachedWorkflows?: number;
}

export function workflowsPath(): string {
  return require.resolve('../workflows');
}

export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  const workflowSource = setup.workflowBundlePath
    ? { workflowBundle: { codePath: setup.workflowBundlePath } }
    : { workflowsPath: workflowsPath() };
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace ?? 'default',
    taskQueue: setup.taskQueue ?? TASK_QUEUE,
    activities: setup.activities ?? createActivities(),
    ...workflowSource,
    ...(setup.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: setup.maxCachedWorkflows } : {}),
  });
}
