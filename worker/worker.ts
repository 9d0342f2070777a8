/**
 * Builds the worker that runs every workflow and activity of the project on one task queue.
 * Used by the standalone worker process (main.ts), by `oco start`, and by the tests.
 */
import v8 from 'node:v8';
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
  /** Workflows kept in memory between tasks (cachedWorkflowsFor the heap when unset); 0 turns off sticky execution. */
  maxCachedWorkflows?: number;
}

/** What one cached workflow takes of the workflow thread's heap, measured: its own copy of zod, the schemas, luxon. */
const MIB_PER_CACHED_WORKFLOW = 3;

/**
 * How many workflows a worker keeps in memory between tasks. The SDK's default counts on about 1.7 MB a workflow; ours
 * take about 2-3 MB (the SDK gives every workflow fresh copies of the modules it loads), so with the SDK's default a
 * worker holding a national round (thousands of provider workflows) filled its heap until garbage collection made
 * workflow creation overrun the SDK's 5 s limit. Past this number the least recently used workflows are evicted and
 * replayed from history when they next have work, which in a deadline rush costs every submission a replay: Node's
 * default heap (about 4 GiB) keeps some 1,200 workflows, fewer than a 2,000-provider cycle has. So every process that
 * runs the worker for a real cycle gives Node a larger heap (`--max-old-space-size=8192` in the compose file,
 * `npm start`, `npm run worker` and `npm run bench`), which keeps about 2,560.
 */
export function cachedWorkflowsFor(heapMiB = v8.getHeapStatistics().heap_size_limit / 1048576): number {
  return Math.max(10, Math.floor((heapMiB - 512) / MIB_PER_CACHED_WORKFLOW));
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
    maxCachedWorkflows: setup.maxCachedWorkflows ?? cachedWorkflowsFor(),
  });
}
