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

export async function legalRegister(client: Client, cycleId: string, concurrency = 16): Promise<LegalRow[]> {
  const ids = await registeredProviderIds(client, cycleId);
  const rows: LegalRow[] = [];
  await inPool(ids, concurrency, async (id) => {
    rows.push(...(await client.workflow.getHandle(providerWorkflowId(cycleId, id)).query(legalRowsQuery)));
  });
  return sortRegister(rows);
}
