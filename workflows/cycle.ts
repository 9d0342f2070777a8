/**
 * The cycle workflow: one per Wlz-uitvoerder and contract period. It walks the timeline on durable timers, records
 * when each milestone was actually reached, and takes the officer's actions as Updates: register providers, publish
 * the NvI, amend the schedule, announce the final tariff.
 *
 * Each provider's dealings live in its own provider workflow. The cycle starts them and sends them its news (the
 * configuration as amended, the NvI, the tariff) through an activity, in batches, so the cycle's history grows with
 * the number of batches and actions, never with the number of providers or their inputs.
 *
 * Orchestration only: the timeline and the rules are pure domain modules, the holiday list comes from an activity
 * (so the calendar a cycle uses is fixed in its history), and every instant is the workflow clock.
 */
import {
  allHandlersFinished,
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createCalendarActivities } from '../activities/calendar';
import type { createProviderActivities } from '../activities/providers';
import type { createWebsiteActivities, WebsiteNotice } from '../activities/website';
import type { CycleConfig } from '../domain/config';
import { type CycleCheck, planChecks } from '../domain/cycle-checks';
import type { Amendment, CycleNews, NviNotice, TariffNotice } from '../domain/cycle-news';
import { amendSchedule, refuseNvi, refuseTariff, tariffNotice } from '../domain/cycle-rules';
import { dutchDateTime } from '../domain/dutch-format';
import {
  type AmendmentInput,
  AmendmentInputSchema,
  type NviInput,
  NviInputSchema,
  type ProviderRef,
  RegistrationInputSchema,
  type TariffInput,
  TariffInputSchema,
} from '../domain/inputs';
import { MILESTONE_LABELS_NL, titleOf } from '../domain/labels';
import { type Phase, phaseAfter } from '../domain/phases';
import type { ScheduleKey } from '../domain/schedule-keys';
import {
  cycleYears,
  type Milestone,
  type MilestoneKey,
  milestoneStyle,
  planTimeline,
  scheduleInstant,
} from '../domain/timeline';
import { type PublicHoliday, WorkingDayCalendar } from '../domain/working-days';
import {
  amendScheduleUpdate,
  announceTariffUpdate,
  type CycleSummary,
  type CycleWorkflowInput,
  cycleStatusQuery,
  providerIdsQuery,
  publishNviUpdate,
  type ReachedMilestone,
  registerProvidersUpdate,
} from './cycle-api';
import { CycleOutcome } from './cycle-outcome';
import { noticeBase, Outbox, officerMailBase } from './outbox';
import { accept, parsed, refuse } from './refusals';

type Activities = ReturnType<typeof createCalendarActivities> &
  ReturnType<typeof createProviderActivities> &
  ReturnType<typeof createWebsiteActivities>;

const { publicHolidays } = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds' });
const { deliverCycleNews, countOnTimeQuestions } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
const { publishNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '30 seconds',
    maximumInterval: '30 minutes',
    nonRetryableErrorTypes: ['InvalidNotice'],
  },
});

/** How long after a milestone a cycle that starts late still acts on it. */
const CATCH_UP_GRACE_MS = 24 * 60 * 60_000;

/** The cycle ends with the hand-over at contract start; the contract period itself is another workflow. */
const OUTSIDE_CYCLE: ReadonlySet<MilestoneKey> = new Set(['contractEnd']);

/** Providers per news-delivery activity: one activity's events in the cycle's history per batch. */
export const NEWS_BATCH = 500;

/** Cycles started before providers had workflows of their own replay without the steps added since. */
const PART_ONE = 'cycle-part-1';
/** Cycles started before part 2 (selection, objections, contracts) replay without it. */
const PART_TWO = 'cycle-part-2';

export async function cycleWorkflow({ config: initial }: CycleWorkflowInput): Promise<CycleSummary> {
  // Decided before anything else, so the marker is the first command of the first workflow task whatever happens
  // after it (a slow holiday lookup, queries, updates).
  const partTwo = patched(PART_TWO);
  let config: CycleConfig = initial;
  let holidays: PublicHoliday[] = [];
  let timeline: Milestone[] = [];
  let timelineVersion = 0;
  const reached: ReachedMilestone[] = [];
  const caughtUp: MilestoneKey[] = [];
  let phase: Phase = 'scheduled';
  let phaseSince: string | null = null;
  const roster = new Map<string, ProviderRef>();
  let nvi: (NviNotice & { answers: NviInput['answers'] }) | null = null;
  let tariff: TariffNotice | null = null;
  const amendments: Amendment[] = [];
  let newsVersion = 0;
  const outbox = new Outbox('officer');
  const outcome = new CycleOutcome({
    config: () => config,
    roster: () => roster,
    outbox,
    tellEveryone: () => tellEveryone(),
  });

  const pending = () =>
    timeline.filter((m) => !OUTSIDE_CYCLE.has(m.key) && !reached.some((r) => r.key === m.key));
  const published = () => reached.some((r) => r.key === 'publication');
  /** Terms are counted on the holiday calendar, which the cycle loads when it starts. */
  const stillStarting = () =>
    timeline.length === 0
      ? 'the cycle is still starting (loading its calendar); try again in a moment'
      : null;
  const instant = (key: ScheduleKey) => scheduleInstant(config, key).toUTC().toISO() as string;

  const publicationNotice = () => ({
    ...noticeBase(config),
    questionDeadline: instant('questionDeadline'),
    nviPublication: instant('nviPublication'),
    submissionDeadline: instant('submissionDeadline'),
    regions: config.regions.map((r) => r.name),
    hourlyRate: config.tariff.hourlyRate,
    tariffProvisional: config.tariff.provisional,
  });
  const nviNotice = (current: NviNotice) => ({
    ...noticeBase(config),
    publishedAt: current.publishedAt,
    questionCount: current.questionCount,
    answerCount: current.answerCount,
    changesDocuments: current.changesDocuments,
    submissionDeadline: instant('submissionDeadline'),
  });
  /** Posts a notice on the website in the background: a website that is down holds up neither officer nor timers. */
  const onWebsite = (kind: WebsiteNotice['kind'], sequence: number, publishedAt: string, summary: string) =>
    outbox.watch(
      publishNotice({
        cycleId: config.id,
        kind,
        sequence,
        title: titleOf(config),
        publishedAt,
        summary,
        url: null,
      }),
      `website notice ${kind} #${sequence}`,
    );

  // Registered before the first await, so a query is answered even while the holiday list is being fetched.
  setHandler(cycleStatusQuery, () => ({
    cycleId: config.id,
    phase,
    phaseSince,
    next: pending()[0] ?? null,
    reached: [...reached],
    timeline,
    config,
    providers: roster.size,
    nvi: nvi ? { ...nvi, answers: undefined } : null,
    tariff,
    amendments: [...amendments],
    deliveryFailures: [...outbox.failures],
    decisions: [...outcome.decisions.values()],
    selection: outcome.selection,
    announcementBlocked: outcome.blocked,
    contracts: outcome.contracts,
    handover: outcome.handover,
  }));

  setHandler(providerIdsQuery, () => [...roster.keys()]);

  const news = (): CycleNews => ({
    version: newsVersion,
    config,
    nvi: nvi
      ? {
          publishedAt: nvi.publishedAt,
          questionCount: nvi.questionCount,
          answerCount: nvi.answerCount,
          changesDocuments: nvi.changesDocuments,
        }
      : null,
    tariff,
    amendments: [...amendments],
    holidays,
    selection: outcome.selection,
    contracts: outcome.contracts,
  });

  /**
   * Informs the given providers' workflows, in batches; `start` for providers just registered, whose workflows it
   * starts (only they need their name and address sent along).
   */
  async function tell(providerIds: readonly string[], start = false): Promise<void> {
    const current = news();
    for (let i = 0; i < providerIds.length; i += NEWS_BATCH) {
      const batch = providerIds.slice(i, i + NEWS_BATCH);
      await deliverCycleNews({
        news: current,
        recipients: batch.map((id) => {
          const answered = (nvi?.answers ?? []).flatMap((a) =>
            a.questions
              .filter((q) => q.provider === id)
              .map((q) => ({ number: q.number, changesDocuments: a.changesDocuments })),
          );
          return {
            id,
            ...(start ? { provider: roster.get(id) as ProviderRef } : {}),
            ...(answered.length > 0 ? { answered } : {}),
          };
        }),
      });
    }
  }
  const tellEveryone = () => {
    newsVersion++;
    return tell([...roster.keys()]);
  };

  setHandler(
    registerProvidersUpdate,
    async (input) => {
      const { providers } = parsed<{ providers: ProviderRef[] }>(RegistrationInputSchema, input);
      const fresh = providers.filter((p) => !roster.has(p.id));
      for (const provider of fresh) roster.set(provider.id, provider);
      // Decided at once, with the roster: a notice that goes out while this handler waits already includes them.
      if (fresh.length > 0 && published()) {
        outbox.mailing(config, 'publication', 1, fresh, publicationNotice());
        if (nvi) outbox.mailing(config, 'nviPublished', 1, fresh, nviNotice(nvi));
      }
      await tell(
        fresh.map((p) => p.id),
        true,
      );
      return {
        registered: fresh.map((p) => p.id),
        alreadyRegistered: providers.filter((p) => !fresh.includes(p)).map((p) => p.id),
      };
    },
    {
      validator: (input) => {
        const { providers } = parsed<{ providers: ProviderRef[] }>(RegistrationInputSchema, input);
        const closing = scheduleInstant(config, 'submissionDeadline').toMillis();
        if (Date.now() >= closing)
          refuse('the submission has closed; no provider can join this cycle any more');
        for (const provider of providers) {
          const known = roster.get(provider.id);
          if (known && JSON.stringify(known) !== JSON.stringify(provider))
            refuse(
              `provider ${provider.id} is already registered as ${known.name} <${known.email}>; ` +
                'registering it again with other details is not allowed',
            );
        }
      },
    },
  );

  setHandler(
    publishNviUpdate,
    async (raw) => {
      const input = parsed<NviInput>(NviInputSchema, raw);
      const answers = input.answers;
      const notice: NviNotice = {
        publishedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
        questionCount: answers.reduce((n, a) => n + a.questions.length, 0),
        answerCount: answers.length,
        changesDocuments: answers.some((a) => a.changesDocuments),
      };
      nvi = { ...notice, answers };
      onWebsite(
        'nvi',
        1,
        notice.publishedAt,
        `${notice.answerCount} antwoorden op ${notice.questionCount} vragen`,
      );
      outbox.mailing(config, 'nviPublished', 1, [...roster.values()], nviNotice(notice));
      // Only who asked needs the news: which of its questions the NvI answered.
      newsVersion++;
      await tell([...new Set(answers.flatMap((a) => a.questions.map((q) => q.provider)))]);
      return notice;
    },
    {
      validator: (input) => {
        const { value, stampMs } = accept<NviInput>(NviInputSchema, input);
        refuse(refuseNvi(config, value, stampMs, nvi !== null, (id) => roster.has(id)));
      },
    },
  );

  setHandler(
    amendScheduleUpdate,
    async (raw) => {
      const input = parsed<AmendmentInput>(AmendmentInputSchema, raw);
      const result = amendSchedule(config, input.milestone, input.to, Date.now());
      if (!result.ok) throw new Error(result.rule); // the validator ran on the same state
      const amendment: Amendment = {
        number: amendments.length + 1,
        milestone: input.milestone,
        from: new Date(result.fromMs).toISOString(),
        to: new Date(result.toMs).toISOString(),
        amendedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
        reason: input.reason ?? null,
      };
      config = result.config;
      amendments.push(amendment);
      timeline = planTimeline(config, holidays);
      timelineVersion++;
      log.info('schedule amended', { cycleId: config.id, milestone: input.milestone, to: amendment.to });
      // Before publication nobody is told: the publication notice will carry the amended dates.
      if (published()) {
        const change = {
          key: amendment.milestone,
          label: MILESTONE_LABELS_NL[amendment.milestone],
          from: amendment.from,
          to: amendment.to,
        };
        outbox.mailing(config, 'scheduleAmended', amendment.number, [...roster.values()], {
          ...noticeBase(config),
          amendedAt: amendment.amendedAt,
          changes: [change],
        });
        onWebsite(
          'scheduleAmendment',
          amendment.number,
          amendment.amendedAt,
          `${change.label}: ${dutchDateTime(result.toMs, config.timezone, milestoneStyle(amendment.milestone))}`,
        );
      }
      // Every provider's workflow has the amended schedule (its timers follow) before the officer gets the answer.
      await tellEveryone();
      return amendment;
    },
    {
      validator: (input) => {
        const { value } = accept<{ receivedAt: string; milestone: Amendment['milestone']; to: string }>(
          AmendmentInputSchema,
          input,
        );
        refuse(stillStarting());
        const result = amendSchedule(config, value.milestone, value.to, Date.now());
        if (!result.ok) refuse(result.rule);
      },
    },
  );

  setHandler(
    announceTariffUpdate,
    async (raw) => {
      const input = parsed<TariffInput>(TariffInputSchema, raw);
      const notice = tariffNotice(
        config,
        input.hourlyRate,
        Date.parse(input.receivedAt),
        new WorkingDayCalendar(holidays),
      );
      tariff = {
        hourlyRate: notice.hourlyRate,
        announcedAt: notice.announcedAt,
        withdrawalDeadline: notice.withdrawalDeadline,
      };
      onWebsite('tariff', 1, tariff.announcedAt, `Definitief uurtarief: € ${tariff.hourlyRate.toFixed(2)}`);
      await tellEveryone();
      return tariff;
    },
    {
      validator: (input) => {
        const { stampMs } = accept(TariffInputSchema, input);
        refuse(stillStarting());
        refuse(refuseTariff(config, tariff, stampMs));
      },
    },
  );

  const years = cycleYears(config);
  holidays = await publicHolidays(years.from, years.to);
  timeline = planTimeline(config, holidays);
  if (partTwo) outcome.install();
  const checksDone = new Set<string>();
  /** The timed checks of part 2 still to make; one at the instant of a milestone comes after it. */
  const pendingChecks = (): CycleCheck[] =>
    partTwo ? planChecks(config).filter((c) => !checksDone.has(c.id)) : [];

  for (;;) {
    const milestone = pending()[0];
    if (!milestone) break;
    const check = pendingChecks()[0];
    if (check && check.at < Date.parse(milestone.at)) {
      const waitCheck = check.at - Date.now();
      if (waitCheck > 0) {
        const seen = timelineVersion;
        if (await condition(() => timelineVersion !== seen, waitCheck)) continue;
      }
      checksDone.add(check.id);
      // A check long past when the cycle started is not made (no warnings years late).
      if (-waitCheck < CATCH_UP_GRACE_MS) await outcome.check(check);
      continue;
    }
    const wait = Date.parse(milestone.at) - Date.now();
    if (wait > 0) {
      const seen = timelineVersion;
      // An amendment wakes the loop, which then waits for the amended timeline.
      if (await condition(() => timelineVersion !== seen, wait)) continue;
    } else caughtUp.push(milestone.key);
    reached.push({
      key: milestone.key,
      plannedAt: milestone.at,
      reachedAt: new Date(Date.now()).toISOString(),
    });
    const nextPhase = phaseAfter([milestone.key]);
    const acted = -wait < CATCH_UP_GRACE_MS;
    // The objection phase begins when the outcome actually went out: a held-back announcement keeps the assessment on.
    const heldBack = partTwo && acted && milestone.key === 'announcement';
    if (nextPhase !== 'scheduled' && !heldBack) {
      phase = nextPhase;
      // A phase begins at its milestone's instant, even when the workflow noticed it a few milliseconds later.
      phaseSince = milestone.at;
    }
    log.info('milestone reached', { cycleId: config.id, milestone: milestone.key, phase });
    // A milestone that had long passed before the cycle started is recorded, not acted on (no publication years
    // late); one that passed a little before (a cycle started minutes late) is acted on.
    if (acted && patched(PART_ONE)) await onMilestone(milestone);
    if (heldBack) {
      phase = nextPhase;
      phaseSince = outcome.selection?.announcedAt ?? milestone.at;
    }
  }

  async function onMilestone(milestone: Milestone): Promise<void> {
    if (milestone.key === 'publication') {
      const closing = scheduleInstant(config, 'submissionDeadline').toMillis();
      onWebsite(
        'procedure',
        1,
        milestone.at,
        `Inschrijving tot ${dutchDateTime(closing, config.timezone, 'deadline')}`,
      );
      outbox.mailing(config, 'publication', 1, [...roster.values()], publicationNotice());
    }
    if (partTwo && milestone.key === 'announcement') await outcome.announce();
    if (partTwo && milestone.key === 'contractDispatch') await outcome.dispatchContracts(tariff);
    if (partTwo && milestone.key === 'contractStart') await outcome.handOver();
    if (milestone.key === 'nviPublication' && !nvi) {
      const questionCount = await countOnTimeQuestions({
        cycleId: config.id,
        providerIds: [...roster.keys()],
      });
      outbox.send(config, 'nviOverdue', config.wlzUitvoerder.email, {
        ...officerMailBase(config),
        nviPublication: milestone.at,
        questionCount,
      });
    }
  }

  await condition(allHandlersFinished);
  await outbox.idle();
  return {
    cycleId: config.id,
    phase,
    reached,
    caughtUp,
    ...(partTwo ? { selected: outcome.selected(), handover: outcome.handover } : {}),
  };
}
