/**
 * The cycle configuration: the file a procurement officer writes to start a yearly cycle.
 *
 * Field names are an interface (other tools read and write these files), so they are exactly as documented in the
 * README. Validation happens in two passes so that a wrong file gets every problem at once:
 *  1. shape (zod): types, formats, ranges, unknown keys, defaults;
 *  2. meaning: local times that exist in the zone, the schedule's order, contract start, region names.
 * The second pass reads whatever parts of the input are readable, so it still runs when the first found problems.
 */
import { z } from 'zod';
import { atMostTwoDecimals } from './budget/money';
import {
  isValidZone,
  localDateSchema,
  parseLocalDate,
  parseLocalDateTime,
  startOfLocalDate,
} from './local-time';
import { REQUIREMENTS_2024_2025 } from './requirements';
import { SCHEDULE_KEYS, type ScheduleKey } from './schedule-keys';
import { termAfter } from './terms';
import { describeValue, type Problem, pathKey, zodProblems } from './validation';
import { WorkingDayCalendar } from './working-days';

const NO_HOLIDAYS = new WorkingDayCalendar([]);

/**
 * The years a contract may start in: every date of a cycle then has four digits, as ISO-8601 instants in the e-mails
 * and the holiday calendar read them.
 */
const CONTRACT_YEARS = { first: 2000, last: 2999 } as const;
/** How far the publication may lie before contract.start: a cycle runs months, and its holiday list grows per year. */
const MAX_SCHEDULE_YEARS = 5;

export { SCHEDULE_KEYS, type ScheduleKey } from './schedule-keys';

export const DEFAULT_TIMEZONE = 'Europe/Amsterdam';

function buildCycleConfigSchema() {
  const euros = z
    .number()
    .refine(Number.isFinite, 'must be a finite amount in euros')
    .min(0, 'must not be negative (an amount in euros)')
    .refine(atMostTwoDecimals, 'must be whole cents (at most two decimals)');

  /** Text that must say something; surrounding spaces are dropped. */
  const nonEmptyText = z
    .string()
    .refine((text) => text.trim() !== '', 'must not be empty')
    .transform((text) => text.trim());

  const calendarDays = (max: number) =>
    z.int().min(1, 'must be at least 1 day').max(max, `must be at most ${max} days`);

  const dayList = (max: number) =>
    z
      .array(z.int().min(1, 'must be at least 1 day').max(max, `must be at most ${max} days`))
      .refine((days) => new Set(days).size === days.length, 'must not repeat a day');

  const scheduleShape = Object.fromEntries(SCHEDULE_KEYS.map((key) => [key, z.string()])) as Record<
    ScheduleKey,
    z.ZodString
  >;

  return z.strictObject({
    id: z
      .string()
      .max(64, 'must be at most 64 characters')
      .regex(
        /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
        'must be lower-case letters and digits joined by single hyphens, e.g. "vgz-2027-2028"',
      ),
    /** How e-mails and calendars name the cycle; default "Inkoop onafhankelijke cliëntondersteuning Wlz <years>". */
    title: nonEmptyText.refine((t) => t.length <= 200, 'must be at most 200 characters').optional(),
    wlzUitvoerder: z.strictObject({
      /** Every message names it (at most 200 characters there). */
      name: nonEmptyText.refine((t) => t.length <= 200, 'must be at most 200 characters'),
      email: z.email('must be an e-mail address'),
      /** Where warnings about objections and terms go; the procurement address when absent. */
      legalEmail: z.email('must be an e-mail address').optional(),
    }),
    timezone: z
      .string()
      .refine(isValidZone, 'must be an IANA time zone such as "Europe/Amsterdam"')
      .default(DEFAULT_TIMEZONE),
    contract: z.strictObject({
      start: localDateSchema(),
      years: z.literal([1, 2, 3], 'must be 1, 2 or 3'),
      /** An unsigned contract is recalled to the provider every this many days after dispatch. */
      signReminderDays: calendarDays(60).default(7),
      /** An unsigned contract this many days before contract.start escalates to the officer. */
      escalationDaysBefore: calendarDays(90).default(14),
    }),
    schedule: z.strictObject(scheduleShape),
    terms: z
      .strictObject({
        objectionDays: calendarDays(365).default(14),
        kortGedingDays: calendarDays(365).default(14),
        withdrawalWeeks: z
          .int()
          .min(1, 'must be at least 1 week')
          .max(52, 'must be at most 52 weeks')
          .default(4),
        extendToWorkingDay: z.boolean().default(false),
        /** Legal is warned this many days before schedule.objectionAnswerDeadline of objections not answered. */
        answerWarningDays: dayList(60).default([7, 2]),
      })
      .prefault({}),
    reminders: z
      .strictObject({
        daysBefore: dayList(90).default([7, 1]),
      })
      .prefault({}),
    regions: z
      .array(
        z.strictObject({
          /** As providers name it in a submission, and as every message shows it: at most 200 characters. */
          name: nonEmptyText.refine((t) => t.length <= 200, 'must be at most 200 characters'),
          maxProviders: z.int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(4),
          budget: euros.optional(),
        }),
      )
      .min(1, 'must list at least one region'),
    tariff: z.strictObject({
      hourlyRate: euros,
      provisional: z.boolean().default(false),
      /** The hourly rate of a later contract year, once known ("2028": 88.10); the officer can also set it later. */
      byYear: z.record(z.string().regex(/^\d{4}$/, 'must be a year such as "2028"'), euros).optional(),
    }),
    budget: z
      .strictObject({
        /** A month's production is due this many days after the month ends; the provider is reminded then. */
        reportDueDays: calendarDays(60).default(10),
        /** A month still unreported this many days after it ended goes to the officer. */
        reportOverdueDays: calendarDays(120).default(20),
        /** The prognosis of a contract year is due this many days after the year starts. */
        prognosisDueDays: calendarDays(120).default(31),
        /** A missing prognosis is recalled every this many days after it was due. */
        prognosisReminderDays: calendarDays(60).default(7),
        /** The system's overrun rule (2027-2028 wording, 004:L31-37). */
        detection: z
          .strictObject({
            monthsAbove: z
              .int()
              .min(1, 'must be at least 1 month')
              .max(3, 'must be at most 3 months')
              .default(2),
            tolerancePercent: z
              .number()
              .min(0, 'must not be negative')
              .max(100, 'must be at most 100 percent')
              .default(0),
          })
          .prefault({}),
        maatwerkDays: calendarDays(90).default(14),
        overhevelingDays: calendarDays(90).default(14),
        vwsReminderDays: calendarDays(90).default(14),
        /** The months whose first day holds the review of reallocation between regions (June and October). */
        reviewMonths: z
          .array(z.int().min(1, 'must be a month 1-12').max(12, 'must be a month 1-12'))
          .refine((ms) => new Set(ms).size === ms.length, 'must not repeat a month')
          .default([6, 10]),
      })
      .prefault({}),
    obligations: z
      .strictObject({
        /** The quarterly signal report is due this many days after the quarter ends. */
        signalReportDueDays: calendarDays(90).default(30),
        /** Progress meetings each contract year (at least two, 000:L480-481). */
        meetingsPerYear: z.int().min(0, 'must not be negative').max(12, 'must be at most 12').default(2),
        /** The client-experience survey results of a contract year are due on this local date of it ("MM-DD"). */
        surveyDue: z
          .string()
          .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date in the year as "MM-DD"')
          .default('12-01'),
        /** New staff (and a new provider, from contract start) must be in the BCMB/Register within this many months. */
        bcmbMonths: z
          .int()
          .min(1, 'must be at least 1 month')
          .max(12, 'must be at most 12 months')
          .default(4),
        /** Reminders this many days before an obligation is due. */
        reminderDaysBefore: dayList(90).default([14]),
      })
      .prefault({}),
    assessment: z
      .strictObject({
        /** The geschiktheidseisen, numbered from 1 in this order; the 2024-2025 fifteen by default. */
        requirements: z
          .array(nonEmptyText.refine((t) => t.length <= 300, 'must be at most 300 characters'))
          .min(1, 'must list at least one requirement')
          .max(40, 'must list at most 40 requirements')
          .refine((rs) => new Set(rs).size === rs.length, 'must not list a requirement twice')
          .default([...REQUIREMENTS_2024_2025]),
        /** The officer is warned this many days before schedule.announcement if the assessment is not complete. */
        warningDaysBefore: calendarDays(60).default(3),
      })
      .prefault({}),
  });
}

let schema: ReturnType<typeof buildCycleConfigSchema> | undefined;

/**
 * The zod schema of a configuration, built on first use: workflow code imports this module, and every workflow
 * that starts would otherwise pay for building a schema that only the cycle's amendments use.
 */
export function cycleConfigSchema(): ReturnType<typeof buildCycleConfigSchema> {
  schema ??= buildCycleConfigSchema();
  return schema;
}

export type CycleConfigInput = z.input<ReturnType<typeof buildCycleConfigSchema>>;
export type CycleConfig = z.output<ReturnType<typeof buildCycleConfigSchema>>;

export type ConfigResult = { ok: true; config: CycleConfig } | { ok: false; problems: Problem[] };

const KNOWN_KEYS: Record<string, readonly string[]> = {
  wlzUitvoerder: ['name', 'email', 'legalEmail'],
  contract: ['start', 'years', 'signReminderDays', 'escalationDaysBefore'],
  schedule: SCHEDULE_KEYS,
  terms: ['objectionDays', 'kortGedingDays', 'withdrawalWeeks', 'extendToWorkingDay', 'answerWarningDays'],
  assessment: ['requirements', 'warningDaysBefore'],
  reminders: ['daysBefore'],
  regions: ['name', 'maxProviders', 'budget'],
  tariff: ['hourlyRate', 'provisional', 'byYear'],
  budget: [
    'reportDueDays',
    'reportOverdueDays',
    'prognosisDueDays',
    'prognosisReminderDays',
    'detection',
    'maatwerkDays',
    'overhevelingDays',
    'vwsReminderDays',
    'reviewMonths',
  ],
  'budget.detection': ['monthsAbove', 'tolerancePercent'],
  obligations: ['signalReportDueDays', 'meetingsPerYear', 'surveyDue', 'bcmbMonths', 'reminderDaysBefore'],
};

function knownKeys(path: readonly PropertyKey[]): readonly string[] {
  const key = path.filter((p) => typeof p === 'string').join('.');
  if (key === '') return Object.keys(cycleConfigSchema().shape);
  return KNOWN_KEYS[key] ?? [];
}

/** Validates a configuration read from JSON or YAML. Lists every problem; never throws on bad input. */
export function validateCycleConfig(input: unknown): ConfigResult {
  const shaped = cycleConfigSchema().safeParse(input, { reportInput: true });
  const problems = shaped.success ? [] : zodProblems(shaped.error, knownKeys);
  problems.push(...meaningProblems(input));
  if (problems.length > 0 || !shaped.success) return { ok: false, problems: dedupe(problems) };
  return { ok: true, config: shaped.data };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The rules that need more than one field. Reads the raw input defensively: shape problems are reported above. */
function meaningProblems(input: unknown): Problem[] {
  const problems: Problem[] = [];
  const zoneValue = field(input, 'timezone');
  const zone = zoneValue === undefined ? DEFAULT_TIMEZONE : zoneValue;
  const zoneUsable = typeof zone === 'string' && isValidZone(zone);

  const startText = field(field(input, 'contract'), 'start');
  const contractStart =
    zoneUsable && typeof startText === 'string' && parseLocalDate(startText).ok
      ? startOfLocalDate(startText, zone)
      : undefined;

  if (
    contractStart &&
    (contractStart.year < CONTRACT_YEARS.first || contractStart.year > CONTRACT_YEARS.last)
  )
    problems.push({
      path: 'contract.start',
      message: `must lie in the years ${CONTRACT_YEARS.first} to ${CONTRACT_YEARS.last}, got ${startText}`,
    });

  // Budgets, production and the obligations count whole months of the contract.
  if (contractStart && contractStart.day !== 1)
    problems.push({
      path: 'contract.start',
      message: `must be the first day of a month (a contract runs whole months), got ${startText}`,
    });

  const schedule = field(input, 'schedule');
  const instants = new Map<ScheduleKey, number>();
  let previous: { key: ScheduleKey; text: string; at: number } | undefined;
  for (const key of SCHEDULE_KEYS) {
    const text = field(schedule, key);
    if (typeof text !== 'string' || !zoneUsable) continue;
    const path = `schedule.${key}`;
    const parsed = parseLocalDateTime(text, zone);
    if (!parsed.ok) {
      problems.push({ path, message: parsed.rule });
      continue;
    }
    const at = parsed.value.toMillis();
    if (previous && at <= previous.at) {
      problems.push({
        path,
        message: `must lie after schedule.${previous.key} (${previous.text}), got ${text}`,
      });
    }
    if (contractStart && at >= contractStart.toMillis()) {
      problems.push({ path, message: `must lie before contract.start (${startText}), got ${text}` });
    }
    if (
      key === 'publication' &&
      contractStart &&
      at < contractStart.minus({ years: MAX_SCHEDULE_YEARS }).toMillis()
    )
      problems.push({
        path,
        message: `must lie at most ${MAX_SCHEDULE_YEARS} years before contract.start (${startText}), got ${text}`,
      });
    previous = { key, text, at };
    instants.set(key, at);
  }

  const announcement = instants.get('announcement');
  const answerDeadline = instants.get('objectionAnswerDeadline');
  const objectionDays = field(field(input, 'terms'), 'objectionDays') ?? 14;
  // Only a term the shape allows (1-365 days) is counted; any other is reported above.
  const countable =
    typeof objectionDays === 'number' &&
    Number.isInteger(objectionDays) &&
    objectionDays >= 1 &&
    objectionDays <= 365;
  if (announcement !== undefined && answerDeadline !== undefined && countable) {
    const days = objectionDays as number;
    const term = termAfter(announcement, days, {
      zone: zone as string,
      calendar: NO_HOLIDAYS,
      extendToWorkingDay: false,
    });
    if (answerDeadline < term.endsAt) {
      problems.push({
        path: 'schedule.objectionAnswerDeadline',
        message:
          `must not lie before the objection term ends (schedule.announcement + terms.objectionDays = ${days} ` +
          `calendar days, through ${term.lastDay} 24:00), got ${field(schedule, 'objectionAnswerDeadline')}`,
      });
    }
  }

  const regions = field(input, 'regions');
  if (Array.isArray(regions)) {
    const firstIndex = new Map<string, number>();
    regions.forEach((region, index) => {
      const name = field(region, 'name');
      if (typeof name !== 'string' || name.trim() === '') return;
      const normalised = name.trim().toLocaleLowerCase('nl');
      const first = firstIndex.get(normalised);
      if (first === undefined) firstIndex.set(normalised, index);
      else {
        problems.push({
          path: `regions[${index}].name`,
          message: `must be unique: ${describeValue(name)} is already regions[${first}]`,
        });
      }
    });
  }

  // A later year's tariff belongs to a contract year after the first (the first year's is tariff.hourlyRate).
  const byYear = field(field(input, 'tariff'), 'byYear');
  const years = field(field(input, 'contract'), 'years');
  if (contractStart && byYear && typeof byYear === 'object' && typeof years === 'number') {
    const first = contractStart.year;
    for (const year of Object.keys(byYear)) {
      const y = Number(year);
      if (!/^\d{4}$/.test(year) || (y > first && y < first + years)) continue;
      problems.push({
        path: `tariff.byYear.${pathKey(year)}`,
        message:
          y === first
            ? `must be a later contract year: the rate of ${first} is tariff.hourlyRate`
            : years === 1
              ? `must not be set: a one-year contract (${first}) has only tariff.hourlyRate`
              : `must be a contract year after the first (${first + 1} to ${first + years - 1}), got ${year}`,
      });
    }
  }
  return problems;
}
