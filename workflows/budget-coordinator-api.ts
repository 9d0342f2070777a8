/** The budget coordinator's interface for clients: its input, its Updates and its query. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CycleConfig } from '../domain/config';
import type { ProviderRef } from '../domain/inputs';

export interface TransferRecord {
  number: number;
  from: string;
  fromRegion: string;
  to: string;
  toRegion: string;
  year: number;
  amountCents: number;
  approvedAt: string;
  by: string;
  reason: string;
}

export interface VwsConsultation {
  number: number;
  year: number;
  requestedAt: string;
  by: string;
  note: string | null;
  reminders: string[];
  outcome: {
    granted: boolean;
    amountCents: number;
    recordedAt: string;
    by: string;
    shares: { providerId: string; region: string; grantedCents: number }[];
  } | null;
}

export interface CoordinatorState {
  /** Transfers applied to both contracts. */
  transfers: TransferRecord[];
  /** Transfers attempted (applied or refused): their numbers. */
  attempts: number;
  vws: VwsConsultation[];
  /** Reviews sent, as "YYYY-MM". */
  reviews: string[];
  mail: Record<string, number>;
}

export interface BudgetCoordinatorInput {
  cycleId: string;
  config: CycleConfig;
  providers: ProviderRef[];
  carried?: CoordinatorState;
}

export interface CoordinatorView extends CoordinatorState {
  cycleId: string;
  providers: ProviderRef[];
}

export const coordinatorQuery = defineQuery<CoordinatorView>('budgetCoordinator');
export const transferUpdate = defineUpdate<TransferRecord, [unknown]>('transfer');
export const vwsRequestUpdate = defineUpdate<VwsConsultation, [unknown]>('vwsRequest');
export const vwsOutcomeUpdate = defineUpdate<VwsConsultation, [unknown]>('vwsOutcome');
