/**
 * Scenario files for the dry-run simulator (`oco simulate`): a configuration, the providers taking part, and what
 * happens when, in local time of the configuration's zone. A wrong file gets every problem with its path; an event
 * that is well formed but that the system will refuse (too late, unknown region) is not a file problem: the dry run
 * reports it as a refusal.
 */
import { z } from 'zod';
import { truncate } from '../support/text';
import { AssessmentInputSchema, SelectionFactsSchema } from './assessment';
import { type CycleConfig, DEFAULT_TIMEZONE, validateCycleConfig } from './config';
import {
  localDateSchema,
  parseLocalDateTime,
  parsePreciseLocalDateTime,
  startOfLocalDate,
} from './local-time';
import { OBJECTION_OUTCOMES } from './objection';
import { SCHEDULE_KEYS } from './schedule-keys';
import { SubmittedDocumentSchema } from './submission-rules';
import { closestKey, describeValue, formatProblem, type Problem, pathKey, zodProblems } from './validation';

const text = (max: number) =>
  z
    .string()
    .refine((s) => s.trim() !== '', 'must not be empty')
    .max(max, `must be at most ${max} characters`);
const providerRef = z.string().min(1, 'must name a provider id');
const when = z.string();

export const EVENT_TYPES = [
  'question',
  'nvi',
  'submission',
  'supplement',
  'tariffAnnouncement',
  'withdrawal',
  'amendSchedule',
  'assessment',
  'selectionOverride',
  'objection',
  'objectionAnswer',
  'kortGeding',
  'contractSigned',
  'prognosis',
  'production',
  'overrunReport',
  'maatwerk',
  'moveOn',
  'transfer',
  'vwsRequest',
  'vwsOutcome',
  'ceiling',
] as const;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as "YYYY-MM"');
const year = z.int('must be a year such as 2027');
const euros = z.number().min(0, 'must not be negative');

/** A file named in a scenario: a dry run has no content, so size and hash are optional stand-ins. */
const scenarioFile = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  sizeBytes: z.int().min(0).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 as 64 lower-case hex digits')
    .optional(),
});

const EventSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ at: when, type: z.literal('question'), provider: providerRef, text: text(20_000) }),
    z.strictObject({
      at: when,
      type: z.literal('nvi'),
      answers: z
        .array(
          z.strictObject({
            questions: z
              .array(z.int().min(0, 'must be a question index from 0'))
              .min(1, 'must name at least one question'),
            answer: text(50_000),
            changesDocuments: z.boolean(),
          }),
        )
        .min(1, 'must hold at least one answer'),
    }),
    z.strictObject({
      at: when,
      type: z.literal('submission'),
      provider: providerRef,
      regions: z.array(text(200)).min(1, 'must name at least one region'),
      documents: z.array(SubmittedDocumentSchema),
    }),
    z.strictObject({
      at: when,
      type: z.literal('supplement'),
      provider: providerRef,
      documents: z.array(SubmittedDocumentSchema).min(1, 'must hold at least one document'),
    }),
    z.strictObject({
      at: when,
      type: z.literal('tariffAnnouncement'),
      hourlyRate: z.number().min(0, 'must not be negative'),
    }),
    z.strictObject({ at: when, type: z.literal('withdrawal'), provider: providerRef }),
    z.strictObject({
      at: when,
      type: z.literal('amendSchedule'),
      milestone: z.enum(SCHEDULE_KEYS, { message: `must be one of ${SCHEDULE_KEYS.join(', ')}` }),
      to: z.string(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('assessment'),
      provider: providerRef,
      region: text(200),
      requirements: AssessmentInputSchema.shape.requirements,
      selection: SelectionFactsSchema.optional(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('selectionOverride'),
      region: text(200),
      providers: z.array(providerRef),
      reason: text(5_000),
    }),
    z.strictObject({
      at: when,
      type: z.literal('objection'),
      provider: providerRef,
      text: text(50_000),
      regions: z.array(text(200)).min(1).optional(),
      files: z.array(scenarioFile).optional(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('objectionAnswer'),
      provider: providerRef,
      outcome: z.enum(OBJECTION_OUTCOMES, { message: `must be one of ${OBJECTION_OUTCOMES.join(', ')}` }),
      text: text(50_000),
    }),
    z.strictObject({
      at: when,
      type: z.literal('kortGeding'),
      provider: providerRef,
      court: text(300),
      servedOn: localDateSchema(),
    }),
    z.strictObject({ at: when, type: z.literal('contractSigned'), provider: providerRef }),
    z.strictObject({
      at: when,
      type: z.literal('prognosis'),
      provider: providerRef,
      year,
      region: text(200).optional(),
      months: z.array(euros).length(12, 'must list 12 monthly amounts'),
    }),
    z.strictObject({
      at: when,
      type: z.literal('production'),
      provider: providerRef,
      region: text(200),
      month,
      hours: z.number(),
      clientRegion: text(200).optional(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('overrunReport'),
      provider: providerRef,
      region: text(200),
      year: year.optional(),
      note: text(4_000).optional(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('maatwerk'),
      provider: providerRef,
      region: text(200),
      year: year.optional(),
      agreements: text(4_000).nullable(),
      projectedAfter: euros.optional(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('moveOn'),
      provider: providerRef,
      region: text(200),
      year: year.optional(),
      reason: text(2_000),
    }),
    z.strictObject({
      at: when,
      type: z.literal('transfer'),
      from: providerRef,
      to: providerRef,
      region: text(200),
      toRegion: text(200).optional(),
      year: year.optional(),
      amount: euros,
    }),
    z.strictObject({
      at: when,
      type: z.literal('vwsRequest'),
      year: year.optional(),
      note: text(4_000).optional(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('vwsOutcome'),
      year: year.optional(),
      granted: z.boolean(),
      amount: euros.optional(),
    }),
    z.strictObject({
      at: when,
      type: z.literal('ceiling'),
      provider: providerRef,
      region: text(200),
      year,
      amount: euros,
      final: z.boolean().optional(),
    }),
  ],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const given = (issue.input as { type?: unknown } | undefined)?.type;
      return `must be one of ${EVENT_TYPES.join(', ')}, got ${given === undefined ? 'no type' : describeValue(given)}`;
    },
  },
);
export type ScenarioEventInput = z.infer<typeof EventSchema>;
export type ScenarioEvent = ScenarioEventInput & { atMs: number; index: number };

export const ScenarioProviderSchema = z.strictObject({
  id: z
    .string()
    .max(64, 'must be at most 64 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by single hyphens'),
  name: text(300),
  email: z.email('must be an e-mail address'),
  consortium: z.boolean().default(false),
});
export type ScenarioProvider = z.infer<typeof ScenarioProviderSchema>;

const ScenarioShape = z.strictObject({
  config: z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
    error: 'must be a configuration object or the path of a configuration file',
  }),
  providers: z.array(ScenarioProviderSchema).min(1, 'must list at least one provider'),
  events: z.array(EventSchema),
});

export interface Scenario {
  config: CycleConfig;
  providers: ScenarioProvider[];
  /** In time order (events at the same instant keep their order in the file). */
  events: ScenarioEvent[];
}

/** Provider ids an "unknown provider" problem lists: enough to show what the scenario holds, never thousands. */
const LISTED_PROVIDERS = 10;

/**
 * An event's provider that the scenario does not have: the id it probably misspells, or else the first few ids the
 * scenario does have ("and N more"), so the problem stays short in a scenario of thousands of providers.
 */
function unknownProvider(id: string, known: readonly string[]): string {
  const meant = closestKey(id, known);
  if (meant !== undefined)
    return `unknown provider ${describeValue(id)} (did you mean ${describeValue(meant)}?)`;
  const listed = known.slice(0, LISTED_PROVIDERS).map(pathKey).join(', ');
  const more = known.length > LISTED_PROVIDERS ? ` and ${known.length - LISTED_PROVIDERS} more` : '';
  return `unknown provider ${describeValue(id)}; the scenario's providers are ${listed}${more}`;
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/** How a configuration named by path is read; the command line passes a file reader. */
export type ConfigLoader = (
  configPath: string,
) => { ok: true; value: unknown } | { ok: false; problems: Problem[] };

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function validateScenario(input: unknown, loadConfig: ConfigLoader): ScenarioResult {
  const shaped = ScenarioShape.safeParse(input, { reportInput: true });
  const problems: Problem[] = shaped.success ? [] : zodProblems(shaped.error);

  // The configuration, inline or from its file.
  let config: CycleConfig | undefined;
  const rawConfig = field(input, 'config');
  let configInput: unknown = rawConfig;
  let prefix = 'config';
  if (typeof rawConfig === 'string') {
    // The path as messages show it: a path is short, anything longer is cut.
    const shown = truncate(rawConfig, 200);
    const loaded = loadConfig(rawConfig);
    if (loaded.ok) {
      configInput = loaded.value;
      // A file that reads as text or a number (any text is YAML) holds no configuration.
      if (configInput === null || typeof configInput !== 'object')
        problems.push({
          path: 'config',
          message: `${shown}: must hold a configuration object, got ${describeValue(configInput)}`,
        });
    } else {
      problems.push(
        ...loaded.problems.map((p) => ({ path: 'config', message: `${shown}: ${formatProblem(p)}` })),
      );
      configInput = undefined;
    }
    prefix = `config (${shown})`;
  }
  if (configInput !== null && typeof configInput === 'object') {
    const result = validateCycleConfig(configInput);
    if (result.ok) config = result.config;
    else
      problems.push(
        ...result.problems.map((p) => ({
          path: p.path === '' ? prefix : `${prefix}.${p.path}`,
          message: p.message,
        })),
      );
  }
  const zone = config?.timezone ?? DEFAULT_TIMEZONE;

  // Provider ids are unique, and events name known providers.
  const providers = field(input, 'providers');
  const known = new Map<string, number>();
  if (Array.isArray(providers)) {
    providers.forEach((provider, index) => {
      const id = field(provider, 'id');
      if (typeof id !== 'string') return;
      const first = known.get(id);
      if (first === undefined) known.set(id, index);
      else
        problems.push({
          path: `providers[${index}].id`,
          message: `must be unique: ${describeValue(id)} is already providers[${first}]`,
        });
    });
  }

  let ids: string[] | undefined;
  const knownIds = () => {
    ids ??= [...known.keys()];
    return ids;
  };

  const events = field(input, 'events');
  const questionCount = Array.isArray(events)
    ? events.filter((e) => field(e, 'type') === 'question').length
    : 0;
  const timed: { index: number; atMs: number; text: string }[] = [];
  if (Array.isArray(events)) {
    events.forEach((event, index) => {
      const path = `events[${index}]`;
      const atText = field(event, 'at');
      if (typeof atText === 'string') {
        const parsed = parsePreciseLocalDateTime(atText, zone);
        if (parsed.ok) timed.push({ index, atMs: parsed.value.toMillis(), text: atText });
        else problems.push({ path: `${path}.at`, message: parsed.rule });
      }
      const provider = field(event, 'provider');
      if (typeof provider === 'string' && provider !== '' && known.size > 0 && !known.has(provider))
        problems.push({ path: `${path}.provider`, message: unknownProvider(provider, knownIds()) });
      for (const key of ['from', 'to'] as const) {
        const id = field(event, key);
        if (field(event, 'type') === 'transfer' && typeof id === 'string' && known.size > 0 && !known.has(id))
          problems.push({ path: `${path}.${key}`, message: unknownProvider(id, knownIds()) });
      }
      const named = field(event, 'providers');
      if (field(event, 'type') === 'selectionOverride' && Array.isArray(named) && known.size > 0)
        named.forEach((id, k) => {
          if (typeof id === 'string' && !known.has(id))
            problems.push({ path: `${path}.providers[${k}]`, message: unknownProvider(id, knownIds()) });
        });
      const to = field(event, 'to');
      if (field(event, 'type') === 'amendSchedule' && typeof to === 'string') {
        const parsed = parsePreciseLocalDateTime(to, zone);
        if (!parsed.ok) problems.push({ path: `${path}.to`, message: parsed.rule });
      }
      const answers = field(event, 'answers');
      if (field(event, 'type') === 'nvi' && Array.isArray(answers)) {
        answers.forEach((answer, a) => {
          const questions = field(answer, 'questions');
          if (!Array.isArray(questions)) return;
          questions.forEach((q, k) => {
            if (typeof q === 'number' && Number.isInteger(q) && q >= questionCount) {
              problems.push({
                path: `${path}.answers[${a}].questions[${k}]`,
                message: `no question ${q}: the scenario has ${questionCount} question events, numbered from 0 in file order`,
              });
            }
          });
        });
      }
    });
  }

  // A dry run moves the clock to every event: one far outside the cycle (the year 9999) would take the test server
  // beyond what it can represent. Events lie from a year before the publication to a year after the contract ends.
  const publication = config ? parseLocalDateTime(config.schedule.publication, zone) : undefined;
  if (config && publication?.ok) {
    const from = publication.value.minus({ years: 1 });
    const until = startOfLocalDate(config.contract.start, zone).plus({ years: config.contract.years + 1 });
    for (const { index, atMs, text } of timed)
      if (atMs < from.toMillis() || atMs >= until.toMillis())
        problems.push({
          path: `events[${index}].at`,
          message:
            `must lie within the cycle, from a year before schedule.publication (${from.toISODate()}) to a year ` +
            `after the contract ends (${until.toISODate()}), got ${text}`,
        });
  }

  if (problems.length > 0 || !shaped.success || !config) return { ok: false, problems };
  const atByIndex = new Map(timed.map((t) => [t.index, t.atMs]));
  const ordered = shaped.data.events
    .map((event, index) => ({ ...event, index, atMs: atByIndex.get(index) as number }))
    .sort((a, b) => a.atMs - b.atMs);
  return { ok: true, scenario: { config, providers: shaped.data.providers, events: ordered } };
}
