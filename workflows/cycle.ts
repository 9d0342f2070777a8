/**
 * The cycle workflow: one per Wlz-uitvoerder and contract period. It walks the planned timeline on durable timers
 * and records when each milestone was actually reached; the phase is read by query.
 *
 * Orchestration only: the timeline is computed by the pure domain module, the holiday list comes from an activity
 * (so the calendar a cycle uses is fixed in its history), and every instant is the workflow clock.
 */
import { log, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { type Phase, phaseAfter } from '../domain/phases';
import { cycleYears, type Milestone, type MilestoneKey, planTimeline } from '../domain/timeline';
import {
  type CycleSummary,
  type CycleWorkflowInput,
  cycleStatusQuery,
  type ReachedMilestone,
} from './cycle-api';

const { publicHolidays } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
});

/** The cycle ends with the hand-over at contract start; the contract period itself is another workflow. */
const OUTSIDE_CYCLE: ReadonlySet<MilestoneKey> = new Set(['contractEnd']);

export async function cycleWorkflow({ config }: CycleWorkflowInput): Promise<CycleSummary> {
  let timeline: Milestone[] = [];
  let pending: Milestone[] = [];
  const reached: ReachedMilestone[] = [];
  const caughtUp: MilestoneKey[] = [];
  let phase: Phase = 'scheduled';
  let phaseSince: string | null = null;

  // Registered before the first await, so a query is answered even while the holiday list is being fetched.
  setHandler(cycleStatusQuery, () => ({
    cycleId: config.id,
    phase,
    phaseSince,
    next: pending[reached.length] ?? null,
    reached: [...reached],
    timeline,
  }));

  const years = cycleYears(config);
  timeline = planTimeline(config, await publicHolidays(years.from, years.to));
  pending = timeline.filter((m) => !OUTSIDE_CYCLE.has(m.key));

  for (const milestone of pending) {
    const wait = Date.parse(milestone.at) - Date.now();
    if (wait > 0) await sleep(wait);
    else caughtUp.push(milestone.key);
    const reachedAt = new Date(Date.now()).toISOString();
    reached.push({ key: milestone.key, plannedAt: milestone.at, reachedAt });
    const nextPhase = phaseAfter([milestone.key]);
    if (nextPhase !== 'scheduled') {
      phase = nextPhase;
      // A phase begins at its milestone's instant, even when the workflow noticed it a few milliseconds later.
      phaseSince = milestone.at;
    }
    log.info('milestone reached', { cycleId: config.id, milestone: milestone.key, phase });
  }

  return { cycleId: config.id, phase, reached, caughtUp };
}
