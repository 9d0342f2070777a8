/**
 * The cycle workflow's interface for clients: its input, its Updates (the officer's actions and the registration of
 * providers), its query and what they return. Kept apart from the workflow code so that clients import definitions,
 * not workflow implementation.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CycleConfig } from '../domain/config';
import type { Amendment, NviNotice, TariffNotice } from '../domain/cycle-news';
import type { AmendmentInput, NviInput, RegistrationInput, TariffInput } from '../domain/inputs';
import type { Phase } from '../domain/phases';
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
}

export interface CycleSummary {
  cycleId: string;
  phase: Phase;
  reached: ReachedMilestone[];
  /** Milestones that had already passed when the cycle was started, reached at start instead of on time. */
  caughtUp: MilestoneKey[];
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
