/** What the floor's workflow offers its callers (bench/floor/workflows.ts): kept apart so callers need no workflow code. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export interface FloorHolder {
  id: string;
  email: string;
}

export interface FloorInput {
  /** The receipt time the front door stamped. */
  receivedAt: string;
  /** What was sent, kept as it came. */
  payload: unknown;
}

export interface FloorAnswer {
  sequence: number;
  receivedAt: string;
  /** The workflow's clock when it recorded the input (the start of its workflow task, the server's time). */
  recordedAt: string;
}

export const recordInputUpdate = defineUpdate<FloorAnswer, [FloorInput]>('recordInput');
/** How many inputs the workflow holds (the benchmark asks it to know the workflow is up). */
export const inputCountQuery = defineQuery<number>('inputCount');

export const floorWorkflowId = (holderId: string) => `floor-${holderId}`;
