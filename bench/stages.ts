/**
 * Where an input's time goes, read from the workflows' histories afterwards: from the front door's stamp to the
 * workflow task the Update arrived in, that task waiting for the worker, the task itself, the answer back at the
 * caller; and for the e-mail its activity waiting for the worker and the activity itself. The same reading for our
 * system and the floor shows which stage our logic makes longer.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { inPool } from '../support/pool';
import { type Spread, spread } from './load';

export interface StageFigures {
  /** Inputs whose history was read. */
  read: number;
  /** Front door stamp to the workflow task the Update came in (the front door's work, the call to the server). */
  toTask: Spread;
  /** That task scheduled to started: waiting for the worker to poll it. */
  taskWait: Spread;
  /** The task started to completed: the workflow code, with its local activities. */
  task: Spread;
  /** The task completed to the answer at the caller. */
  toAnswer: Spread;
  /** The e-mail activity scheduled to started: waiting for the worker. */
  activityWait: Spread;
  /** The e-mail activity started to completed: rendering and handing to SMTP. */
  activity: Spread;
}

export interface TimedInput {
  workflowId: string;
  acceptedAt: number;
  answeredAt: number;
}

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const ms = (event: HistoryEvent | undefined): number | undefined => {
  const t = event?.eventTime;
  return t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : undefined;
};

interface Stages {
  toTask: number;
  taskWait: number;
  task: number;
  toAnswer: number;
  activityWait?: number;
  activity?: number;
}

/** The stages of the first Update named `update` in a history, and of the first activity it scheduled. */
function stagesOf(
  events: HistoryEvent[],
  input: TimedInput,
  update: string,
  activity: string,
): Stages | null {
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const accepted = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED &&
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === update,
  );
  if (!accepted) return null;
  const completed = [...events]
    .reverse()
    .find(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED &&
        Number(e.eventId) < Number(accepted.eventId),
    );
  const attributes = completed?.workflowTaskCompletedEventAttributes;
  const scheduled = byId.get(Number(attributes?.scheduledEventId));
  const started = byId.get(Number(attributes?.startedEventId));
  const [s, st, c] = [ms(scheduled), ms(started), ms(completed)];
  if (s === undefined || st === undefined || c === undefined) return null;
  const result: Stages = {
    toTask: s - input.acceptedAt,
    taskWait: st - s,
    task: c - st,
    toAnswer: input.answeredAt - c,
  };
  const sent = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      Number(e.eventId) > Number(accepted.eventId) &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === activity,
  );
  const activityStarted = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED &&
      Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === Number(sent?.eventId),
  );
  const activityDone = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED &&
      Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === Number(sent?.eventId),
  );
  const [as, ast, ac] = [ms(sent), ms(activityStarted), ms(activityDone)];
  if (as !== undefined && ast !== undefined && ac !== undefined) {
    result.activityWait = ast - as;
    result.activity = ac - ast;
  }
  return result;
}

/** Reads up to `sample` of the inputs' histories and gives each stage's spread. */
export async function stageFigures(
  client: Client,
  inputs: readonly TimedInput[],
  names: { update: string; activity: string },
  sample = 200,
): Promise<StageFigures> {
  const step = Math.max(1, Math.floor(inputs.length / sample));
  const chosen = inputs.filter((_, i) => i % step === 0).slice(0, sample);
  const found: Stages[] = [];
  await inPool(chosen, 16, async (input) => {
    const history = await client.workflow.getHandle(input.workflowId).fetchHistory();
    const stages = stagesOf(history.events ?? [], input, names.update, names.activity);
    if (stages) found.push(stages);
  });
  const of = (key: keyof Stages) =>
    spread(found.map((s) => s[key]).filter((v): v is number => v !== undefined));
  return {
    read: found.length,
    toTask: of('toTask'),
    taskWait: of('taskWait'),
    task: of('task'),
    toAnswer: of('toAnswer'),
    activityWait: of('activityWait'),
    activity: of('activity'),
  };
}
