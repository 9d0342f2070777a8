/**
 * One scenario's part of a dry run: its cycle started and its providers registered, its events played at their
 * (shifted) instants, the officer's confirmation of the proposals and the contract hand-over when they are due, and in
 * the end its report, moved back into the scenario's own dates. The run itself (the server, the worker, the shared
 * clock and the order of everything) is simulate.ts's; several players share one run in a national simulation.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { budgetActions, contractActions, contractInputs } from '../client/contract-period';
import { InputRefusedError, legalActions, officerActions, providerInputs } from '../client/inputs';
import { legalRegister } from '../client/legal';
import { providerViews } from '../client/provider-views';
import type { CycleConfig } from '../domain/config';
import type { QuestionRef } from '../domain/inputs';
import type { LegalRow } from '../domain/legal-register';
import { startOfLocalDate } from '../domain/local-time';
import type { Scenario, ScenarioEvent } from '../domain/scenario';
import { shiftConfigByYears, yearsToFuture } from '../domain/shift';
import { scheduleInstant } from '../domain/timeline';
import type { ServerClock } from '../support/time-skipping';
import type { ContractPeriodView } from '../workflows/contract-period-api';
import { cycleWorkflow } from '../workflows/cycle';
import { cycleStatusQuery } from '../workflows/cycle-api';
import { budgetWorkflowId, contractWorkflowId, cycleWorkflowId, providerWorkflowId } from '../workflows/ids';
import type { ProviderView } from '../workflows/provider-api';
import type { MailRecord } from './mail-records';
import type { Refusal, SimulatedMessage, SimulatedProvider, SimulationReport } from './simulate';
import { simulatedDocument } from './simulated-document';

export interface PlayerContext {
  env: TestWorkflowEnvironment;
  /** The server's clock, shared by every cycle of the run. */
  clock: ServerClock;
  taskQueue: string;
}

/** Something the player must do at an instant before that instant's events: confirm proposals, hand over. */
export interface Hook {
  at: number;
  run(): Promise<void>;
}

export class CyclePlayer {
  readonly config: CycleConfig;
  /** Years the scenario was moved forward to run (0 if it lies in the future). */
  readonly years: number;
  readonly refusals: Refusal[] = [];
  /** Every workflow of this cycle, to measure and to end. */
  readonly workflowIds: string[] = [];
  /** Wall time from the run's start until its clock passed this cycle's closing. */
  closingMs: number | undefined;
  private cycle: WorkflowHandle<typeof cycleWorkflow> | undefined;
  private readonly questionIndex: Map<number, number>;
  private readonly questionRefs = new Map<number, QuestionRef>();
  /** Regions the officer decided in the scenario; the others are confirmed as proposed before the announcement. */
  private readonly decided = new Set<string>();
  private confirmed = false;
  private handedOver = false;
  private views: ProviderView[] = [];
  private register: LegalRow[] = [];

  constructor(
    readonly scenario: Scenario,
    private readonly ctx: PlayerContext,
    serverNowMs: number,
  ) {
    const original = scenario.config;
    this.years = yearsToFuture(original, serverNowMs);
    this.config = this.years === 0 ? original : shiftConfigByYears(original, this.years);
    // NvI answers name questions by their place among the scenario's question events, in file order.
    this.questionIndex = new Map<number, number>(
      scenario.events
        .filter((e) => e.type === 'question')
        .map((e) => e.index)
        .sort((a, b) => a - b)
        .map((fileIndex, i) => [fileIndex, i]),
    );
  }

  shift(ms: number): number {
    return this.years === 0
      ? ms
      : DateTime.fromMillis(ms, { zone: this.config.timezone }).plus({ years: this.years }).toMillis();
  }

  unshift(ms: number): number {
    return this.years === 0
      ? ms
      : DateTime.fromMillis(ms, { zone: this.config.timezone }).minus({ years: this.years }).toMillis();
  }

  private back(iso: string): string {
    return new Date(this.unshift(Date.parse(iso))).toISOString();
  }

  private backOrNull(iso: string | null): string | null {
    return iso ? this.back(iso) : null;
  }

  /** Dutch texts (what is missing) name dates of the shifted run: write their years back. */
  private backInText(text: string): string {
    if (this.years === 0) return text;
    const firstYear = scheduleInstant(this.config, 'publication').year;
    return text.replace(/\b(\d{4})\b/g, (y) =>
      Number(y) >= firstYear - 1 && Number(y) <= firstYear + 4 ? String(Number(y) - this.years) : y,
    );
  }

  get publicationMs(): number {
    return scheduleInstant(this.config, 'publication').toMillis();
  }

  get closingAtMs(): number {
    return scheduleInstant(this.config, 'submissionDeadline').toMillis();
  }

  private get contractStartMs(): number {
    return startOfLocalDate(this.config.contract.start, this.config.timezone).toMillis();
  }

  /** As an officer would: once the last assessment is in, or else a minute before the announcement. */
  private get confirmAtMs(): number {
    const announcementAt = scheduleInstant(this.config, 'announcement').toMillis();
    const assessedAt = this.scenario.events
      .filter((e) => e.type === 'assessment' && this.shift(e.atMs) < announcementAt)
      .map((e) => this.shift(e.atMs));
    const lastAssessment = assessedAt.length > 0 ? Math.max(...assessedAt) : announcementAt;
    return Math.min(announcementAt, lastAssessment + 2 * 60_000) - 60_000;
  }

  private get lastEventMs(): number {
    const events = this.scenario.events;
    return events.length > 0 ? this.shift(events[events.length - 1]?.atMs as number) : 0;
  }

  /** When the providers' records are read: final, and their workflows still running (before the contract start). */
  get readAtMs(): number {
    return Math.max(this.lastEventMs, this.contractStartMs - 60_000);
  }

  /** When the run is over for this cycle: the contracts handed over at the contract start. */
  get endAtMs(): number {
    return Math.max(this.lastEventMs, this.contractStartMs) + 60_000;
  }

  private officerAt(ms: number) {
    return officerActions(this.ctx.env.client, this.config.id, () => new Date(ms));
  }

  private get handle(): WorkflowHandle<typeof cycleWorkflow> {
    if (!this.cycle) throw new Error(`cycle ${this.config.id} has not been started`);
    return this.cycle;
  }

  /** Starts the cycle and registers its providers, stamped at `stampMs`. */
  async start(stampMs: number): Promise<void> {
    const { env, taskQueue } = this.ctx;
    this.cycle = await env.client.workflow.start(cycleWorkflow, {
      taskQueue,
      workflowId: cycleWorkflowId(this.config.id),
      args: [{ config: this.config }],
    });
    this.workflowIds.push(this.cycle.workflowId);
    await this.officerAt(stampMs).registerProviders(this.scenario.providers);
    this.workflowIds.push(...this.scenario.providers.map((p) => providerWorkflowId(this.config.id, p.id)));
  }

  /** The scenario's events grouped by instant, moved to the run's years; one provider's events keep their order. */
  instants(): { atMs: number; events: ScenarioEvent[] }[] {
    const groups: { atMs: number; events: ScenarioEvent[] }[] = [];
    for (const event of this.scenario.events) {
      const atMs = this.shift(event.atMs);
      const last = groups[groups.length - 1];
      if (last && last.atMs === atMs) last.events.push(event);
      else groups.push({ atMs, events: [event] });
    }
    return groups;
  }

  /** What must happen before the events at `atMs` (or, with Infinity, before the end), and has not yet. */
  due(atMs: number): Hook[] {
    const hooks: Hook[] = [];
    if (!this.confirmed && atMs >= this.confirmAtMs) {
      this.confirmed = true;
      hooks.push({ at: this.confirmAtMs, run: () => this.confirmProposals() });
    }
    if (!this.handedOver && Number.isFinite(atMs) && atMs >= this.contractStartMs) {
      this.handedOver = true;
      hooks.push({ at: this.contractStartMs + 60_000, run: () => this.handOver() });
    }
    return hooks;
  }

  private async confirmProposals(): Promise<void> {
    const at = this.confirmAtMs;
    await this.ctx.clock.skipTo(at);
    const officer = this.officerAt(at);
    for (const proposal of await officer.proposals()) {
      const applicants = proposal.candidates.filter((c) => c.onTime).length;
      if (this.decided.has(proposal.region) || applicants === 0) continue;
      try {
        await officer.decideSelection(proposal.region, {}, proposal);
      } catch (error) {
        if (!(error instanceof InputRefusedError)) throw error;
        this.refusals.push({
          at: new Date(this.unshift(at)).toISOString(),
          type: 'selectionOverride',
          provider: null,
          reason: `${proposal.region}: the proposal cannot be confirmed: ${error.message}`,
        });
      }
    }
  }

  /** Events of the contract period come once the cycle has handed the contracts over. */
  private async handOver(): Promise<void> {
    await this.ctx.clock.skipTo(this.contractStartMs + 60_000);
    for (let i = 0; i < 400 && !(await this.handle.query(cycleStatusQuery)).handover; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
  }

  /**
   * The events of one instant as work per actor: each provider's events in order; the run plays the actors (of
   * every cycle) side by side.
   */
  actorsAt(atMs: number, events: readonly ScenarioEvent[]): (() => Promise<void>)[] {
    const byActor = new Map<string, ScenarioEvent[]>();
    for (const event of events) {
      const actor = 'provider' in event ? event.provider : '(officer)';
      byActor.set(actor, [...(byActor.get(actor) ?? []), event]);
    }
    return [...byActor.values()].map((list) => async () => {
      for (const event of list) await this.play(event, atMs);
    });
  }

  private refuse(event: ScenarioEvent, reason: string): void {
    this.refusals.push({
      at: new Date(event.atMs).toISOString(),
      type: event.type,
      provider: 'provider' in event ? event.provider : null,
      reason,
    });
  }

  /** A year of the scenario in the shifted run; absent, the contract year of the instant. */
  private yearOf(event: { year?: number }, atMs: number): number {
    return event.year !== undefined
      ? event.year + this.years
      : DateTime.fromMillis(atMs, { zone: this.config.timezone }).year;
  }

  private async playBudget(event: ScenarioEvent, atMs: number): Promise<void> {
    const { client } = this.ctx.env;
    const { config, years } = this;
    const officer = `Zorginkoop OCO ${config.wlzUitvoerder.name}`;
    const stamp = () => new Date(atMs);
    const contract = (id: string) => contractInputs(client, config.id, id, stamp);
    const decide = (id: string) => contractActions(client, config.id, id, officer, stamp);
    const budget = budgetActions(client, config.id, officer, stamp);
    const monthOf = (month: string) => `${Number(month.slice(0, 4)) + years}${month.slice(4)}`;
    switch (event.type) {
      case 'prognosis':
        await contract(event.provider).submitPrognosis({
          year: event.year + years,
          months: event.months,
          ...(event.region ? { region: event.region } : {}),
        });
        return;
      case 'production':
        await contract(event.provider).reportProduction({
          month: monthOf(event.month),
          region: event.region,
          hours: event.hours,
          ...(event.clientRegion ? { clientRegion: event.clientRegion } : {}),
        });
        return;
      case 'overrunReport':
        await contract(event.provider).reportOverrun({
          region: event.region,
          year: this.yearOf(event, atMs),
          ...(event.note ? { note: event.note } : {}),
        });
        return;
      case 'maatwerk':
        await decide(event.provider).recordMaatwerk({
          region: event.region,
          year: this.yearOf(event, atMs),
          agreements: event.agreements,
          ...(event.projectedAfter !== undefined ? { projectedAfter: event.projectedAfter } : {}),
        });
        return;
      case 'moveOn':
        await decide(event.provider).moveOn({
          region: event.region,
          year: this.yearOf(event, atMs),
          reason: event.reason,
        });
        return;
      case 'ceiling':
        await decide(event.provider).setCeiling({
          region: event.region,
          year: event.year + years,
          amount: event.amount,
          final: event.final ?? true,
        });
        return;
      case 'transfer':
        await budget.transfer({
          from: event.from,
          to: event.to,
          region: event.region,
          ...(event.toRegion ? { toRegion: event.toRegion } : {}),
          year: this.yearOf(event, atMs),
          amount: event.amount,
        });
        return;
      case 'vwsRequest':
        await budget.requestVws({
          year: this.yearOf(event, atMs),
          ...(event.note ? { note: event.note } : {}),
        });
        return;
      case 'vwsOutcome':
        await budget.vwsOutcome({
          year: this.yearOf(event, atMs),
          granted: event.granted,
          ...(event.amount !== undefined ? { amount: event.amount } : {}),
        });
        return;
    }
  }

  private async play(event: ScenarioEvent, atMs: number): Promise<void> {
    const { client } = this.ctx.env;
    const { config, years } = this;
    const provider =
      'provider' in event ? providerInputs(client, config.id, event.provider, () => new Date(atMs)) : null;
    const officer = this.officerAt(atMs);
    try {
      switch (event.type) {
        case 'question': {
          const receipt = await (provider as NonNullable<typeof provider>).askQuestion(event.text);
          this.questionRefs.set(this.questionIndex.get(event.index) as number, {
            provider: event.provider,
            number: receipt.facts.sequence,
          });
          return;
        }
        case 'submission': {
          const receipt = await (provider as NonNullable<typeof provider>).submit({
            regions: event.regions,
            documents: event.documents.map((d) => simulatedDocument(d, years)),
          });
          if (!receipt.facts.onTime)
            this.refuse(event, 'received after closing: kept with a receipt, not taken into consideration');
          return;
        }
        case 'supplement':
          await (provider as NonNullable<typeof provider>).supplement(
            event.documents.map((d) => simulatedDocument(d, years)),
          );
          return;
        case 'withdrawal':
          await (provider as NonNullable<typeof provider>).withdraw();
          return;
        case 'nvi': {
          const answers = event.answers
            .map((answer) => ({
              ...answer,
              questions: answer.questions.flatMap((q) => {
                const ref = this.questionRefs.get(q);
                if (!ref) this.refuse(event, `question ${q} was not received, so it cannot be answered`);
                return ref ? [ref] : [];
              }),
            }))
            .filter((answer) => answer.questions.length > 0);
          if (answers.length === 0) this.refuse(event, 'no answer names a question that was received');
          else await officer.publishNvi(answers);
          return;
        }
        case 'tariffAnnouncement':
          await officer.announceTariff(event.hourlyRate);
          return;
        case 'amendSchedule': {
          const to = DateTime.fromISO(event.to, { zone: config.timezone }).plus({ years });
          await officer.amendSchedule(event.milestone, to.toFormat("yyyy-MM-dd'T'HH:mm"));
          return;
        }
        case 'assessment':
          await officer.assess(event.provider, {
            region: event.region,
            requirements: event.requirements,
            ...(event.selection ? { selection: event.selection } : {}),
          });
          return;
        case 'selectionOverride':
          this.decided.add(event.region);
          await officer.decideSelection(event.region, {
            selected: event.providers,
            reason: event.reason,
          });
          return;
        case 'objection':
          await (provider as NonNullable<typeof provider>).object({
            text: event.text,
            ...(event.regions ? { regions: event.regions } : {}),
            files: (event.files ?? []).map((f) => {
              const { kind: _kind, ...file } = simulatedDocument({ kind: 'onderbouwing', ...f });
              return file;
            }),
          });
          return;
        case 'objectionAnswer':
          await legalActions(client, config.id, () => new Date(atMs)).answerObjection(event.provider, {
            outcome: event.outcome,
            text: event.text,
          });
          return;
        case 'kortGeding':
          await legalActions(client, config.id, () => new Date(atMs)).recordKortGeding(event.provider, {
            court: event.court,
            servedOn: DateTime.fromISO(event.servedOn).plus({ years }).toISODate() as string,
          });
          return;
        case 'contractSigned':
          await (provider as NonNullable<typeof provider>).signContract();
          return;
        default:
          await this.playBudget(event, atMs);
          return;
      }
    } catch (error) {
      if (error instanceof InputRefusedError) this.refuse(event, error.message);
      else throw error;
    }
  }

  /**
   * Reads the providers' records and the legal register, which are final before the contract start: while their
   * workflows still run (a query to a closed workflow replays its whole history).
   */
  async readRecords(): Promise<void> {
    const { client } = this.ctx.env;
    this.views = await providerViews(
      client,
      this.config.id,
      this.scenario.providers.map((p) => p.id),
    );
    const objecting = this.views.filter((v) => v.objections.length > 0).map((v) => v.provider.id);
    this.register = await legalRegister(client, this.config.id, objecting);
  }

  /** The report, after the contract start: the providers' records, the contracts handed over, the messages. */
  async report(
    mail: readonly MailRecord[],
    run: Omit<SimulationReport['run'], 'closingMs' | 'events'>,
  ): Promise<SimulationReport> {
    const { client } = this.ctx.env;
    const { config, years } = this;
    const finalStatus = await this.handle.query(cycleStatusQuery);
    const handedOver = finalStatus.handover?.handedOver ?? [];
    this.workflowIds.push(
      ...handedOver.map((id) => contractWorkflowId(config.id, id)),
      ...(handedOver.length ? [budgetWorkflowId(config.id)] : []),
    );
    const contracts = new Map<string, ContractPeriodView>();
    for (const id of handedOver) contracts.set(id, await contractInputs(client, config.id, id).view());
    const providers: Record<string, SimulatedProvider> = {};
    for (const view of this.views) providers[view.provider.id] = this.providerOf(view, contracts);
    const legal = this.register.map((row) => ({
      ...row,
      filedAt: this.back(row.filedAt),
      objectionTermEndsAt: this.back(row.objectionTermEndsAt),
      answerDueAt: this.backOrNull(row.answerDueAt),
      answeredAt: this.backOrNull(row.answeredAt),
      kortGedingDeadline: this.backOrNull(row.kortGedingDeadline),
      kortGedingServed: row.kortGedingServed
        ? {
            ...row.kortGedingServed,
            servedOn: DateTime.fromISO(row.kortGedingServed.servedOn).minus({ years }).toISODate() as string,
          }
        : null,
      warnings: row.warnings.map((w) => this.backInText(w)),
    }));
    return {
      cycleId: this.scenario.config.id,
      shiftedYears: years,
      phase: finalStatus.phase,
      messages: this.messages(mail),
      providers: Object.fromEntries(
        this.scenario.providers.map((p) => [p.id, providers[p.id] as SimulatedProvider]),
      ),
      refusals: this.refusals.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
      legal,
      run: {
        ...run,
        closingMs: this.closingMs ?? run.wallMs,
        events: this.scenario.events.length,
      },
    };
  }

  /** The messages of this cycle (all of them when it ran alone), in the scenario's dates and in order. */
  private messages(mail: readonly MailRecord[]): SimulatedMessage[] {
    return mail
      .filter((m) => m.cycleId === null || m.cycleId === this.config.id)
      .map((m) => ({ ...m, ms: this.unshift(m.dateMs) }))
      .sort((a, b) => a.ms - b.ms || a.number - b.number)
      .map(({ ms, to, kind, subject, messageId }) => ({
        at: new Date(ms).toISOString(),
        to,
        kind,
        subject,
        messageId,
      }));
  }

  private providerOf(view: ProviderView, contracts: Map<string, ContractPeriodView>): SimulatedProvider {
    const back = (iso: string) => this.back(iso);
    const backOrNull = (iso: string | null) => this.backOrNull(iso);
    return {
      status: view.status,
      submission: view.submission
        ? {
            receivedAt: back(view.submission.receivedAt),
            onTime: view.submission.onTime,
            version: view.submission.version,
            regions: view.submission.regions ?? [],
            missing: (view.submission.missing ?? []).map((m) => this.backInText(m)),
          }
        : null,
      questions: view.questions.map((q) => ({
        number: q.number,
        receivedAt: back(q.receivedAt),
        onTime: q.onTime,
        answered: q.answeredAt !== null,
      })),
      withdrawnAt: view.withdrawnAt ? back(view.withdrawnAt) : null,
      reminders: view.reminders.length,
      regions: Object.fromEntries(
        (view.announcements[view.announcements.length - 1]?.outcome ?? []).map((r) => [
          r.name,
          r.selected ? 'selected' : 'rejected',
        ]),
      ),
      objection: lastObjection(view, backOrNull),
      contract: view.contract
        ? { sentAt: backOrNull(view.contract.sentAt), signedAt: backOrNull(view.contract.signedAt) }
        : null,
      ...this.budgetOf(contracts.get(view.provider.id)),
    };
  }

  private budgetOf(
    contract: ContractPeriodView | undefined,
  ): Pick<SimulatedProvider, 'budget' | 'transitions'> {
    if (!contract?.budget) return {};
    const { years } = this;
    return {
      budget: Object.fromEntries(
        contract.budget.map((b) => [
          b.region,
          {
            year: b.year - years,
            ceiling: b.ceiling,
            spent: b.spent,
            projected: b.projected,
            step: b.step,
          },
        ]),
      ),
      transitions: (contract.cases ?? []).flatMap((c) =>
        c.transitions.map((t) => ({
          case: c.number,
          region: c.region,
          year: c.year - years,
          from: t.from,
          to: t.to,
          at: this.back(t.at),
          by: t.by,
          reason: this.backInText(t.reason),
        })),
      ),
    };
  }
}

function lastObjection(
  view: ProviderView,
  back: (iso: string | null) => string | null,
): SimulatedProvider['objection'] {
  const o = view.objections[view.objections.length - 1];
  if (!o) return null;
  return {
    filedAt: back(o.receivedAt) as string,
    onTime: o.onTime,
    answerDueAt: back(o.answerDueAt),
    answeredAt: back(o.answer?.sentAt ?? null),
    outcome: o.answer?.outcome ?? null,
    kortGedingDeadline: back(o.answer?.kortGedingDeadline ?? null),
  };
}
