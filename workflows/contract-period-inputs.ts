/**
 * The contract-period workflow's Updates: production, prognosis, a reported threat, the ladder's decisions, ceilings,
 * tariffs, obligations and the coordinator's ceiling adjustments. Each validator refuses a bad input with its field
 * and rule before it enters history; each handler records the input, seals a receipt where the provider must be
 * able to prove it, and lets the ladder look again.
 */
import { setHandler } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import {
  CeilingAdjustmentSchema,
  type CeilingInput,
  CeilingInputSchema,
  type CloseCaseInput,
  CloseCaseInputSchema,
  type MaatwerkInput,
  MaatwerkInputSchema,
  type MoveOnInput,
  MoveOnInputSchema,
  type NewProviderInput,
  NewProviderInputSchema,
  type ObligationInput,
  ObligationInputSchema,
  type OverrunReportInput,
  OverrunReportInputSchema,
  VwsDecisionSchema,
  type YearTariffInput,
  YearTariffInputSchema,
} from '../domain/budget/inputs';
import { refuseUnlessAt, STEP_LABELS_NL } from '../domain/budget/ladder';
import { ceilingOf, changeCeiling, hasChange, type Ledger, productionContext } from '../domain/budget/ledger';
import { toCents } from '../domain/budget/money';
import {
  type ContractSpan,
  contractMonths,
  contractYearOf,
  contractYears,
  daysAfterMonth,
  monthAt,
  monthsOfYear,
} from '../domain/budget/months';
import { periodLabel } from '../domain/budget/obligations';
import {
  type ProductionInput,
  ProductionInputSchema,
  recordProduction,
  refuseProduction,
} from '../domain/budget/production';
import {
  type PrognosisInput,
  PrognosisInputSchema,
  recordPrognosis,
  refusePrognosis,
} from '../domain/budget/prognosis';
import { assessThreat, type Projection, positionProjection } from '../domain/budget/projection';
import { refuseRegion } from '../domain/budget/regions';
import type { CycleConfig } from '../domain/config';
import { dutchEuros, dutchMonth } from '../domain/dutch-format';
import type { ProviderRef } from '../domain/inputs';
import { startOfLocalDate } from '../domain/local-time';
import { DECISION_STAMP_LIMITS } from '../domain/receipt-time';
import type { ReceiptFacts, SignedReceipt } from '../mail/receipt';
import { type ContractLadder, projectionFigures } from './contract-ladder';
import {
  adjustCeilingUpdate,
  type CeilingAdjustment,
  type ContractPeriodState,
  closeCaseUpdate,
  moveOnUpdate,
  type RegionBudget,
  recordMaatwerkUpdate,
  recordObligationUpdate,
  reportOverrunUpdate,
  reportProductionUpdate,
  setCeilingUpdate,
  setNewProviderUpdate,
  setYearTariffUpdate,
  submitPrognosisUpdate,
  type VwsDecision,
  vwsDecisionUpdate,
} from './contract-period-api';
import { mailBase, type Outbox } from './outbox';
import { accept, parsed, refuse } from './refusals';
import { Serial } from './serial';

export interface InputsContext {
  config: CycleConfig;
  span: ContractSpan;
  state: ContractPeriodState;
  provider: ProviderRef;
  outbox: Outbox;
  ladder: ContractLadder;
  seal(facts: Omit<ReceiptFacts, 'cycleId' | 'providerId' | 'sequence'>): Promise<SignedReceipt>;
  regionBudget(region: string, year: number): RegionBudget;
  /** Wakes the workflow's loop: something changed that may move a timer. */
  changed(): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What a production receipt shows besides the receipt: the month's realisation against the prognosis (or the even
 * spread), the year's standing, and at a quarter end the system's verdict on a threatened overrun.
 */
function monthStanding(projection: Projection, month: string, config: CycleConfig) {
  const figures = projection.months.find((m) => m.month === month);
  const verdict = assessThreat(projection, config.budget.detection);
  const realised = (figures?.realisedCents ?? 0) / 100;
  const expected = (figures?.expectedCents ?? 0) / 100;
  return {
    region: projection.region,
    year: projection.year,
    comparison: {
      month: dutchMonth(month),
      realised,
      expected,
      difference: Math.abs((figures?.realisedCents ?? 0) - (figures?.expectedCents ?? 0)) / 100,
      above: realised > expected,
      source: projection.expectedSource,
    },
    projection: projectionFigures(projection),
    ...(verdict.quarterEnd === month ? { verdict: verdict.reason } : {}),
  };
}

export function installBudgetInputs(ctx: InputsContext): void {
  const { config, span, state, provider, outbox, ladder } = ctx;
  const serial = new Serial();
  const ledger: Ledger = state.ledger;
  const base = () => mailBase(config, provider.name);
  const years = contractYears(span);
  const refuseRegionYear = (region: string, year: number): string | null => {
    const notContracted = refuseRegion(ledger.regions, region);
    if (notContracted) return notContracted;
    if (!years.includes(year)) return `year: ${year} is not a contract year (${years.join(', ')})`;
    return null;
  };

  const receiptMail = (
    receipt: SignedReceipt,
    summary: string,
    replaced?: string,
    standing?: Record<string, unknown>,
  ) => {
    outbox.send(config, 'budgetReceipt', provider.email, {
      ...base(),
      receipt,
      summary,
      ...(replaced ? { replaced } : {}),
      ...(standing ?? {}),
    });
  };

  setHandler(
    reportProductionUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<ProductionInput>(ProductionInputSchema, raw);
        const context = productionContext(ledger);
        const before = ledger.production.find(
          (e) => e.month === input.month && e.region === input.region,
        )?.current;
        const entry = recordProduction(ledger.production, context, input);
        const dueAt = daysAfterMonth(input.month, config.budget.reportDueDays, span.timezone);
        const receivedMs = Date.parse(input.receivedAt);
        const receipt = await ctx.seal({
          kind: 'production',
          receivedAt: entry.current.reportedAt,
          deadline: {
            key: `production:${input.month}`,
            label: `productieverantwoording ${dutchMonth(input.month)}`,
            at: iso(dueAt),
          },
          onTime: receivedMs < dueAt,
          files: [],
          issues: [],
        });
        const figure = `${formatHours(entry.current.hours)} uur (${dutchEuros(entry.current.valueCents / 100)})`;
        const year = contractYearOf(span, input.month) as number;
        receiptMail(
          receipt,
          `productie ${dutchMonth(input.month)}, regio ${input.region}: ${figure}`,
          before ? `${formatHours(before.hours)} uur, ontvangen ${before.reportedAt}` : undefined,
          monthStanding(ctx.regionBudget(input.region, year).projection, input.month, config),
        );
        const opened = ladder.evaluate(input.region, year, receivedMs, 'production');
        ctx.changed();
        return { receipt, entry, projection: ctx.regionBudget(input.region, year).projection, case: opened };
      }),
    {
      validator: (raw) => {
        const { value, stampMs } = accept<ProductionInput>(ProductionInputSchema, raw);
        refuse(refuseProduction(productionContext(ledger), value, stampMs));
      },
    },
  );

  setHandler(
    submitPrognosisUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<PrognosisInput>(PrognosisInputSchema, raw);
        const prognosis = recordPrognosis(ledger.prognoses, { ...span, regions: ledger.regions }, input);
        const first = monthsOfYear(span, input.year)[0] as string;
        const dueAt = startOfLocalDate(`${first}-01`, span.timezone)
          .plus({ days: config.budget.prognosisDueDays })
          .toMillis();
        const receipt = await ctx.seal({
          kind: 'prognosis',
          receivedAt: prognosis.receivedAt,
          deadline: { key: `prognosis:${input.year}`, label: `prognose ${input.year}`, at: iso(dueAt) },
          onTime: Date.parse(prognosis.receivedAt) < dueAt,
          files: [],
          issues: [],
        });
        receiptMail(
          receipt,
          `prognose ${input.year}, regio ${prognosis.region}: ${dutchEuros(prognosis.totalCents / 100)}`,
          prognosis.replaced.length > 0
            ? `de prognose van ${prognosis.replaced.at(-1)?.receivedAt}`
            : undefined,
          {
            region: prognosis.region,
            year: input.year,
            projection: projectionFigures(ctx.regionBudget(prognosis.region, input.year).projection),
          },
        );
        const opened = ladder.evaluate(
          prognosis.region,
          input.year,
          Date.parse(input.receivedAt),
          'production',
        );
        ctx.changed();
        return {
          receipt,
          projection: ctx.regionBudget(prognosis.region, input.year).projection,
          case: opened,
        };
      }),
    {
      validator: (raw) => {
        const { value } = accept<PrognosisInput>(PrognosisInputSchema, raw);
        refuse(refusePrognosis({ ...span, regions: ledger.regions }, value));
      },
    },
  );

  const reportYear = (input: OverrunReportInput) =>
    input.year ?? contractYearOf(span, monthAt(Date.parse(input.receivedAt), span.timezone)) ?? years[0] ?? 0;

  setHandler(
    reportOverrunUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<OverrunReportInput>(OverrunReportInputSchema, raw);
        const year = reportYear(input);
        const at = Date.parse(input.receivedAt);
        const opened = ladder.open(input.region, year, 'provider', {
          at,
          by: provider.name,
          reason: input.note ?? 'De aanbieder meldt een dreigende overschrijding van het budgetplafond.',
        });
        const receipt = await ctx.seal({
          kind: 'overrunReport',
          receivedAt: iso(at),
          deadline: null,
          onTime: true,
          files: [],
          issues: [],
        });
        receiptMail(receipt, `melding dreigende budgetoverschrijding ${input.region} ${year}`);
        ctx.changed();
        return { receipt, projection: ctx.regionBudget(input.region, year).projection, case: opened };
      }),
    {
      validator: (raw) => {
        const { value } = accept<OverrunReportInput>(OverrunReportInputSchema, raw);
        const year = reportYear(value);
        refuse(refuseRegionYear(value.region, year));
        const open = ladder.openCaseFor(value.region, year);
        if (open)
          refuse(
            `region: case ${open.number} for ${value.region} ${year} is already open, at ${open.step} (${STEP_LABELS_NL[open.step]})`,
          );
      },
    },
  );

  setHandler(
    recordMaatwerkUpdate,
    (raw) => {
      const input = parsed<MaatwerkInput>(MaatwerkInputSchema, raw);
      const c = ladder.openCaseFor(input.region, input.year);
      if (!c) throw new Error('no open case'); // the validator ran on the same state
      const projected =
        input.projectedAfter !== undefined
          ? toCents(input.projectedAfter)
          : ctx.regionBudget(input.region, input.year).projection.projectedCents;
      const at = Date.parse(input.receivedAt);
      c.maatwerk = {
        agreements: input.agreements,
        projectedCents: projected,
        recordedAt: iso(at),
        by: input.by,
      };
      const reason =
        input.agreements === null
          ? 'Er zijn geen maatwerkafspraken mogelijk.'
          : `Maatwerkafspraken: ${input.agreements} Verwachting na de afspraken: ${dutchEuros(projected / 100)}.`;
      // No agreements always goes on; agreements close the case only with a projection to count on: the one they
      // lead to, or the figures when months have been reported.
      const counted = ctx.regionBudget(input.region, input.year).projection.monthsCounted > 0;
      const settledAt =
        input.agreements === null || (input.projectedAfter === undefined && !counted) ? null : projected;
      ladder.settle(c, settledAt, { at, by: input.by, reason });
      ctx.changed();
      return c;
    },
    {
      validator: (raw) => {
        const { value } = accept<MaatwerkInput>(MaatwerkInputSchema, raw);
        refuse(refuseRegionYear(value.region, value.year));
        refuse(refuseUnlessAt(ladder.openCaseFor(value.region, value.year), 'maatwerk', 'agreements'));
      },
    },
  );

  setHandler(
    moveOnUpdate,
    (raw) => {
      const input = parsed<MoveOnInput>(MoveOnInputSchema, raw);
      const c = ladder.openCaseFor(input.region, input.year);
      if (!c) throw new Error('no open case');
      ladder.settle(c, null, {
        at: Date.parse(input.receivedAt),
        by: input.by,
        reason: input.reason,
      });
      ctx.changed();
      return c;
    },
    {
      validator: (raw) => {
        const { value } = accept<MoveOnInput>(MoveOnInputSchema, raw);
        refuse(refuseRegionYear(value.region, value.year));
        const c = ladder.openCaseFor(value.region, value.year);
        if (!c) refuse(`region: there is no open overrun case for ${value.region} ${value.year}`);
        if (c?.step === 'referral')
          refuse(
            'step: the case is at referral, the last step: it ends when the ceiling is raised or the year ends',
          );
      },
    },
  );

  setHandler(
    closeCaseUpdate,
    (raw) => {
      const input = parsed<CloseCaseInput>(CloseCaseInputSchema, raw);
      const c = ladder.openCaseFor(input.region, input.year);
      if (!c) throw new Error('no open case');
      ladder.move(c, 'none', { at: Date.parse(input.receivedAt), by: input.by, reason: input.reason });
      ctx.changed();
      return c;
    },
    {
      validator: (raw) => {
        const { value } = accept<CloseCaseInput>(CloseCaseInputSchema, raw);
        refuse(refuseRegionYear(value.region, value.year));
        if (!ladder.openCaseFor(value.region, value.year))
          refuse(`region: there is no open overrun case for ${value.region} ${value.year}`);
      },
    },
  );

  const applyCeiling = (
    region: string,
    year: number,
    toCentsValue: number,
    change: {
      at: number;
      by: string;
      kind: 'final' | 'correction' | 'transfer' | 'vws';
      reason: string;
      id?: string;
    },
  ): RegionBudget => {
    const before = ceilingOf(ledger, region, year)?.cents ?? 0;
    const ceiling = changeCeiling(ledger, region, year, {
      at: iso(change.at),
      by: change.by,
      kind: change.kind,
      toCents: toCentsValue,
      reason: change.reason,
      ...(change.id ? { id: change.id } : {}),
    });
    outbox.send(config, 'ceilingChanged', provider.email, {
      ...base(),
      region,
      year,
      from: (ceiling.changes.at(-1)?.fromCents ?? 0) / 100,
      to: ceiling.cents / 100,
      final: change.kind === 'final',
      reason: change.reason,
      at: iso(change.at),
    });
    ladder.evaluate(region, year, change.at, toCentsValue >= before ? 'ceilingRaised' : 'ceilingLowered');
    ctx.changed();
    return ctx.regionBudget(region, year);
  };

  setHandler(
    setCeilingUpdate,
    (raw) => {
      const input = parsed<CeilingInput>(CeilingInputSchema, raw);
      return applyCeiling(input.region, input.year, toCents(input.amount), {
        at: Date.parse(input.receivedAt),
        by: input.by,
        kind: input.final ? 'final' : 'correction',
        reason:
          input.reason ??
          (input.final ? 'Definitief budgetplafond vastgesteld.' : 'Budgetplafond gecorrigeerd.'),
      });
    },
    {
      validator: (raw) => {
        const { value } = accept<CeilingInput>(CeilingInputSchema, raw);
        refuse(refuseRegionYear(value.region, value.year));
        const ceiling = ceilingOf(ledger, value.region, value.year);
        if (ceiling?.final && !value.final && !value.reason)
          refuse('reason: a correction of a final ceiling needs a reason');
      },
    },
  );

  setHandler(
    adjustCeilingUpdate,
    (raw: CeilingAdjustment) => {
      const adjustment = parsed<CeilingAdjustment>(CeilingAdjustmentSchema, raw);
      // The same business event a second time (an activity retried after a continue-as-new): already made.
      if (adjustment.id && hasChange(ledger, adjustment.id))
        return ctx.regionBudget(adjustment.region, adjustment.year);
      const ceiling = ceilingOf(ledger, adjustment.region, adjustment.year);
      const at = Date.parse(adjustment.receivedAt);
      const open = ladder.openCaseFor(adjustment.region, adjustment.year);
      if (open && adjustment.kind === 'transfer')
        open.transfers.push({
          amountCents: adjustment.deltaCents,
          counterpart: adjustment.counterpart ?? 'onbekend',
          approvedAt: iso(at),
          by: adjustment.by,
          reason: adjustment.reason,
        });
      return applyCeiling(adjustment.region, adjustment.year, (ceiling?.cents ?? 0) + adjustment.deltaCents, {
        at,
        by: adjustment.by,
        kind: adjustment.kind,
        reason: adjustment.reason,
        ...(adjustment.id ? { id: adjustment.id } : {}),
      });
    },
    {
      validator: (raw: CeilingAdjustment) => {
        const { value: adjustment } = accept<CeilingAdjustment>(
          CeilingAdjustmentSchema,
          raw,
          DECISION_STAMP_LIMITS,
        );
        refuse(refuseRegionYear(adjustment.region, adjustment.year));
        if (adjustment.id && hasChange(ledger, adjustment.id)) return;
        if (adjustment.deltaCents < 0) {
          const p = ctx.regionBudget(adjustment.region, adjustment.year).projection;
          const headroom = p.ceilingCents - positionProjection(p);
          if (-adjustment.deltaCents > headroom)
            refuse(
              `amount: ${provider.name} has ${dutchEuros(Math.max(0, headroom) / 100)} headroom in ` +
                `${adjustment.region} ${adjustment.year} (ceiling minus projection); a transfer may not push it over its own ceiling`,
            );
        }
      },
    },
  );

  /** The case this VWS outcome was already recorded on (the coordinator's activity retried after a continue-as-new). */
  const decidedCase = (input: VwsDecision) =>
    state.cases.find(
      (c) =>
        c.region === input.region &&
        c.year === input.year &&
        c.vws?.outcome?.recordedAt === iso(Date.parse(input.receivedAt)) &&
        c.vws.outcome.by === input.by,
    );

  setHandler(
    vwsDecisionUpdate,
    (raw: VwsDecision) => {
      const input = parsed<VwsDecision>(VwsDecisionSchema, raw);
      const at = Date.parse(input.receivedAt);
      const done = decidedCase(input);
      if (done) return done;
      const c = ladder.openCaseFor(input.region, input.year);
      if (!c) throw new Error('no open case');
      const outcome = {
        granted: input.grantedCents > 0,
        amountCents: input.grantedCents,
        recordedAt: iso(at),
        by: input.by,
      };
      c.vws = c.vws ? { ...c.vws, outcome } : { requestedAt: iso(at), by: input.by, outcome };
      if (input.grantedCents > 0) {
        const ceiling = ceilingOf(ledger, input.region, input.year);
        applyCeiling(input.region, input.year, (ceiling?.cents ?? 0) + input.grantedCents, {
          at,
          by: input.by,
          kind: 'vws',
          reason: `Extra middelen na overleg met VWS: ${dutchEuros(input.grantedCents / 100)}. ${input.reason}`,
        });
      }
      // Funds that bring the projection within the ceiling closed the case. Without a shortfall left it closes too;
      // only a projection still above the ceiling leads to the referral.
      const after = ctx.regionBudget(input.region, input.year).projection;
      if (c.step === 'vws' && after.projectedCents <= after.ceilingCents)
        ladder.move(c, 'none', {
          at,
          by: input.by,
          reason: `Na het overleg met VWS ligt de verwachting binnen het budgetplafond. ${input.reason}`,
        });
      else if (c.step === 'vws')
        ladder.move(c, 'referral', {
          at,
          by: input.by,
          reason:
            input.grantedCents > 0
              ? `VWS kent ${dutchEuros(input.grantedCents / 100)} toe; de verwachting blijft boven het budgetplafond. ${input.reason}`
              : input.reason,
        });
      ctx.changed();
      return c;
    },
    {
      validator: (raw: VwsDecision) => {
        const { value } = accept<VwsDecision>(VwsDecisionSchema, raw, DECISION_STAMP_LIMITS);
        refuse(refuseRegionYear(value.region, value.year));
        if (decidedCase(value)) return;
        refuse(refuseUnlessAt(ladder.openCaseFor(value.region, value.year), 'vws', 'vwsOutcome'));
      },
    },
  );

  setHandler(
    setNewProviderUpdate,
    (raw) => {
      const input = parsed<NewProviderInput>(NewProviderInputSchema, raw);
      state.obligations.newProvider = input.newProvider;
      state.obligations.log.push({
        kind: 'newProvider',
        period: input.newProvider ? 'nieuwe aanbieder' : 'geen nieuwe aanbieder',
        receivedAt: iso(Date.parse(input.receivedAt)),
      });
      ctx.changed();
      return state.obligations;
    },
    {
      validator: (raw) => {
        accept<NewProviderInput>(NewProviderInputSchema, raw);
      },
    },
  );

  setHandler(
    setYearTariffUpdate,
    (raw) => {
      const input = parsed<YearTariffInput>(YearTariffInputSchema, raw);
      ledger.tariffs[String(input.year)] = input.hourlyRate;
      ctx.changed();
      return { ...ledger.tariffs };
    },
    {
      validator: (raw) => {
        const { value } = accept<YearTariffInput>(YearTariffInputSchema, raw);
        if (!years.includes(value.year))
          refuse(`year: ${value.year} is not a contract year (${years.join(', ')})`);
        const reported = ledger.production.some((e) => contractYearOf(span, e.month) === value.year);
        if (reported)
          refuse(
            `year: production of ${value.year} was already reported at € ${ledger.tariffs[String(value.year)]} an hour; ` +
              'a tariff applies from the start of its year, before the first report',
          );
      },
    },
  );

  setHandler(
    recordObligationUpdate,
    (raw) =>
      serial.run(async () => {
        const input = parsed<ObligationInput>(ObligationInputSchema, raw);
        const at = Date.parse(input.receivedAt);
        const records = state.obligations;
        let summary: string;
        switch (input.kind) {
          case 'signalReport':
            records.met[`signalReport:${input.quarter}`] = 1;
            summary = `signaalrapportage ${periodLabel({ kind: 'signalReport', period: input.quarter, subject: null })}`;
            break;
          case 'meeting':
            records.meetings.push({
              on: input.on,
              held: input.held,
              topic: input.topic ?? null,
              receivedAt: iso(at),
            });
            summary = `${input.held ? 'gehouden' : 'gepland'} voortgangsgesprek op ${input.on}`;
            break;
          case 'survey':
            records.met[`survey:${input.year}`] = 1;
            summary = `resultaten cliëntervaringsonderzoek ${input.year}`;
            break;
          case 'staffJoined':
            records.staff.push({ name: input.name, joinedOn: input.joinedOn, registeredOn: null });
            summary = `nieuwe medewerker ${input.name}, in dienst sinds ${input.joinedOn}`;
            break;
          case 'bcmbRegistered': {
            const member = records.staff.find((s) => s.name === input.subject && s.registeredOn === null);
            if (member) member.registeredOn = input.registeredOn;
            else records.met[`bcmb:provider:${span.start}`] = 1;
            summary = `inschrijving BCMB/Register van ${input.subject === 'provider' ? 'uw organisatie' : input.subject}`;
            break;
          }
          case 'subcontractor':
            records.subcontractors.push({
              name: input.name,
              from: input.from,
              shares: input.shares,
              announcedAt: iso(at),
            });
            summary = `onderaannemer ${input.name} vanaf ${input.from} (${input.shares.map((s) => `${s.region} ${s.percent}%`).join(', ')})`;
            break;
        }
        records.log.push({ kind: input.kind, period: summary, receivedAt: iso(at) });
        const receipt = await ctx.seal({
          kind: 'obligation',
          receivedAt: iso(at),
          deadline: null,
          onTime: true,
          files: [],
          issues: [],
        });
        receiptMail(receipt, summary);
        ctx.changed();
        return { receipt, projection: null, case: null };
      }),
    {
      validator: (raw) => {
        const { value, stampMs } = accept<ObligationInput>(ObligationInputSchema, raw);
        refuse(refuseObligation(value, stampMs));
      },
    },
  );

  function refuseObligation(input: ObligationInput, stampMs: number): string | null {
    const months = contractMonths(span);
    const inContract = (localDate: string) => months.includes(localDate.slice(0, 7));
    switch (input.kind) {
      case 'signalReport': {
        const [y, q] = input.quarter.split('-Q');
        const lastMonth = `${y}-${String(Number(q) * 3).padStart(2, '0')}`;
        return months.includes(lastMonth)
          ? null
          : `quarter: ${input.quarter} is outside the contract (${months[0]} to ${months.at(-1)})`;
      }
      case 'meeting':
        return inContract(input.on)
          ? null
          : `on: ${input.on} is outside the contract (${months[0]} to ${months.at(-1)})`;
      case 'survey':
        return years.includes(input.year)
          ? null
          : `year: ${input.year} is not a contract year (${years.join(', ')})`;
      case 'staffJoined':
        return state.obligations.staff.some((s) => s.name === input.name && s.joinedOn === input.joinedOn)
          ? `name: ${input.name} joining on ${input.joinedOn} is already recorded`
          : null;
      case 'bcmbRegistered': {
        if (input.subject === 'provider') return null;
        return state.obligations.staff.some((s) => s.name === input.subject && s.registeredOn === null)
          ? null
          : `subject: no staff member "${input.subject}" is waiting for registration; record staffJoined first, or use "provider"`;
      }
      case 'subcontractor': {
        const announcedDay = DateTime.fromMillis(stampMs, { zone: span.timezone }).toISODate() as string;
        if (input.from <= announcedDay)
          return `from: a subcontractor is announced before it starts working (art. 19 lid 1): ${input.from} is not after ${announcedDay}, the day of this announcement`;
        for (const share of input.shares) {
          const notContracted = refuseRegion(ledger.regions, share.region, 'shares');
          if (notContracted) return notContracted;
        }
        if (new Set(input.shares.map((s) => s.region)).size !== input.shares.length)
          return 'shares: each region at most once';
        return null;
      }
    }
  }
}

function formatHours(hours: number): string {
  return hours.toLocaleString('nl-NL', { maximumFractionDigits: 2 });
}
