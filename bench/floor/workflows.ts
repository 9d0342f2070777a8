/**
 * The floor of the load benchmark: the least a durable input needs from Temporal and SMTP. One long-running workflow
 * per input-holder (as our provider workflows), started before the load; an Update records the input in workflow
 * state and answers at once with a receipt-like answer (its number and the workflow's clock), and one activity sends
 * one plain e-mail about it, with the same retry options as our e-mails. No validation, no rules, no signing, no
 * templates: whatever our system spends beyond this is the cost of its own logic. Bundled on its own (bench/floor.ts).
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { EMAIL_ACTIVITY_OPTIONS } from '../../activities/email-options';
import type { FloorActivities } from './activities';
import { type FloorHolder, type FloorInput, inputCountQuery, recordInputUpdate } from './api';

const { sendFloorEmail } = proxyActivities<FloorActivities>(EMAIL_ACTIVITY_OPTIONS);

/** Runs until it is ended from outside, as a provider's workflow runs until the contract start. */
export async function floorWorkflow(holder: FloorHolder): Promise<never> {
  const inputs: FloorInput[] = [];
  setHandler(inputCountQuery, () => inputs.length);
  setHandler(recordInputUpdate, (input) => {
    inputs.push(input);
    const answer = {
      sequence: inputs.length,
      receivedAt: input.receivedAt,
      recordedAt: new Date().toISOString(),
    };
    // Sent in the background, as our outbox does: the answer does not wait for the mail server.
    sendFloorEmail({
      to: holder.email,
      holderId: holder.id,
      sequence: answer.sequence,
      receivedAt: input.receivedAt,
    }).catch(() => undefined);
    return answer;
  });
  await condition(() => false);
  throw new Error('unreachable');
}
