/**
 * The legal register of a cycle: every objection of every provider with its terms (domain/legal-register.ts), read
 * from the providers' workflows, where the objections live.
 */
import type { Client } from '@temporalio/client';
import { type LegalRow, sortRegister } from '../domain/legal-register';
import { inPool } from '../support/pool';
import { providerWorkflowId } from '../workflows/ids';
import { legalRowsQuery } from '../workflows/provider-api';
import { registeredProviderIds } from './provider-views';

/** The register of the given providers (all registered ones when no ids are given). */
export async function legalRegister(
  client: Client,
  cycleId: string,
  only?: readonly string[],
  concurrency = 16,
): Promise<LegalRow[]> {
  const ids = only ?? (await registeredProviderIds(client, cycleId));
  const rows: LegalRow[] = [];
  await inPool(ids, concurrency, async (id) => {
    rows.push(...(await client.workflow.getHandle(providerWorkflowId(cycleId, id)).query(legalRowsQuery)));
  });
  return sortRegister(rows);
}
