/**
 * What the officer may do to a running cycle and when: publish the NvI, amend the schedule (the policy's
 * reservation), announce the final tariff. Pure; the cycle workflow's Update validators call these, so a refused
 * action never enters history.
 */
import { type CycleConfig, validateCycleConfig } from './config';
import type { TariffNotice } from './cycle-news';
import { dutchDateTime } from './dutch-format';
import type { NviInput } from './inputs';
import { parseLocalDateTime } from './local-time';
import type { ScheduleKey } from './schedule-keys';
import { termAfter } from './terms';
import { scheduleInstant } from './timeline';
import { formatProblem } from './validation';
import type { WorkingDayCalendar } from './working-days';

const instant = (config: CycleConfig, key: ScheduleKey) => scheduleInstant(config, key).toMillis();
const shown = (config: CycleConfig, ms: number) => dutchDateTime(ms, config.timezone, 'deadline');

export function refuseNvi(
  config: CycleConfig,
  input: NviInput,
  stampMs: number,
  alreadyPublished: boolean,
  isRegistered: (providerId: string) => boolean,
): string | null {
  if (alreadyPublished)
    return 'the Nota van Inlichtingen has already been published; a correction is published as a schedule amendment or supplement, not a second NvI';
  const questions = instant(config, 'questionDeadline');
  if (stampMs < questions)
    return `the NvI answers the questions received before the question deadline, which ends at ${shown(config, questions)}; publish after it`;
  const closing = instant(config, 'submissionDeadline');
  if (stampMs >= closing)
    return `the submission closed at ${shown(config, closing)}; an NvI after closing cannot inform any submission`;
  const unknown = new Set<string>();
  for (const answer of input.answers)
    for (const ref of answer.questions) if (!isRegistered(ref.provider)) unknown.add(ref.provider);
  if (unknown.size > 0)
    return `answers name providers not registered in this cycle: ${[...unknown].join(', ')}`;
  const seen = new Set<string>();
  for (const answer of input.answers)
    for (const ref of answer.questions) {
      const key = `${ref.provider}#${ref.number}`;
      if (seen.has(key))
        return `question ${key} is answered twice; bundle similar questions under one answer`;
      seen.add(key);
    }
  return null;
}

/**
 * How long before the milestone it moves (and before its new instant) an amendment must be made. The cycle tells every
 * provider's workflow in batches; this leaves them ample time to hold the new schedule before the old one applies,
 * and still allows an emergency extension half an hour before the closing.
 */
export const AMENDMENT_NOTICE_MS = 15 * 60_000;
const NOTICE_TEXT = `${AMENDMENT_NOTICE_MS / 60_000} minutes`;

export type AmendmentResult =
  | { ok: true; config: CycleConfig; fromMs: number; toMs: number }
  | { ok: false; rule: string };

/** The configuration with one future milestone moved to another future instant, still in a valid order. */
export function amendSchedule(
  config: CycleConfig,
  milestone: ScheduleKey,
  to: string,
  nowMs: number,
): AmendmentResult {
  const fromMs = instant(config, milestone);
  if (fromMs <= nowMs)
    return {
      ok: false,
      rule: `schedule.${milestone} was reached at ${shown(config, fromMs)}; a milestone already passed cannot be moved`,
    };
  if (fromMs - nowMs < AMENDMENT_NOTICE_MS)
    return {
      ok: false,
      rule:
        `schedule.${milestone} is reached at ${shown(config, fromMs)}, less than ${NOTICE_TEXT} from now; a ` +
        `milestone must be moved at least ${NOTICE_TEXT} before it, so that every provider's workflow holds the ` +
        'new schedule before the old one would apply',
    };
  const parsed = parseLocalDateTime(to, config.timezone);
  if (!parsed.ok) return { ok: false, rule: `to: ${parsed.rule}` };
  const toMs = parsed.value.toMillis();
  if (toMs <= nowMs)
    return { ok: false, rule: `to: ${to} has already passed; a milestone can only be moved into the future` };
  if (toMs - nowMs < AMENDMENT_NOTICE_MS)
    return {
      ok: false,
      rule: `to: ${to} is less than ${NOTICE_TEXT} from now; move a milestone at least that far ahead`,
    };
  if (toMs === fromMs) return { ok: false, rule: `to: schedule.${milestone} is already ${to}` };
  const amended = validateCycleConfig({ ...config, schedule: { ...config.schedule, [milestone]: to } });
  if (!amended.ok)
    return {
      ok: false,
      rule: `the amended schedule is not valid: ${amended.problems.map(formatProblem).join('; ')}`,
    };
  return { ok: true, config: amended.config, fromMs, toMs };
}

export function refuseTariff(
  config: CycleConfig,
  announced: TariffNotice | null,
  stampMs: number,
): string | null {
  if (!config.tariff.provisional)
    return 'the tariff of this cycle is final (tariff.provisional is false); there is no final tariff to announce';
  if (announced) return `the final tariff was already announced at ${announced.announcedAt}`;
  const publication = instant(config, 'publication');
  if (stampMs < publication) return 'the procedure has not been published yet';
  const dispatch = instant(config, 'contractDispatch');
  if (stampMs >= dispatch)
    return `contracts were dispatched at ${shown(config, dispatch)}; the final tariff must be announced before`;
  return null;
}

/** The final tariff and the withdrawal term it opens: `withdrawalWeeks` weeks after the day it was announced. */
export function tariffNotice(
  config: CycleConfig,
  hourlyRate: number,
  announcedMs: number,
  calendar: WorkingDayCalendar,
): TariffNotice & { warnings: string[] } {
  const term = termAfter(announcedMs, config.terms.withdrawalWeeks * 7, {
    zone: config.timezone,
    calendar,
    extendToWorkingDay: config.terms.extendToWorkingDay,
  });
  return {
    hourlyRate,
    announcedAt: new Date(announcedMs).toISOString(),
    withdrawalDeadline: new Date(term.endsAt).toISOString(),
    warnings: term.warnings,
  };
}
