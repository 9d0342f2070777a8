/**
 * Objections (bezwaar), their answers and the kort geding that may follow (000:L995-1009), for one provider.
 *
 * - The objection term is `terms.objectionDays` calendar days after the local day on which the announcement was
 *   actually sent to this provider, not the planned date: "binnen 14 kalenderdagen na bekendmaking". An objection
 *   received after it is kept and answered with the policy's rule: the right has lapsed.
 * - The answer is due at `schedule.objectionAnswerDeadline`; an objection that could only be filed later (after a
 *   revised announcement) gets `terms.objectionDays` from its filing day.
 * - The kort-geding window is `terms.kortGedingDays` calendar days after the day the answer was sent (a
 *   vervaltermijn). A kort geding served is recorded; it does not suspend the procedure.
 *
 * Pure: the provider workflow keeps the records; these rules say what is allowed and when terms end.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CycleConfig } from './config';
import { receivedAtSchema, viaSchema } from './inputs';
import { localDateSchema } from './local-time';
import { OBJECTION_OUTCOMES, type ObjectionOutcome } from './objection-outcomes';
import { type Term, termAfter } from './terms';
import { scheduleInstant } from './timeline';
import type { WorkingDayCalendar } from './working-days';

const text = (max: number) =>
  z
    .string()
    .refine((s) => s.trim() !== '', 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** A file as a workflow sees it: name, size, type and SHA-256, never its content. */
export const EvidenceFileSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  sizeBytes: z.int('must be a whole number of bytes').min(0, 'must not be negative'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 as 64 lower-case hex digits'),
  type: z.string().max(200).optional(),
});
export type EvidenceFile = z.infer<typeof EvidenceFileSchema>;

export const ObjectionInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  via: viaSchema,
  /** The provider's arguments. */
  text: text(50_000),
  /** The regions objected to; all regions of the announcement when absent. */
  regions: z
    .array(text(200))
    .min(1, 'must name at least one region')
    .refine((rs) => new Set(rs).size === rs.length, 'must not name a region twice')
    .optional(),
  files: z.array(EvidenceFileSchema).max(100, 'must hold at most 100 files').default([]),
});
export type ObjectionInput = z.output<typeof ObjectionInputSchema>;

export { OBJECTION_OUTCOMES, type ObjectionOutcome } from './objection-outcomes';

export const ObjectionAnswerInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  /** The objection's number (1, 2, ...); the oldest unanswered one when absent. */
  objection: z.int().min(1, 'must be an objection number from its receipt').optional(),
  outcome: z.enum(OBJECTION_OUTCOMES, { message: `must be one of ${OBJECTION_OUTCOMES.join(', ')}` }),
  text: text(50_000),
});
export type ObjectionAnswerInput = z.output<typeof ObjectionAnswerInputSchema>;

export const KortGedingInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  /** The answered objection it contests; the latest answered one when absent. */
  objection: z.int().min(1, 'must be an objection number from its receipt').optional(),
  court: text(300),
  /** The day the summons was served, local YYYY-MM-DD. */
  servedOn: localDateSchema(),
});
export type KortGedingInput = z.output<typeof KortGedingInputSchema>;

export interface ObjectionRecord {
  number: number;
  receivedAt: string;
  onTime: boolean;
  regions: string[];
  text: string;
  files: EvidenceFile[];
  /** The objection term it was measured against (first late instant, ISO-8601 UTC). */
  termEndsAt: string;
  receiptCode: string | null;
  /** When the answer is due (first late instant, ISO-8601 UTC); null for a late objection (it gets no answer). */
  answerDueAt: string | null;
  answer: {
    outcome: ObjectionOutcome;
    text: string;
    recordedAt: string;
    /** When the answer went out to the provider: the kort-geding term counts from this day. */
    sentAt: string | null;
    kortGedingDeadline: string | null;
    kortGedingLastDay: string | null;
    kortGedingWarnings: string[];
  } | null;
  kortGeding: { court: string; servedOn: string; recordedAt: string; afterTerm: boolean } | null;
}

const rulesOf = (config: CycleConfig, calendar: WorkingDayCalendar) => ({
  zone: config.timezone,
  calendar,
  extendToWorkingDay: config.terms.extendToWorkingDay,
});

/** The objection term after an announcement sent at `sentAtMs`. */
export function objectionTerm(config: CycleConfig, sentAtMs: number, calendar: WorkingDayCalendar): Term {
  return termAfter(sentAtMs, config.terms.objectionDays, rulesOf(config, calendar));
}

/** The kort-geding term after an answer sent at `sentAtMs`. */
export function kortGedingTerm(config: CycleConfig, sentAtMs: number, calendar: WorkingDayCalendar): Term {
  return termAfter(sentAtMs, config.terms.kortGedingDays, rulesOf(config, calendar));
}

/** When the answer to an objection filed at `filedAtMs` is due (first late instant). */
export function answerDue(config: CycleConfig, filedAtMs: number, calendar: WorkingDayCalendar): number {
  const scheduled = scheduleInstant(config, 'objectionAnswerDeadline').toMillis();
  return filedAtMs < scheduled ? scheduled : objectionTerm(config, filedAtMs, calendar).endsAt;
}

/** The policy's rule on a late objection, as its receipt states it (000:L1000-1002). */
export function objectionLapsedNl(config: CycleConfig): string {
  return (
    `Ontvangen na de bezwaartermijn van ${config.terms.objectionDays} kalenderdagen na de bekendmaking. ` +
    `"Na ${config.terms.objectionDays} kalenderdagen vervalt uw recht om op een later tijdstip nog terug te komen ` +
    'op de beslissing" (inkoopbeleid, hoofdstuk 6): dit bezwaar wordt bewaard maar niet in behandeling genomen.'
  );
}

export function refuseObjection(
  announcedRegions: readonly string[] | null,
  input: Pick<ObjectionInput, 'regions'>,
): string | null {
  if (announcedRegions === null)
    return 'there is no announced decision to object to: the outcome has not been sent to this provider';
  const unknown = (input.regions ?? []).filter((r) => !announcedRegions.includes(r));
  if (unknown.length > 0)
    return `regions: ${unknown.map((r) => JSON.stringify(r)).join(', ')} ${unknown.length === 1 ? 'was' : 'were'} not part of the decision announced to this provider (${announcedRegions.join(', ')})`;
  return null;
}

/** The objection an answer is for: the one numbered, else the oldest unanswered one that was on time. */
export function objectionToAnswer(
  objections: readonly ObjectionRecord[],
  number: number | undefined,
): { ok: true; objection: ObjectionRecord } | { ok: false; rule: string } {
  if (number !== undefined) {
    const found = objections.find((o) => o.number === number);
    if (!found)
      return {
        ok: false,
        rule: `objection: there is no objection ${number}; this provider filed ${objections.length}`,
      };
    if (!found.onTime)
      return {
        ok: false,
        rule: `objection ${number} was received after the objection term: the right had lapsed and it was answered so in its receipt`,
      };
    if (found.answer) return { ok: false, rule: `objection ${number} has already been answered` };
    return { ok: true, objection: found };
  }
  const open = objections.find((o) => o.onTime && !o.answer);
  return open
    ? { ok: true, objection: open }
    : { ok: false, rule: 'there is no unanswered objection (on time) from this provider' };
}

export function refuseKortGeding(
  config: CycleConfig,
  objections: readonly ObjectionRecord[],
  input: Pick<KortGedingInput, 'objection' | 'servedOn'>,
  stampMs: number,
): string | null {
  const answered = objections.filter((o) => o.answer?.sentAt);
  const target =
    input.objection === undefined
      ? answered[answered.length - 1]
      : answered.find((o) => o.number === input.objection);
  if (!target)
    return input.objection === undefined
      ? 'there is no answered objection from this provider: a kort geding follows the answer to an objection'
      : `objection: objection ${input.objection} has not been answered (or does not exist); a kort geding follows the answer`;
  if (target.kortGeding)
    return `a kort geding against the answer to objection ${target.number} is already recorded`;
  const today = DateTime.fromMillis(stampMs, { zone: config.timezone }).toISODate() as string;
  if (input.servedOn > today) return `servedOn: ${input.servedOn} lies in the future (today is ${today})`;
  const answeredOn = DateTime.fromISO(target.answer?.sentAt as string, { zone: 'utc' })
    .setZone(config.timezone)
    .toISODate() as string;
  if (input.servedOn < answeredOn)
    return `servedOn: ${input.servedOn} lies before the answer to objection ${target.number} was sent (${answeredOn})`;
  return null;
}

/** The answered objection a kort geding is recorded against (refuseKortGeding has passed). */
export function kortGedingTarget(
  objections: readonly ObjectionRecord[],
  number: number | undefined,
): ObjectionRecord {
  const answered = objections.filter((o) => o.answer?.sentAt);
  return (
    number === undefined ? answered[answered.length - 1] : answered.find((o) => o.number === number)
  ) as ObjectionRecord;
}
