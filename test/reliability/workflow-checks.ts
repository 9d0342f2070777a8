/**
 * What the hostile-input tests check of the workflows and the e-mails after a run: no workflow task failed, no
 * e-mail failed for data its template refuses, every workflow still answers its query, and no sent e-mail carries
 * markup from input.
 */
import type { Client } from '@temporalio/client';
import { simpleParser } from 'mailparser';
import { INVALID_MESSAGE } from '../../activities/email-options';
import { registeredProviderIds } from '../../client/provider-views';
import type { MailboxServer } from '../../mail/mailbox-server';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { cycleWorkflowId, providerWorkflowId } from '../../workflows/ids';
import { providerViewQuery } from '../../workflows/provider-api';
import { unsafeMarkup } from './arbitraries';

/** Every workflow of a cycle: the cycle and its registered providers. */
export async function cycleWorkflowIds(client: Client, cycleId: string): Promise<string[]> {
  const providers = await registeredProviderIds(client, cycleId);
  return [cycleWorkflowId(cycleId), ...providers.map((id) => providerWorkflowId(cycleId, id))];
}

/**
 * What went wrong in these workflows' histories: a workflow task that failed (a bug: the workflow is stuck until a
 * fix is deployed), and an e-mail activity refused for its data (a message that never went out).
 */
export async function historyProblems(client: Client, workflowIds: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const id of workflowIds) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    for (const event of history.events ?? []) {
      const taskFailure = event.workflowTaskFailedEventAttributes;
      if (taskFailure)
        problems.push(`${id}: workflow task failed: ${taskFailure.failure?.message?.slice(0, 500) ?? '?'}`);
      const activityFailure = event.activityTaskFailedEventAttributes?.failure;
      if (activityFailure?.applicationFailureInfo?.type === INVALID_MESSAGE)
        problems.push(`${id}: an e-mail could not be rendered: ${activityFailure.message?.slice(0, 500)}`);
    }
  }
  return problems;
}

/** Workflows that do not answer their query (a cycle's status, a provider's view). */
export async function unansweredQueries(client: Client, cycleId: string): Promise<string[]> {
  const problems: string[] = [];
  try {
    await client.workflow.getHandle(cycleWorkflowId(cycleId)).query(cycleStatusQuery);
  } catch (error) {
    problems.push(`cycle ${cycleId}: ${(error as Error).message}`);
  }
  for (const id of await registeredProviderIds(client, cycleId))
    try {
      await client.workflow.getHandle(providerWorkflowId(cycleId, id)).query(providerViewQuery);
    } catch (error) {
      problems.push(`provider ${id}: ${(error as Error).message}`);
    }
  return problems;
}

/** Markup from input in the HTML part of any e-mail the in-process SMTP server received, and how many it holds. */
export async function unsafeMail(
  server: MailboxServer,
  knownTags: ReadonlySet<string>,
): Promise<{ checked: number; problems: string[] }> {
  const problems: string[] = [];
  let checked = 0;
  for (const message of server.received) {
    const parsed = await simpleParser(message.raw);
    checked++;
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    for (const finding of unsafeMarkup(html, knownTags))
      problems.push(`${parsed.headers.get('x-oco-kind')} "${parsed.subject?.slice(0, 80)}": ${finding}`);
  }
  return { checked, problems };
}
