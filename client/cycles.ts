/**
 * Starting, reading and listing cycles as a Temporal client; shared by the command line and the HTTP API.
 */
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { CycleConfig } from '../domain/config';
import { holidaysForCycle } from '../domain/holidays';
import { planTimeline } from '../domain/timeline';
import type { cycleWorkflow } from '../workflows/cycle';
import { type CycleStatus, cycleStatusQuery } from '../workflows/cycle-api';
import { cycleWorkflowId, TASK_QUEUE } from '../workflows/ids';

export interface StartedCycle {
  handle: WorkflowHandle<typeof cycleWorkflow>;
  /** 'started' now, 'running' from before (resumed), or 'closed' (the cycle already ended; not started again). */
  state: 'started' | 'running' | 'closed';
  /** Milestones whose planned instant differs between the running cycle and this configuration. */
  differences: string[];
}

export async function startOrResumeCycle(
  client: Client,
  config: CycleConfig,
  taskQueue = TASK_QUEUE,
): Promise<StartedCycle> {
  const workflowId = cycleWorkflowId(config.id);
  try {
    const handle = await client.workflow.start('cycleWorkflow', {
      taskQueue,
      workflowId,
      args: [{ config }],
      // A cycle id is used once: a finished cycle is never started again by accident.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return { handle: handle as WorkflowHandle<typeof cycleWorkflow>, state: 'started', differences: [] };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const handle = client.workflow.getHandle<typeof cycleWorkflow>(workflowId);
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING') return { handle, state: 'closed', differences: [] };
  const status = await handle.query(cycleStatusQuery);
  return { handle, state: 'running', differences: timelineDifferences(status, config) };
}

function timelineDifferences(status: CycleStatus, config: CycleConfig): string[] {
  const planned = new Map(planTimeline(config, holidaysForCycle(config)).map((m) => [m.key, m.at]));
  return status.timeline
    .filter((m) => planned.get(m.key) !== m.at)
    .map((m) => `${m.key}: running cycle has ${m.at}, configuration has ${planned.get(m.key) ?? 'nothing'}`);
}

export function cycleStatus(client: Client, configId: string): Promise<CycleStatus> {
  return client.workflow.getHandle(cycleWorkflowId(configId)).query(cycleStatusQuery);
}

/**
 * The status once the cycle has planned its timeline. Right after a start the first workflow task may not have run
 * yet, and the query then answers "scheduled" with an empty timeline.
 */
export async function plannedStatus(handle: WorkflowHandle, timeoutMs = 10_000): Promise<CycleStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await handle.query(cycleStatusQuery);
    if (status.timeline.length > 0) return status;
    if (Date.now() > deadline)
      throw new Error(`cycle ${status.cycleId} did not plan its timeline within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface ListedCycle {
  cycleId: string;
  /** The workflow's status: RUNNING, COMPLETED, TERMINATED, ... */
  status: string;
  startedAt: string;
}

/** gRPC's status for a method the server does not have (the time-skipping test server cannot list workflows). */
const UNIMPLEMENTED = 12;

/**
 * Every cycle on the server, oldest first, from its list of workflows. `known` cycles (the ones a server was started
 * for) are looked up one by one when the list does not have them yet (it lags behind a start) or the server cannot
 * list at all.
 */
export async function listCycles(client: Client, known: readonly string[] = []): Promise<ListedCycle[]> {
  const cycles = new Map<string, ListedCycle>();
  try {
    for await (const execution of client.workflow.list({ query: "WorkflowType = 'cycleWorkflow'" })) {
      const cycleId = execution.workflowId.replace(/^cycle-/, '');
      cycles.set(cycleId, {
        cycleId,
        status: execution.status.name,
        startedAt: execution.startTime.toISOString(),
      });
    }
  } catch (error) {
    if ((error as { cause?: { code?: number } }).cause?.code !== UNIMPLEMENTED) throw error;
  }
  for (const cycleId of known.filter((id) => !cycles.has(id))) {
    try {
      const description = await client.workflow.getHandle(cycleWorkflowId(cycleId)).describe();
      cycles.set(cycleId, {
        cycleId,
        status: description.status.name,
        startedAt: description.startTime.toISOString(),
      });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return [...cycles.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
