/**
 * Reading every provider's workflow of a cycle: the ids from the cycle, then each provider's view, a few at a time.
 * The receiving side (command line, API) and the cycle's activities use it to see across providers, which the
 * cycle's own history deliberately does not hold.
 */
import type { Client } from '@temporalio/client';
import { inPool } from '../support/pool';
import { providerIdsQuery } from '../workflows/cycle-api';
import { cycleWorkflowId, providerWorkflowId } from '../workflows/ids';
import { type ProviderView, providerViewQuery } from '../workflows/provider-api';

export async function registeredProviderIds(client: Client, cycleId: string): Promise<string[]> {
  return client.workflow.getHandle(cycleWorkflowId(cycleId)).query(providerIdsQuery);
}

/** The views of the given providers (all registered ones when no ids are given), in the order of the ids. */
export async function providerViews(
  client: Client,
  cycleId: string,
  ids?: readonly string[],
  options: { concurrency?: number; progress?: (done: number) => void } = {},
): Promise<ProviderView[]> {
  const providerIds = ids ?? (await registeredProviderIds(client, cycleId));
  const views = new Map<string, ProviderView>();
  let done = 0;
  await inPool(providerIds, options.concurrency ?? 16, async (id) => {
    views.set(id, await client.workflow.getHandle(providerWorkflowId(cycleId, id)).query(providerViewQuery));
    options.progress?.(++done);
  });
  return providerIds.map((id) => views.get(id) as ProviderView);
}
