/**
 * What a killed worker had in flight, and which duplicates that explains. Right after the kill, every activity the
 * server shows as started by that worker (its identity, "<pid>@<host>") was running there and never reported its
 * outcome, so Temporal runs it again when its timeout ends. The messages those activities send (read from the
 * activity's input in the history) are the only ones that may arrive twice, once more per kill.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { MailingInput, SendEmailInput } from '../../activities/email';
import { domainOf, messageIdFor } from '../../mail/message-id';
import { pendingActivityList } from './workflow-health';

/** The Message-IDs of the e-mail activities of these workflows that the worker with this pid started and never completed. */
export async function inFlightMessageIds(
  client: Client,
  workflowIds: string[],
  workerPid: number,
  mailFrom: string,
): Promise<Set<string>> {
  const started = (await pendingActivityList(client, workflowIds)).filter(
    (a) => a.started && a.worker.split('@')[0] === String(workerPid),
  );
  const domain = domainOf(mailFrom);
  const ids = new Set<string>();
  for (const run of new Set(started.map((a) => `${a.workflowId}\n${a.runId}`))) {
    const [workflowId, runId] = run.split('\n') as [string, string];
    const activityIds = new Set(
      started.filter((a) => a.workflowId === workflowId && a.runId === runId).map((a) => a.activityId),
    );
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      const payload = scheduled?.input?.payloads?.[0];
      if (!scheduled || !payload || !activityIds.has(scheduled.activityId ?? '')) continue;
      const type = scheduled.activityType?.name;
      if (type === 'sendEmail') {
        const input = defaultPayloadConverter.fromPayload<SendEmailInput>(payload);
        ids.add(messageIdFor(input.event, domain));
      } else if (type === 'sendMailing') {
        const input = defaultPayloadConverter.fromPayload<MailingInput>(payload);
        for (const r of input.recipients)
          ids.add(
            messageIdFor(
              {
                cycleId: input.cycleId,
                providerId: r.providerId,
                kind: input.kind,
                sequence: input.sequence,
              },
              domain,
            ),
          );
      }
    }
  }
  return ids;
}

/**
 * Every (recipient, Message-ID) that arrived more often than the kills explain: once, and once more for each kill
 * whose worker had the message in flight. Empty when every duplicate is a resend of a message a dead worker was
 * sending.
 */
export function unexplainedCopies(
  byRecipient: ReadonlyMap<string, ReadonlyMap<string, number>>,
  inFlightPerKill: readonly ReadonlySet<string>[],
): string[] {
  const problems: string[] = [];
  for (const [to, copies] of byRecipient)
    for (const [id, n] of copies) {
      const allowed = 1 + inFlightPerKill.filter((ids) => ids.has(id)).length;
      if (n > allowed) problems.push(`${to} ${id}: ${n} copies, at most ${allowed} explained by the kills`);
    }
  return problems.sort();
}
