/**
 * The budget of a Wlz-uitvoerder's contract period as a whole, one per cycle, started with the contracts: the
 * officer's transfers between providers and regions (overheveling), the consultation with VWS on extra funds and its
 * outcome, and the June and October reviews of reallocation between regions, each listing every region's
 * projection. It reads and changes the contracts only through activities (activities/budget.ts), so its history grows
 * with decisions, not providers.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { createBudgetActivities } from '../activities/budget';
import {
  type TransferInput,
  TransferInputSchema,
  type VwsOutcomeInput,
  VwsOutcomeInputSchema,
  type VwsRequestInput,
  VwsRequestInputSchema,
} from '../domain/budget/inputs';
import { toCents } from '../domain/budget/money';
import { contractEnd, contractYears, monthStart, monthsOfYear } from '../domain/budget/months';
import { distributeGrant } from '../domain/budget/transfer';
import {
  type BudgetCoordinatorInput,
  type CoordinatorState,
  type CoordinatorView,
  coordinatorQuery,
  type TransferRecord,
  transferUpdate,
  type VwsConsultation,
  vwsOutcomeUpdate,
  vwsRequestUpdate,
} from './budget-coordinator-api';
import { Outbox, officerMailBase } from './outbox';
import { accept, INPUT_REFUSED, parsed, refuse } from './refusals';

type BudgetActivities = ReturnType<typeof createBudgetActivities>;
const { budgetPositions, regionReview, applyTransfer, applyVwsShares } = proxyActivities<BudgetActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumInterval: '1 minute' },
});

export async function budgetCoordinatorWorkflow(input: BudgetCoordinatorInput): Promise<CoordinatorView> {
  const { config, providers, cycleId } = input;
  const span = { start: config.contract.start, years: config.contract.years, timezone: config.timezone };
  const years = contractYears(span);
  const endsAt = contractEnd(span);
  const state: CoordinatorState = input.carried ?? {
    transfers: [],
    attempts: 0,
    vws: [],
    reviews: [],
    mail: {},
  };
  const outbox = new Outbox('officer', state.mail);
  let version = 0;

  const view = (): CoordinatorView => ({ cycleId, providers, ...state, mail: outbox.counts() });
  setHandler(coordinatorQuery, view);

  const refuseYear = (year: number) =>
    years.includes(year) ? null : `year: ${year} is not a contract year (${years.join(', ')})`;
  const known = (id: string) => providers.some((p) => p.id === id);
  const openConsultation = (year: number) => state.vws.find((v) => v.year === year && v.outcome === null);

  /** An activity's refusal (a rule of a contract) reaches the officer as a refusal, not as a crash. */
  async function asRefusal<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      const cause = error instanceof ActivityFailure ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === INPUT_REFUSED)
        throw ApplicationFailure.create({ type: INPUT_REFUSED, message: cause.message, nonRetryable: true });
      throw error;
    }
  }

  setHandler(
    transferUpdate,
    async (raw) => {
      const t = parsed<TransferInput>(TransferInputSchema, raw);
      // Every attempt gets a number of its own, so a refused one never lends its Update ids to the next.
      state.attempts += 1;
      const record: TransferRecord = {
        number: state.attempts,
        from: t.from,
        fromRegion: t.region,
        to: t.to,
        toRegion: t.toRegion ?? t.region,
        year: t.year,
        amountCents: toCents(t.amount),
        approvedAt: new Date(Date.parse(t.receivedAt)).toISOString(),
        by: t.by,
        reason: t.reason ?? 'Overheveling goedgekeurd door de zorginkoper.',
      };
      await asRefusal(applyTransfer({ cycleId, ...record, receivedAt: record.approvedAt }));
      state.transfers.push(record);
      version++;
      return record;
    },
    {
      validator: (raw) => {
        const { value } = accept<TransferInput>(TransferInputSchema, raw);
        refuse(refuseYear(value.year));
        if (!known(value.from)) refuse(`from: ${value.from} has no contract in this cycle`);
        if (!known(value.to)) refuse(`to: ${value.to} has no contract in this cycle`);
        if (value.from === value.to && (value.toRegion ?? value.region) === value.region)
          refuse('to: must be another provider or region than the one giving');
      },
    },
  );

  setHandler(
    vwsRequestUpdate,
    (raw) => {
      const r = parsed<VwsRequestInput>(VwsRequestInputSchema, raw);
      const consultation: VwsConsultation = {
        number: state.vws.length + 1,
        year: r.year,
        requestedAt: new Date(Date.parse(r.receivedAt)).toISOString(),
        by: r.by,
        note: r.note ?? null,
        reminders: [],
        outcome: null,
      };
      state.vws.push(consultation);
      version++;
      return consultation;
    },
    {
      validator: (raw) => {
        const { value } = accept<VwsRequestInput>(VwsRequestInputSchema, raw);
        refuse(refuseYear(value.year));
        const open = openConsultation(value.year);
        if (open)
          refuse(
            `year: the consultation with VWS on ${value.year} is already open, since ${open.requestedAt}`,
          );
      },
    },
  );

  setHandler(
    vwsOutcomeUpdate,
    async (raw) => {
      const o = parsed<VwsOutcomeInput>(VwsOutcomeInputSchema, raw);
      const consultation = openConsultation(o.year) as VwsConsultation;
      const amountCents = o.granted ? toCents(o.amount ?? 0) : 0;
      const recordedAt = new Date(Date.parse(o.receivedAt)).toISOString();
      // Recorded at once (a second outcome is refused from here on), shared here, applied with an id per share: a
      // retried activity applies the same shares, never more than VWS granted.
      consultation.outcome = { granted: o.granted, amountCents, recordedAt, by: o.by, shares: [] };
      const positions = await budgetPositions({ cycleId, providers, year: o.year, step: 'vws' });
      const atVws = positions.map((p) => ({
        providerId: p.providerId,
        region: p.region,
        shortfallCents: Math.max(0, p.projectedCents - p.ceilingCents),
      }));
      const shares = distributeGrant(amountCents, atVws).map((s) => ({
        providerId: s.providerId,
        region: s.region,
        grantedCents: s.grantedCents,
      }));
      consultation.outcome.shares = shares;
      await asRefusal(
        applyVwsShares({
          cycleId,
          year: o.year,
          number: consultation.number,
          shares,
          by: o.by,
          reason:
            o.note ?? (o.granted ? 'Uitkomst van het overleg met VWS.' : 'VWS kent geen extra middelen toe.'),
          receivedAt: recordedAt,
        }),
      );
      version++;
      return consultation;
    },
    {
      validator: (raw) => {
        const { value } = accept<VwsOutcomeInput>(VwsOutcomeInputSchema, raw);
        refuse(refuseYear(value.year));
        if (!openConsultation(value.year))
          refuse(`year: no consultation with VWS on ${value.year} is open; record the request first`);
      },
    },
  );

  /** The reviews: the first of each review month of each contract year, at local midnight. */
  const reviewTimes = years.flatMap((year) =>
    monthsOfYear(span, year)
      .filter((m) => config.budget.reviewMonths.includes(Number(m.slice(5, 7))))
      .map((month) => ({ key: month, year, at: monthStart(month, config.timezone) })),
  );
  const vwsReminderTimes = () =>
    state.vws
      .filter((v) => v.outcome === null)
      .map((v) => ({
        v,
        at: DateTime.fromISO(v.requestedAt, { zone: config.timezone })
          .plus({ days: config.budget.vwsReminderDays * (v.reminders.length + 1) })
          .toMillis(),
      }));

  async function review(year: number, key: string): Promise<void> {
    const review = await regionReview({ cycleId, providers, year });
    const regions = review.regions.map((r) => ({
      region: r.region,
      providers: r.providers,
      ceiling: r.ceilingCents / 100,
      projected: r.projectedCents / 100,
      headroom: r.headroomCents / 100,
    }));
    if (regions.length > 0)
      outbox.send(config, 'budgetReview', config.wlzUitvoerder.email, {
        ...officerMailBase(config),
        year,
        at: new Date(Date.now()).toISOString(),
        regions,
        openCases: review.openCases,
      });
    state.reviews.push(key);
  }

  async function remindVws(v: VwsConsultation): Promise<void> {
    v.reminders.push(new Date(Date.now()).toISOString());
    const positions = await budgetPositions({ cycleId, providers, year: v.year, step: 'vws' });
    if (positions.length === 0) return;
    outbox.send(config, 'vwsReminder', config.wlzUitvoerder.email, {
      ...officerMailBase(config),
      year: v.year,
      requestedAt: v.requestedAt,
      cases: positions.map((p) => ({
        provider: p.providerName,
        region: p.region,
        shortfall: Math.max(0, p.projectedCents - p.ceilingCents) / 100,
      })),
    });
  }

  for (;;) {
    const now = Date.now();
    for (const r of reviewTimes)
      if (r.at <= now && !state.reviews.includes(r.key)) await review(r.year, r.key);
    for (const { v, at } of vwsReminderTimes()) if (at <= now) await remindVws(v);
    if (now >= endsAt) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => allHandlersFinished() && outbox.isIdle());
      await continueAsNew<typeof budgetCoordinatorWorkflow>({
        ...input,
        carried: { ...state, mail: outbox.counts() },
      });
    }
    const next = Math.min(
      ...reviewTimes.filter((r) => !state.reviews.includes(r.key)).map((r) => r.at),
      ...vwsReminderTimes().map((r) => r.at),
      endsAt,
    );
    const seen = version;
    await condition(() => version !== seen, Math.max(1, next - now));
  }
  await condition(() => allHandlersFinished() && outbox.isIdle());
  return view();
}
