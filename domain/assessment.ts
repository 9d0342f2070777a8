/**
 * The officer's assessment of one provider in one region: each geschiktheidseis met or not (with the reason when
 * not), and the selection facts the policy ranks on. A provider that applied for three regions is assessed three
 * times and may get three different outcomes (000:L971-973).
 *
 * Requirements are keyed by their number in the configured list ("1" ... "15" by default), so an assessment reads
 * the same in a scenario file, an API body and a receipt.
 */
import { z } from 'zod';
import type { CycleConfig } from './config';
import { receivedAtSchema } from './inputs';
import { SELECTION_FACTS, type SelectionFact } from './selection-facts';
import { scheduleInstant } from './timeline';

export { SELECTION_FACT_NAMES_NL, SELECTION_FACTS, type SelectionFact } from './selection-facts';

const reason = z
  .string()
  .refine((s) => s.trim() !== '', 'must state the reason (a rejection is motivated)')
  .max(2_000, 'must be at most 2000 characters');

const requirementResult = z.union(
  [
    z.literal(true),
    z.strictObject({ met: z.literal(true), note: z.string().max(2_000).optional() }),
    z.strictObject({ met: z.literal(false), reason }),
  ],
  { error: 'must be true, { "met": true } or { "met": false, "reason": "..." }' },
);

export const SelectionFactsSchema = z.strictObject(
  Object.fromEntries(SELECTION_FACTS.map((f) => [f, z.boolean().optional()])) as Record<
    SelectionFact,
    z.ZodOptional<z.ZodBoolean>
  >,
);
export type SelectionFacts = z.infer<typeof SelectionFactsSchema>;

export const AssessmentInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region: z.string().trim().min(1, 'must name a region'),
  requirements: z.record(
    z.string().regex(/^[1-9][0-9]?$/, 'must be a requirement number'),
    requirementResult,
  ),
  selection: SelectionFactsSchema.default({}),
  /** Who assessed (a name for the record). */
  assessor: z.string().trim().min(1).max(200).optional(),
});
export type AssessmentInput = z.output<typeof AssessmentInputSchema>;

/** An assessment as the provider's workflow keeps it. */
export interface AssessmentRecord {
  region: string;
  /** 1, 2, ... per region: a reassessment replaces the earlier one, which is kept. */
  version: number;
  assessedAt: string;
  assessor: string | null;
  /** Unmet requirements by number with their reason; empty when suitable. */
  unmet: { number: number; requirement: string; reason: string }[];
  selection: Record<SelectionFact, boolean>;
}

export function isSuitable(assessment: Pick<AssessmentRecord, 'unmet'>): boolean {
  return assessment.unmet.length === 0;
}

/**
 * Why an assessment cannot be recorded, or null. `applied` is the regions of the submission that counts (none for a
 * provider that did not submit in time or withdrew).
 */
export function refuseAssessment(
  config: CycleConfig,
  input: Pick<AssessmentInput, 'region' | 'requirements'>,
  stampMs: number,
  applied: readonly string[] | null,
): string | null {
  const start = scheduleInstant(config, 'assessmentStart');
  if (stampMs < start.toMillis())
    return `the assessment starts at ${start.toUTC().toISO()} (schedule.assessmentStart); nothing can be assessed before`;
  const dispatch = scheduleInstant(config, 'contractDispatch');
  if (stampMs >= dispatch.toMillis())
    return `the contracts were dispatched at ${dispatch.toUTC().toISO()}; the assessment can no longer change`;
  if (applied === null)
    return 'this provider has no submission that counts (none in time, or withdrawn): there is nothing to assess; a late submission is kept but not assessed';
  if (!applied.includes(input.region))
    return `region: the provider did not apply for ${JSON.stringify(input.region)}; its submission names ${applied.join(', ')}`;
  const count = config.assessment.requirements.length;
  const given = Object.keys(input.requirements).map(Number);
  const unknown = given.filter((n) => n < 1 || n > count);
  if (unknown.length > 0)
    return `requirements: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a requirement number; the configured requirements are 1 to ${count}`;
  const missing: number[] = [];
  for (let n = 1; n <= count; n++) if (!given.includes(n)) missing.push(n);
  if (missing.length > 0)
    return `requirements: ${missing.join(', ')} not assessed; every one of the ${count} requirements must be met or not, with a reason`;
  return null;
}

/** The record of an accepted assessment. */
export function toAssessmentRecord(
  config: CycleConfig,
  input: AssessmentInput,
  version: number,
): AssessmentRecord {
  const unmet = Object.entries(input.requirements)
    .map(([key, result]) => ({ number: Number(key), result }))
    .filter(({ result }) => result !== true && !result.met)
    .sort((a, b) => a.number - b.number)
    .map(({ number, result }) => ({
      number,
      requirement: config.assessment.requirements[number - 1] as string,
      reason: (result as { reason: string }).reason.trim(),
    }));
  return {
    region: input.region,
    version,
    assessedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
    assessor: input.assessor ?? null,
    unmet,
    selection: Object.fromEntries(SELECTION_FACTS.map((f) => [f, input.selection[f] === true])) as Record<
      SelectionFact,
      boolean
    >,
  };
}
