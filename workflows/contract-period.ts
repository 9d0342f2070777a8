/**
 * One provider's contract with one Wlz-uitvoerder for the contract period (all its regions), started by the cycle at
 * contract start. It keeps the budget ledger (ceilings, tariffs, prognoses, production), watches each region's
 * projection, climbs the escalation ladder when an overrun threatens, and reminds the provider of its recurring
 * obligations (DOMAIN.md 6 and 7). It continues as new at each contract year and whenever its history grows long,
 * carrying its state. The rules are in domain/budget; the Updates in contract-period-inputs.ts; this orchestrates.
 *
 * Contracts handed over before budget monitoring existed replay without it: they wait for the end of the period.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { createBudgetActivities } from '../activities/budget';
import type { createEmailActivities } from '../activities/email';
import type { OverrunCase } from '../domain/budget/ladder';
import { ceilingOf, type Ledger, openLedger, projectionOf } from '../domain/budget/ledger';
import { contractYearOf, contractYears, monthAt, monthStart, monthsOfYear } from '../domain/budget/months';
import { OBLIGATION_LABELS_NL, type ObligationTerms, periodLabel } from '../domain/budget/obligations';
import { positionProjection } from '../domain/budget/projection';
import type { CycleConfig } from '../domain/config';
import { startOfLocalDate } from '../domain/local-time';
import type { ReceiptFacts, SignedReceipt } from '../mail/receipt';
import { ContractLadder, projectionFigures } from './contract-ladder';
import { type DueNotice, ObligationTracker } from './contract-obligations';
import {
  type ContractPeriodInput,
  type ContractPeriodState,
  type ContractPeriodView,
  type ContractPosition,
  contractPeriodQuery,
  positionsQuery,
  type RegionBudget,
} from './contract-period-api';
import { installBudgetInputs } from './contract-period-inputs';
import { mailBase, Outbox, officerMailBase } from './outbox';

/** Contracts handed over before budget monitoring replay without it. */
const BUDGET = 'contract-period-budget';

const { signReceipt } = proxyLocalActivities<ReturnType<typeof createEmailActivities>>({
  startToCloseTimeout: '10 seconds',
});
const { transferProposal } = proxyActivities<ReturnType<typeof createBudgetActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumInterval: '1 minute', maximumAttempts: 10 },
});

export function obligationTerms(config: CycleConfig): ObligationTerms {
  return {
    reportDueDays: config.budget.reportDueDays,
    reportOverdueDays: config.budget.reportOverdueDays,
    prognosisDueDays: config.budget.prognosisDueDays,
    prognosisReminderDays: config.budget.prognosisReminderDays,
    ...config.obligations,
  };
}

export async function contractPeriodWorkflow(input: ContractPeriodInput): Promise<ContractPeriodView> {
  // First, before any await: the marker is the first command of the first workflow task.
  const budgeted = patched(BUDGET);
  const { carried, ...handover } = input;
  const endsAtMs = startOfLocalDate(handover.contract.start, handover.timezone)
    .plus({ years: handover.contract.years })
    .toMillis();
  let status: ContractPeriodView['status'] = 'running';
  const plainView = (): ContractPeriodView => ({
    ...handover,
    endsAt: new Date(endsAtMs).toISOString(),
    status,
  });

  const config = handover.config;
  if (!budgeted || !config) {
    setHandler(contractPeriodQuery, plainView);
    await sleep(Math.max(1, endsAtMs - Date.now()));
    status = 'ended';
    return plainView();
  }

  const span = {
    start: handover.contract.start,
    years: handover.contract.years,
    timezone: handover.timezone,
  };
  const years = contractYears(span);
  const yearStart = (year: number) => monthStart(monthsOfYear(span, year)[0] as string, span.timezone);
  const yearEnd = (year: number) => {
    const next = years[years.indexOf(year) + 1];
    return next === undefined ? endsAtMs : yearStart(next);
  };
  /** The contract year an instant falls in: the first before the period, the last after it. */
  const yearAt = (ms: number): number => {
    const found = contractYearOf(span, monthAt(ms, span.timezone));
    return found ?? ((ms < endsAtMs ? years[0] : years.at(-1)) as number);
  };

  const state: ContractPeriodState = carried ?? {
    ledger: openLedger({
      span,
      regions: handover.contract.regions,
      hourlyRate: handover.contract.hourlyRate,
      ...(config.tariff.byYear ? { tariffByYear: config.tariff.byYear } : {}),
      at: new Date(Date.now()).toISOString(),
    }),
    cases: [],
    assessed: [],
    ladderNotices: [],
    obligations: {
      newProvider: handover.newProvider ?? false,
      met: {},
      notices: [],
      meetings: [],
      staff: [],
      subcontractors: [],
      log: [],
    },
    receipts: {},
    mail: {},
    generation: 0,
  };
  const ledger: Ledger = state.ledger;
  const provider = handover.provider;
  const outbox = new Outbox(provider.id, state.mail);
  const runYear = yearAt(Date.now());
  let version = 0;
  const changed = () => {
    version++;
  };

  const regionBudget = (region: string, year: number): RegionBudget => {
    const projection = projectionOf(ledger, region, year);
    const open = ladder.openCaseFor(region, year);
    return {
      region,
      year,
      ceiling: projection.ceilingCents / 100,
      final: ceilingOf(ledger, region, year)?.final ?? false,
      spent: projection.spentCents / 100,
      projected: projection.projectedCents / 100,
      projectedByPrognosis: projection.projectedByPrognosisCents / 100,
      step: open?.step ?? 'none',
      projection,
    };
  };

  const ladder = new ContractLadder({
    config,
    state,
    provider,
    outbox,
    projection: (region, year) => projectionOf(ledger, region, year),
    figures: projectionFigures,
    yearEnd,
    proposeTransfer: (c) => outbox.watch(sendTransferProposal(c), `transfer proposal for case ${c.number}`),
  });

  const sendTransferProposal = async (c: OverrunCase): Promise<void> => {
    const proposal = await transferProposal({
      cycleId: handover.cycleId,
      providerId: provider.id,
      region: c.region,
      year: c.year,
    });
    outbox.send(config, 'transferProposal', config.wlzUitvoerder.email, {
      ...officerMailBase(config),
      provider: provider.name,
      region: c.region,
      year: c.year,
      shortfall: proposal.shortfallCents / 100,
      from: proposal.from.map((f) => ({
        provider: proposal.names[f.providerId] ?? f.providerId,
        region: f.region,
        amount: f.amountCents / 100,
        headroom: f.headroomCents / 100,
      })),
      uncovered: proposal.uncoveredCents / 100,
      deadline: c.stepDeadline,
    });
  };
  const obligations = new ObligationTracker(ledger, state.obligations, obligationTerms(config));

  async function seal(
    facts: Omit<ReceiptFacts, 'cycleId' | 'providerId' | 'sequence'>,
  ): Promise<SignedReceipt> {
    const sequence = (state.receipts[facts.kind] ?? 0) + 1;
    state.receipts[facts.kind] = sequence;
    return signReceipt({ ...facts, sequence, cycleId: handover.cycleId, providerId: provider.id });
  }

  const view = (): ContractPeriodView => {
    const year = yearAt(Date.now());
    return {
      ...plainView(),
      year,
      budget: ledger.regions.map((r) => regionBudget(r, year)),
      cases: state.cases,
      ledger,
      obligations: { ...state.obligations, open: obligations.open(Date.now()) },
      generation: state.generation,
    };
  };
  setHandler(contractPeriodQuery, view);
  setHandler(positionsQuery, (year: number): ContractPosition[] =>
    ledger.regions.map((region) => {
      const projection = projectionOf(ledger, region, year);
      return {
        providerId: provider.id,
        providerName: provider.name,
        region,
        year,
        ceilingCents: projection.ceilingCents,
        projectedCents: positionProjection(projection),
        step: ladder.openCaseFor(region, year)?.step ?? 'none',
      };
    }),
  );

  installBudgetInputs({ config, span, state, provider, outbox, ladder, seal, regionBudget, changed });

  /** Reminders due at the same instant for the same obligation in several regions go out as one message. */
  const sendNotices = (due: DueNotice[]) => {
    const groups = new Map<string, DueNotice[]>();
    for (const n of due) {
      const o = n.obligation;
      const key = `${n.kind}|${o.kind}|${o.period}|${o.subject ?? ''}|${n.at}`;
      groups.set(key, [...(groups.get(key) ?? []), n]);
    }
    for (const group of groups.values()) {
      const first = group[0] as DueNotice;
      const o = first.obligation;
      const regions = group.map((n) => n.obligation.region).filter((r): r is string => r !== null);
      const outstanding = o.kind === 'meetings' ? obligations.outstanding(o) : undefined;
      const common = {
        obligation: OBLIGATION_LABELS_NL[o.kind],
        period: periodLabel(o),
        regions,
        dueAt: new Date(o.dueAt).toISOString(),
        ...(outstanding !== undefined ? { outstanding } : {}),
      };
      if (first.kind === 'reminder')
        outbox.send(config, 'obligationReminder', provider.email, {
          ...mailBase(config, provider.name),
          ...common,
          late: first.late,
        });
      else
        outbox.send(config, 'obligationOverdue', config.wlzUitvoerder.email, {
          ...officerMailBase(config),
          ...common,
          provider: provider.name,
        });
      for (const n of group) obligations.markSent(n.key);
    }
  };

  // After the period the workflow stays open until the last obligations are overdue: December's production and the
  // fourth quarter's signal report are due in the new year.
  const closesAtMs = Math.max(endsAtMs, ...obligations.all().map((o) => o.overdueAt));
  const nextYear = years[years.indexOf(runYear) + 1];
  /** Where this run hands over to the next contract year's (none in the last year). */
  const boundary = nextYear === undefined ? Number.POSITIVE_INFINITY : yearStart(nextYear);

  for (;;) {
    const now = Date.now();
    sendNotices(obligations.due(now));
    ladder.fireDue(now);
    if (now >= closesAtMs) break;
    if (now >= boundary || workflowInfo().continueAsNewSuggested) {
      // Updates still running finish first; the messages they started go out with this run.
      await condition(() => allHandlersFinished() && outbox.isIdle());
      await continueAsNew<typeof contractPeriodWorkflow>({
        ...handover,
        carried: { ...state, mail: outbox.counts(), generation: state.generation + 1 },
      });
    }
    const next = Math.min(
      obligations.next() ?? Number.POSITIVE_INFINITY,
      ladder.next() ?? Number.POSITIVE_INFINITY,
      boundary,
      closesAtMs,
    );
    const seen = version;
    await condition(() => version !== seen, Math.max(1, next - now));
  }
  await condition(() => allHandlersFinished() && outbox.isIdle());
  status = 'ended';
  return view();
}
