/**
 * What the dashboard's read endpoints answer (api/routes/dashboard.ts), as plain types: the browser code imports them
 * (type-only, nothing of the server enters its bundle). Every instant is ISO-8601 UTC; `display` is the same instant
 * as people read it, in Dutch and the cycle's local time ("vrijdag 29 september 2023, 24:00 uur").
 */
import type { Attention, AttentionKind } from '../domain/attention';
import type { MonthPoint } from '../domain/budget/monthly-series';
import type { RegionPosition } from '../domain/budget/transfer';
import type { ThreadMessage } from '../domain/mail-thread';
import type { Phase } from '../domain/phases';
import type { MilestoneKey } from '../domain/timeline';
import type { SentReminder, TimelineMilestone } from '../domain/timeline-view';
import type { CoordinatorView } from '../workflows/budget-coordinator-api';
import type { ContractPeriodView } from '../workflows/contract-period-api';
import type { ProviderView } from '../workflows/provider-api';

export type {
  Attention,
  AttentionKind,
  ContractPeriodView,
  CoordinatorView,
  MonthPoint,
  ProviderView,
  SentReminder,
  ThreadMessage,
  TimelineMilestone,
};

/** GET /me: who the token is. */
export interface MeView {
  role: 'provider' | 'officer' | 'legal';
  tokenId: string;
  label: string | null;
  /** The provider a provider token acts for. */
  providerId: string | null;
  /** The one cycle the token is bound to, if any. */
  cycleId: string | null;
  /** The server's clock: countdowns and days left count from it, not from the browser's. */
  now: string;
}

export interface NextMilestone {
  key: MilestoneKey;
  label: string;
  at: string;
  display: string;
}

export interface CycleOverview {
  cycleId: string;
  /** The configuration's title, or the cycle id. */
  title: string;
  wlzUitvoerder: { name: string; email: string } | null;
  /** The cycle's workflow runs (not completed, terminated or failed). */
  running: boolean;
  /** The workflow's status as Temporal has it: RUNNING, COMPLETED, TERMINATED, ... */
  workflowStatus: string;
  startedAt: string;
  /** Null when the cycle could not be read (see readError). */
  phase: Phase | null;
  /** The phase in Dutch. */
  phaseLabel: string | null;
  /** Null once the cycle no longer runs. */
  next: NextMilestone | null;
  providers: number;
  /** What needs the officer's attention (a cycle that no longer runs: nothing). */
  attention: Attention[];
  /** What could not be read of the cycle, and why; null when everything could. */
  readError: string | null;
}

/** GET /cycles */
export interface CyclesResponse {
  cycles: CycleOverview[];
}

/** GET /cycles/{cycleId}/timeline */
export interface TimelineResponse {
  cycleId: string;
  timezone: string;
  now: string;
  milestones: TimelineMilestone[];
  reminders: SentReminder[];
}

/** GET /cycles/{cycleId}/providers */
export interface ProvidersResponse {
  providers: ProviderView[];
}

/** GET /cycles/{cycleId}/providers/{providerId}/thread */
export interface ThreadResponse {
  messages: ThreadMessage[];
}

/** A contract's view with its budget month by month (empty for a contract handed over before budget monitoring). */
export type ContractBudgetView = ContractPeriodView & { months: MonthPoint[] };

/** A row of the June and October review: a region's totals in a contract year. */
export type ReviewRow = RegionPosition & { year: number };

/** GET /cycles/{cycleId}/budgets */
export interface BudgetsResponse {
  cycleId: string;
  contracts: ContractBudgetView[];
  /** Null while the contract period (and so the budget coordinator) has not started. */
  coordinator: CoordinatorView | null;
  review: ReviewRow[];
}
