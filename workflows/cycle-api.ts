/**
 * The cycle workflow's interface for clients: its input, its query and what they return. Kept apart from the
 * workflow code so that clients import definitions, not workflow implementation.
 */
import { defineQuery } from '@temporalio/workflow';
import type { CycleConfig } from '../domain/config';
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
}

export interface CycleSummary {
  cycleId: string;
  phase: Phase;
  reached: ReachedMilestone[];
  /** Milestones that had already passed when the cycle was started, reached at start instead of on time. */
  caughtUp: MilestoneKey[];
}

export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');
