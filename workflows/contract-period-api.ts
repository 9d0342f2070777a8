/** The contract-period workflow's interface for clients: what the cycle hands over at contract start, and its query. */
import { defineQuery } from '@temporalio/workflow';
import type { ContractRecord } from '../domain/contract';
import type { ProviderRef } from '../domain/inputs';

export interface ContractHandover {
  cycleId: string;
  provider: ProviderRef;
  wlzUitvoerder: { name: string; email: string };
  timezone: string;
  contract: ContractRecord;
}

export interface ContractPeriodView extends ContractHandover {
  /** First instant after the contract period (ISO-8601 UTC). */
  endsAt: string;
  status: 'running' | 'ended';
}

export const contractPeriodQuery = defineQuery<ContractPeriodView>('contractPeriod');
