/**
 * The contract-period workflow's interface for clients: what the cycle hands over at contract start, what the
 * workflow carries over continue-as-new, its Updates and its queries.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OverrunCase } from '../domain/budget/ladder';
import type { Ledger } from '../domain/budget/ledger';
import type { ProductionEntry } from '../domain/budget/production';
import type { Projection } from '../domain/budget/projection';
import type { CycleConfig } from '../domain/config';
import type { ContractRecord } from '../domain/contract';
import type { ProviderRef } from '../domain/inputs';
import type { SignedReceipt } from '../mail/receipt';

export interface ContractHandover {
  cycleId: string;
  provider: ProviderRef;
  wlzUitvoerder: { name: string; email: string };
  timezone: string;
  contract: ContractRecord;
  /** The cycle's configuration at contract start (budget and obligation terms); absent in early hand-overs. */
  config?: CycleConfig;
  /** A provider new to the Wlz-uitvoerder (2027-2028 definition): its BCMB term runs from contract start. */
  newProvider?: boolean;
}

/** The records of the recurring obligations. */
export interface ObligationRecords {
  /** A provider new to the Wlz-uitvoerder: its BCMB term runs from contract start (set at hand-over or by the officer). */
  newProvider?: boolean;
  /** Obligation ids met (with the count, for meetings). */
  met: Record<string, number>;
  /** Reminder and overdue notices sent, as "<obligation id>#<n>" and "<obligation id>#overdue". */
  notices: string[];
  meetings: { on: string; held: boolean; topic: string | null; receivedAt: string }[];
  staff: { name: string; joinedOn: string; registeredOn: string | null }[];
  subcontractors: {
    name: string;
    from: string;
    shares: { region: string; percent: number }[];
    announcedAt: string;
  }[];
  /** Every obligation input, as received. */
  log: { kind: string; period: string; receivedAt: string }[];
}

/** What the workflow carries over continue-as-new. */
export interface ContractPeriodState {
  ledger: Ledger;
  cases: OverrunCase[];
  /** "region:quarterEnd" verdicts already acted on, so a correction does not open the same case twice. */
  assessed: string[];
  /** Ladder notices sent ("<case>:<step>:overdue", "<case>:vws:<n>"). */
  ladderNotices: string[];
  obligations: ObligationRecords;
  /** Inputs of each kind so far: receipt numbers continue across continue-as-new. */
  receipts: Record<string, number>;
  /** Messages of each kind so far: Message-IDs continue across continue-as-new. */
  mail: Record<string, number>;
  /** Continue-as-new runs so far. */
  generation: number;
}

export interface ContractPeriodInput extends ContractHandover {
  carried?: ContractPeriodState;
}

export interface RegionBudget {
  region: string;
  year: number;
  ceiling: number;
  final: boolean;
  spent: number;
  projected: number;
  projectedByPrognosis: number;
  step: OverrunCase['step'];
  projection: Projection;
}

export interface ContractPeriodView extends ContractHandover {
  /** First instant after the contract period (ISO-8601 UTC). */
  endsAt: string;
  status: 'running' | 'ended';
  /** The contract year the workflow is in; null before the period and in early hand-overs. */
  year?: number | null;
  budget?: RegionBudget[];
  cases?: OverrunCase[];
  ledger?: Ledger;
  obligations?: ObligationRecords & { open: { id: string; dueAt: string }[] };
  generation?: number;
}

export interface BudgetReceipt {
  receipt: SignedReceipt;
  projection: Projection | null;
  /** A case the input opened or moved, if any. */
  case: OverrunCase | null;
}

export interface ProductionResult extends BudgetReceipt {
  entry: ProductionEntry;
}

/** A ceiling change from the budget coordinator: a transfer or VWS funds. */
export interface CeilingAdjustment {
  receivedAt: string;
  region: string;
  year: number;
  /** Positive: more room; negative: room given away. */
  deltaCents: number;
  kind: 'transfer' | 'vws';
  by: string;
  reason: string;
  /** The business event ("transfer-3-give"): made once, even when the activity is retried after a continue-as-new. */
  id?: string;
  /** For a transfer: the other side, by name, as an open case records it. */
  counterpart?: string;
}

export const contractPeriodQuery = defineQuery<ContractPeriodView>('contractPeriod');

/** Where a contract stands in each of its regions in a contract year: what transfers and reviews are computed from. */
export interface ContractPosition {
  providerId: string;
  providerName: string;
  region: string;
  year: number;
  ceilingCents: number;
  projectedCents: number;
  step: OverrunCase['step'];
}
export const positionsQuery = defineQuery<ContractPosition[], [number]>('budgetPositions');

/** The outcome of the consultation with VWS for one case: the funds it gets (maybe none). */
export interface VwsDecision {
  receivedAt: string;
  region: string;
  year: number;
  grantedCents: number;
  by: string;
  reason: string;
}
export const vwsDecisionUpdate = defineUpdate<OverrunCase, [VwsDecision]>('vwsDecision');

export const reportProductionUpdate = defineUpdate<ProductionResult, [unknown]>('reportProduction');
export const submitPrognosisUpdate = defineUpdate<BudgetReceipt, [unknown]>('submitPrognosis');
export const reportOverrunUpdate = defineUpdate<BudgetReceipt, [unknown]>('reportOverrun');
export const recordMaatwerkUpdate = defineUpdate<OverrunCase, [unknown]>('recordMaatwerk');
export const moveOnUpdate = defineUpdate<OverrunCase, [unknown]>('moveOn');
export const closeCaseUpdate = defineUpdate<OverrunCase, [unknown]>('closeCase');
export const setCeilingUpdate = defineUpdate<RegionBudget, [unknown]>('setCeiling');
export const setYearTariffUpdate = defineUpdate<Record<string, number>, [unknown]>('setYearTariff');
export const recordObligationUpdate = defineUpdate<BudgetReceipt, [unknown]>('recordObligation');
export const setNewProviderUpdate = defineUpdate<ObligationRecords, [unknown]>('setNewProvider');
export const adjustCeilingUpdate = defineUpdate<RegionBudget, [CeilingAdjustment]>('adjustCeiling');
