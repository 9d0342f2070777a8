/**
 * Whether workflows stayed healthy through a fault: no workflow task that failed (a bug in workflow code, or
 * non-determinism), and no workflow that ended as failed. A workflow task that timed out because its worker was
 * killed is not a failure: Temporal hands the task to the next worker.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { inPool } from '../../support/pool';
import { until } from './waits';

const { EventType, PendingActivityState } = temporal.api.enums.v1;

/** One line per problem: "<workflowId>: <what>"; empty when all are healthy. */
export async function workflowTaskFailures(client: Client, workflowIds: string[]): Promise<string[]> {
  const found: string[] = [];
  await inPool(workflowIds, 8, async (workflowId) => {
    const handle = client.workflow.getHandle(workflowId);
    const { status } = await handle.describe();
    if (status.name === 'FAILED' || status.name === 'TIMED_OUT') found.push(`${workflowId}: ${status.name}`);
    const history = await handle.fetchHistory();
    for (const event of history.events ?? []) {
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        found.push(
          `${workflowId}: workflow task failed: ${event.workflowTaskFailedEventAttributes?.failure?.message ?? ''}`,
        );
    }
  });
  return found.sort();
}

/** An activity a workflow still has scheduled or running. */
export interface PendingActivity {
  workflowId: string;
  runId: string;
  activityId: string;
  activityType: string;
  /** Handed to a worker (which may have died since) rather than waiting for one. */
  started: boolean;
  /** The identity of the worker that last started it ("<pid>@<host>" by default). */
  worker: string;
  attempt: number;
  lastFailure?: string;
}

/** The activities the workflows still have scheduled or running (a send that will be tried again, say). */
export async function pendingActivityList(client: Client, workflowIds: string[]): Promise<PendingActivity[]> {
  const found: PendingActivity[] = [];
  await inPool(workflowIds, 8, async (workflowId) => {
    const description = await client.workflow.getHandle(workflowId).describe();
    for (const activity of description.raw.pendingActivities ?? [])
      found.push({
        workflowId,
        runId: description.runId,
        activityId: activity.activityId ?? '',
        activityType: activity.activityType?.name ?? '',
        started: activity.state === PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
        worker: activity.lastWorkerIdentity ?? '',
        attempt: activity.attempt ?? 0,
        ...(activity.lastFailure?.message ? { lastFailure: activity.lastFailure.message.slice(0, 300) } : {}),
      });
  });
  return found;
}

/** How many activities the workflows still have scheduled or running. */
export async function pendingActivities(client: Client, workflowIds: string[]): Promise<number> {
  return (await pendingActivityList(client, workflowIds)).length;
}

/** Waits until the workflows have no activity scheduled or running (every e-mail sent or failed); names what is left. */
export async function noActivityPending(
  client: Client,
  workflowIds: string[],
  ms = 2 * 60_000,
): Promise<void> {
  await until(
    'no e-mail pending',
    async () => ((await pendingActivities(client, workflowIds)) === 0 ? true : undefined),
    ms,
    () => pendingActivityList(client, workflowIds),
  );
}
