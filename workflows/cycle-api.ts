/**
 * The cycle workflow's interface for clients: its input, its Updates (the officer's actions and the registration of
 * providers), its query and what they return. Kept apart from the workflow code so that clients import definitions,
 * not workflow implementation.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CycleConfig } from '../domain/config';
import type {
  Amendment,
  ContractNotice,
  NviNotice,
  SelectionNotice,
  TariffNotice,
} from '../domain/cycle-news';
import type { AmendmentInput, NviInput, RegistrationInput, TariffInput } from '../domain/inputs';
import type { Phase } from '../domain/phases';
import type { RegionReadiness, SelectionDecision, SelectionDecisionInputSchema } from '../domain/selection';
import type { Milestone, MilestoneKey } from '../domain/timeline';

export interface CycleWorkflowInput {
  config: CycleConfig;
}

export interface ReachedMilestone {
  key: MilestoneKey;
  /** Planned instant, ISO-8601 UTC. */
  plannedAt: string;
  /** When the workflow reached it, ISO-8601 UTC: never before plannedAt; later only if the cycle started late. */
  reachedAt: string;
}

export interface CycleStatus {
  cycleId: string;
  phase: Phase;
  /** The planned instant at which the current phase began (ISO-8601 UTC), null before publication. */
  phaseSince: string | null;
  next: Milestone | null;
  reached: ReachedMilestone[];
  timeline: Milestone[];
  /** The configuration as it now stands, amendments included. */
  config: CycleConfig;
  providers: number;
  nvi: NviNotice | null;
  tariff: TariffNotice | null;
  amendments: Amendment[];
  /** Messages to the officer that could not be delivered. */
  deliveryFailures: string[];
  /** The officer's selection per region, the latest decision of each (absent in cycles from before part 2). */
  decisions?: SelectionDecision[];
  /** The announcement: null until it went out. */
  selection?: SelectionNotice | null;
  /** Set while the announcement is held back because the assessment is not complete. */
  announcementBlocked?: { since: string; incomplete: RegionReadiness[] } | null;
  contracts?: ContractNotice | null;
  handover?: HandoverSummary | null;
}

export interface HandoverSummary {
  at: string;
  /** Providers whose signed contract went to its contract-period workflow. */
  handedOver: string[];
  /** Providers selected whose contract was not signed at the start. */
  unsigned: string[];
}

export interface CycleSummary {
  cycleId: string;
  phase: Phase;
  reached: ReachedMilestone[];
  /** Milestones that had already passed when the cycle was started, reached at start instead of on time. */
  caughtUp: MilestoneKey[];
  /** Selected providers per region (absent in cycles from before part 2). */
  selected?: Record<string, string[]>;
  handover?: HandoverSummary | null;
}

export interface AnnouncementRelease {
  announced: boolean;
  /** The regions still holding it back. */
  incomplete: RegionReadiness[];
}

export interface RegistrationResult {
  registered: string[];
  alreadyRegistered: string[];
}

export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');
/** The ids of the registered providers, in order of registration. */
export const providerIdsQuery = defineQuery<string[]>('providerIds');
export const registerProvidersUpdate = defineUpdate<RegistrationResult, [RegistrationInput]>(
  'registerProviders',
);
export const publishNviUpdate = defineUpdate<NviNotice, [NviInput]>('publishNvi');
export const amendScheduleUpdate = defineUpdate<Amendment, [AmendmentInput]>('amendSchedule');
export const announceTariffUpdate = defineUpdate<TariffNotice, [TariffInput]>('announceTariff');
/** The officer's selection for one region: the proposal confirmed, or overridden with a reason. */
export const decideSelectionUpdate = defineUpdate<
  SelectionDecision,
  [z.input<typeof SelectionDecisionInputSchema>]
>('decideSelection');
/** After a held-back announcement: check again and announce if the assessment is now complete. */
export const releaseAnnouncementUpdate = defineUpdate<AnnouncementRelease, [{ receivedAt: string }]>(
  'releaseAnnouncement',
);
