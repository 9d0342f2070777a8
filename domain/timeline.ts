/**
 * The planned timeline of a cycle: every schedule milestone plus the terms derived from them, each as an exact
 * instant with its local time and the warnings legal needs (a deadline on a weekend or public holiday).
 *
 * Pure and deterministic: workflows call it with the holiday list from their input.
 */
import { DateTime } from 'luxon';
import type { CycleConfig } from './config';
import { dutchDateTime, type InstantStyle } from './dutch-format';
import { isoLocal, isoUtc, parseLocalDateTime, startOfLocalDate } from './local-time';
import { SCHEDULE_KEYS, type ScheduleKey } from './schedule-keys';
import { englishDate, termAfter } from './terms';
import { type PublicHoliday, WorkingDayCalendar } from './working-days';

export type DerivedKey =
  | 'objectionDeadline'
  | 'kortGedingDeadline'
  | 'withdrawalDeadline'
  | 'contractStart'
  | 'contractEnd';
export type MilestoneKey = ScheduleKey | DerivedKey;

/**
 * Milestones at which something happens (the system publishes, announces, dispatches, a period starts). Every other
 * milestone is a deadline: its instant is the first that is late, so "uiterlijk 15 oktober" is written T00:00 of
 * 16 October and shown as "zondag 15 oktober 2023, 24:00 uur".
 */
const EVENTS: ReadonlySet<MilestoneKey> = new Set([
  'publication',
  'assessmentStart',
  'announcement',
  'contractDispatch',
  'contractStart',
]);

export interface Milestone {
  key: MilestoneKey;
  /** ISO-8601 UTC. For a deadline this is the first instant that is late. */
  at: string;
  /** The same instant as local time with offset in the cycle's zone. */
  local: string;
  /** Dutch long form as providers read it, e.g. "vrijdag 29 september 2023, 24:00 uur". */
  display: string;
  kind: 'event' | 'deadline';
  /** Where the instant comes from: "schedule" or the rule that derives it. */
  basis: string;
  warnings: string[];
}

export function milestoneStyle(key: MilestoneKey): InstantStyle {
  return EVENTS.has(key) ? 'event' : 'deadline';
}

/**
 * The instant a term "after" a milestone counts from: an event's own instant, or a deadline's last on-time instant
 * (an answer due "uiterlijk 15 oktober", written 16 October 00:00, is sent on 15 October at the latest).
 */
export function termAnchor(key: MilestoneKey, atMs: number): number {
  return milestoneStyle(key) === 'deadline' ? atMs - 1 : atMs;
}

/**
 * Instants already worked out, per configuration object. A configuration is never changed in place (an amendment
 * makes a new one), so an entry stays right; workflows ask for the same instants on every activation, and working
 * out a local time in a zone is the costly part of their work.
 */
const instantsByConfig = new WeakMap<CycleConfig, Map<ScheduleKey, DateTime>>();

/** The instant of a schedule entry; the configuration must have been validated. */
export function scheduleInstant(config: CycleConfig, key: ScheduleKey): DateTime {
  let known = instantsByConfig.get(config);
  if (!known) {
    known = new Map();
    instantsByConfig.set(config, known);
  }
  const cached = known.get(key);
  if (cached) return cached;
  const parsed = parseLocalDateTime(config.schedule[key], config.timezone);
  if (!parsed.ok) throw new Error(`schedule.${key}: ${parsed.rule}`);
  known.set(key, parsed.value);
  return parsed.value;
}

export function planTimeline(config: CycleConfig, holidays: readonly PublicHoliday[]): Milestone[] {
  const zone = config.timezone;
  const calendar = new WorkingDayCalendar(holidays);
  const termRules = { zone, calendar, extendToWorkingDay: config.terms.extendToWorkingDay };
  const milestones: Milestone[] = [];

  const add = (key: MilestoneKey, atMs: number, basis: string, warnings: string[]) => {
    const kind = milestoneStyle(key);
    milestones.push({
      key,
      at: isoUtc(atMs),
      local: isoLocal(atMs, zone),
      display: dutchDateTime(atMs, zone, kind),
      kind,
      basis,
      warnings,
    });
  };

  for (const key of SCHEDULE_KEYS) {
    const at = scheduleInstant(config, key).toMillis();
    // The day a deadline falls on is the day of its last on-time instant (a 00:00 deadline closes the day before).
    const day = DateTime.fromMillis(termAnchor(key, at), { zone });
    const reason = calendar.nonWorkingReason(day);
    add(
      key,
      at,
      'schedule',
      reason ? [`falls on ${englishDate(day)}, not a working day (${reason.description})`] : [],
    );
  }

  const announcement = scheduleInstant(config, 'announcement').toMillis();
  const objection = termAfter(announcement, config.terms.objectionDays, termRules);
  add(
    'objectionDeadline',
    objection.endsAt,
    `announcement + ${config.terms.objectionDays} calendar days (planned: per provider the term runs from the day ` +
      'the announcement was actually sent)',
    objection.warnings,
  );

  const answerDeadline = scheduleInstant(config, 'objectionAnswerDeadline').toMillis();
  const kortGeding = termAfter(
    termAnchor('objectionAnswerDeadline', answerDeadline),
    config.terms.kortGedingDays,
    termRules,
  );
  add(
    'kortGedingDeadline',
    kortGeding.endsAt,
    `objectionAnswerDeadline + ${config.terms.kortGedingDays} calendar days (planned: per provider the term runs ` +
      'from the day the answer was sent)',
    kortGeding.warnings,
  );

  if (config.tariff.provisional) {
    const withdrawal = termAfter(announcement, config.terms.withdrawalWeeks * 7, termRules);
    add(
      'withdrawalDeadline',
      withdrawal.endsAt,
      `announcement + ${config.terms.withdrawalWeeks} weeks (planned: the term runs from the day the final tariff ` +
        'is actually announced)',
      withdrawal.warnings,
    );
  }

  const contractStart = startOfLocalDate(config.contract.start, zone);
  add('contractStart', contractStart.toMillis(), 'contract.start', []);
  add(
    'contractEnd',
    contractStart.plus({ years: config.contract.years }).toMillis(),
    `contract.start + ${config.contract.years} year${config.contract.years > 1 ? 's' : ''}`,
    [],
  );

  // Stable sort: milestones at the same instant keep the order above (schedule first, then derived terms).
  return milestones.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The calendar years a cycle touches, for computing its holiday list. */
export function cycleYears(config: CycleConfig): { from: number; to: number } {
  const from = scheduleInstant(config, 'publication').year;
  const to = startOfLocalDate(config.contract.start, config.timezone).plus({
    years: config.contract.years,
  }).year;
  return { from, to };
}
