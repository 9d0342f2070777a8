/**
 * The phases of a cycle and the milestone that opens each. A phase describes where the procedure stands; the kort
 * geding window and the withdrawal term run beside the phases and do not change them.
 */
import type { MilestoneKey } from './timeline';

export const PHASES = [
  'scheduled',
  'questions',
  'nviPreparation',
  'submissions',
  'closed',
  'assessment',
  'objection',
  'objectionAnswering',
  'contractPreparation',
  'contracting',
  'completed',
] as const;
export type Phase = (typeof PHASES)[number];

/** The phase that begins when a milestone is reached. */
export const PHASE_OPENED_BY: Partial<Record<MilestoneKey, Phase>> = {
  publication: 'questions',
  questionDeadline: 'nviPreparation',
  nviPublication: 'submissions',
  submissionDeadline: 'closed',
  assessmentStart: 'assessment',
  announcement: 'objection',
  objectionDeadline: 'objectionAnswering',
  objectionAnswerDeadline: 'contractPreparation',
  contractDispatch: 'contracting',
  contractStart: 'completed',
};

/** The phase after the given milestones have been reached, in the order given. */
export function phaseAfter(reached: Iterable<MilestoneKey>): Phase {
  let phase: Phase = 'scheduled';
  for (const key of reached) phase = PHASE_OPENED_BY[key] ?? phase;
  return phase;
}
