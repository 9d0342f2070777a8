/**
 * The dry run: a whole scenario (configuration, providers, events) played on a time-skipping Temporal server with the
 * real workflows, the real activities and an in-process SMTP server, in seconds. Every event goes in through the same
 * client code as real inputs; what the system refuses is listed, and the run goes on.
 *
 * A scenario in the past (the 2024-2025 policy) is moved forward by whole 28-year periods, which keep weekdays, leap
 * years and the summer-time rule; everything reported is moved back, so the report reads in the scenario's own dates.
 * (Message bodies were written in the shifted years; subjects carry the cycle's own title.)
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { budgetActions, contractActions, contractInputs } from '../client/contract-period';
import { InputRefusedError, legalActions, officerActions, providerInputs } from '../client/inputs';
import { legalRegister } from '../client/legal';
import { providerViews } from '../client/provider-views';
import type { LadderStep } from '../domain/budget/ladder';
import type { CycleConfig } from '../domain/config';
import type { DocumentInput, QuestionRef } from '../domain/inputs';
import type { LegalRow } from '../domain/legal-register';
import { startOfLocalDate } from '../domain/local-time';
import type { Phase } from '../domain/phases';
import type { Scenario, ScenarioEvent } from '../domain/scenario';
import { shiftConfigByYears, yearsToFuture } from '../domain/shift';
import type { SubmittedDocument } from '../domain/submission-rules';
import { scheduleInstant } from '../domain/timeline';
import { MailboxServer } from '../mail/mailbox-server';
import { TemplateStore } from '../mail/render';
import { inPool } from '../support/pool';
import { skipTo } from '../support/time-skipping';
import type { Provisioned } from '../temporal-server/provision';
import { sdkExecutable } from '../temporal-server/provision';
import { createWorker } from '../worker/worker';
import type { ContractPeriodView } from '../workflows/contract-period-api';
import { cycleWorkflow } from '../workflows/cycle';
import { cycleStatusQuery } from '../workflows/cycle-api';
import { budgetWorkflowId, contractWorkflowId, providerWorkflowId } from '../workflows/ids';
import type { ProviderView } from '../workflows/provider-api';

export interface SimulatedMessage {
  at: string;
  to: string;
  kind: string;
  subject: string;
  messageId: string;
}

export interface Refusal {
  at: string;
  type: ScenarioEvent['type'];
  provider: string | null;
  reason: string;
}

export interface SimulatedProvider {
  status: ProviderView['status'];
  submission: {
    receivedAt: string;
    onTime: boolean;
    version: number | null;
    regions: string[];
    missing: string[];
  } | null;
  questions: { number: number; receivedAt: string; onTime: boolean; answered: boolean }[];
  withdrawnAt: string | null;
  reminders: number;
  /** Per region applied for: the announced outcome (the latest, after an objection changed it). */
  regions: Record<string, 'selected' | 'rejected'>;
  /** The latest objection. */
  objection: {
    filedAt: string;
    onTime: boolean;
    answerDueAt: string | null;
    answeredAt: string | null;
    outcome: string | null;
    kortGedingDeadline: string | null;
  } | null;
  contract: { sentAt: string | null; signedAt: string | null } | null;
  /** In the contract period, per region of the contract year the run ended in. */
  budget?: Record<
    string,
    { year: number; ceiling: number; spent: number; projected: number; step: LadderStep }
  >;
  /** Every transition on the escalation ladder, in order. */
  transitions?: {
    case: number;
    region: string;
    year: number;
    from: LadderStep;
    to: LadderStep;
    at: string;
    by: string;
    reason: string;
  }[];
}

export interface SimulationReport {
  cycleId: string;
  /** Years the scenario was moved forward to run (0 if it lies in the future); every instant here is moved back. */
  shiftedYears: number;
  phase: Phase;
  messages: SimulatedMessage[];
  providers: Record<string, SimulatedProvider>;
  refusals: Refusal[];
  /** The legal register at the end: every objection and its terms. */
  legal: LegalRow[];
  /** Figures of the run itself. */
  /** Wall time of the whole dry run and of its start-up (server, workflow bundle, cycle and providers started). */
  run: {
    wallMs: number;
    startupMs: number;
    /** Wall time until the run had passed the submission deadline (the deadline rush played). */
    closingMs: number;
    events: number;
    histories?: HistoryFigures;
  };
}

/** How big the workflows' histories grew: the cycle's must not grow with the number of providers. */
export interface HistoryFigures {
  workflowTasks: number;
  cycleEvents: number;
  cycleBytes: number;
  providerEventsMax: number;
  providerBytesMax: number;
}

export interface SimulateOptions {
  provisioned: Provisioned;
  /** Prebuilt workflow bundle (tests, benchmark); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  /** Receipt key for the dry run; receipts of a dry run prove nothing, so a fixed key is fine. */
  receiptKey?: Buffer;
  /** Progress lines (stderr in the command line). */
  log?: (line: string) => void;
  /** Inputs sent at once when several happen at the same instant. */
  concurrency?: number;
  /** Fetch every history at the end and report its size (the benchmark does). */
  measureHistories?: boolean;
}

const FROM_DEFAULT = (config: CycleConfig) =>
  `Zorginkoop OCO ${config.wlzUitvoerder.name} <${config.wlzUitvoerder.email}>`;

/**
 * A dry run has no files: a document without size or hash gets its name as stand-in content. Its issue date moves
 * with the scenario.
 */
export function simulatedDocument(document: SubmittedDocument, years = 0): DocumentInput {
  return {
    ...document,
    ...(document.issuedOn && years !== 0
      ? { issuedOn: DateTime.fromISO(document.issuedOn).plus({ years }).toISODate() as string }
      : {}),
    sizeBytes: document.sizeBytes ?? Buffer.byteLength(document.name),
    sha256: document.sha256 ?? createHash('sha256').update(`simulated:${document.name}`).digest('hex'),
  };
}

/** Groups events at the same instant; within an instant, one provider's events keep their order. */
function instants(events: readonly ScenarioEvent[]): ScenarioEvent[][] {
  const groups: ScenarioEvent[][] = [];
  for (const event of events) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.atMs === event.atMs) last.push(event);
    else groups.push([event]);
  }
  return groups;
}

export async function simulateScenario(
  scenario: Scenario,
  options: SimulateOptions,
): Promise<SimulationReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: sdkExecutable(options.provisioned) },
  });
  const mailbox = await MailboxServer.start({});
  const transport = nodemailer.createTransport({ ...parseSmtp(mailbox.url), pool: true, maxConnections: 4 });
  let worker: Worker | undefined;
  const workflowIds: string[] = [];
  try {
    const original = scenario.config;
    const years = yearsToFuture(original, await env.currentTimeMs());
    const config = years === 0 ? original : shiftConfigByYears(original, years);
    const shift = (ms: number) =>
      years === 0 ? ms : DateTime.fromMillis(ms, { zone: config.timezone }).plus({ years }).toMillis();
    const unshift = (ms: number) =>
      years === 0 ? ms : DateTime.fromMillis(ms, { zone: config.timezone }).minus({ years }).toMillis();
    const back = (iso: string) => new Date(unshift(Date.parse(iso))).toISOString();
    const backOrNull = (iso: string | null) => (iso ? back(iso) : null);
    // Dutch texts (what is missing) name dates of the shifted run: write their years back.
    const firstYear = scheduleInstant(config, 'publication').year;
    const backInText = (text: string) =>
      years === 0
        ? text
        : text.replace(/\b(\d{4})\b/g, (y) =>
            Number(y) >= firstYear - 1 && Number(y) <= firstYear + 4 ? String(Number(y) - years) : y,
          );
    if (years > 0) log(`scenario moved ${years} years forward to run; reported in its own dates`);

    // The server refuses workflows that would run for more than ten years from its clock: go to the cycle's era.
    const publication = scheduleInstant(config, 'publication').toMillis();
    await skipTo(env, publication - 60_000);

    const templates = await TemplateStore.load();
    const activities = createActivities({
      email: {
        transport,
        templates,
        from: FROM_DEFAULT(config),
        receiptKey: options.receiptKey ?? Buffer.alloc(32, 7),
        // Messages are dated on the simulated clock: the instant the workflow asked for them.
        clock: () => new Date(Context.current().info.currentAttemptScheduledTimestampMs),
      },
      temporal: { client: env.client },
    });
    const taskQueue = `simulate-${config.id}`;
    worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      activities,
      workflowBundlePath: options.workflowBundlePath,
    });
    const running = worker.run();
    try {
      const cycle: WorkflowHandle<typeof cycleWorkflow> = await env.client.workflow.start(cycleWorkflow, {
        taskQueue,
        workflowId: `cycle-${config.id}`,
        args: [{ config }],
      });
      workflowIds.push(cycle.workflowId);
      const officerAt = (ms: number) => officerActions(env.client, config.id, () => new Date(ms));
      await officerAt(publication - 60_000).registerProviders(scenario.providers);
      workflowIds.push(...scenario.providers.map((p) => providerWorkflowId(config.id, p.id)));
      log(`cycle ${config.id} started with ${scenario.providers.length} providers`);
      const startupMs = Date.now() - started;

      const refusals: Refusal[] = [];
      // NvI answers name questions by their place among the scenario's question events, in file order.
      const questionIndex = new Map<number, number>(
        scenario.events
          .filter((e) => e.type === 'question')
          .map((e) => e.index)
          .sort((a, b) => a - b)
          .map((fileIndex, i) => [fileIndex, i]),
      );
      const questionRefs = new Map<number, QuestionRef>();
      const refuse = (event: ScenarioEvent, reason: string) =>
        refusals.push({
          at: new Date(event.atMs).toISOString(),
          type: event.type,
          provider: 'provider' in event ? event.provider : null,
          reason,
        });

      /** A year of the scenario in the shifted run; absent, the contract year of the instant. */
      const yearOf = (event: { year?: number }, atMs: number) =>
        event.year !== undefined
          ? event.year + years
          : DateTime.fromMillis(atMs, { zone: config.timezone }).year;
      const monthOf = (month: string) => `${Number(month.slice(0, 4)) + years}${month.slice(4)}`;
      const OFFICER = `Zorginkoop OCO ${config.wlzUitvoerder.name}`;
      const playBudget = async (event: ScenarioEvent, atMs: number) => {
        const stamp = () => new Date(atMs);
        const contract = (id: string) => contractInputs(env.client, config.id, id, stamp);
        const decide = (id: string) => contractActions(env.client, config.id, id, OFFICER, stamp);
        const budget = budgetActions(env.client, config.id, OFFICER, stamp);
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
              year: yearOf(event, atMs),
              ...(event.note ? { note: event.note } : {}),
            });
            return;
          case 'maatwerk':
            await decide(event.provider).recordMaatwerk({
              region: event.region,
              year: yearOf(event, atMs),
              agreements: event.agreements,
              ...(event.projectedAfter !== undefined ? { projectedAfter: event.projectedAfter } : {}),
            });
            return;
          case 'moveOn':
            await decide(event.provider).moveOn({
              region: event.region,
              year: yearOf(event, atMs),
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
              year: yearOf(event, atMs),
              amount: event.amount,
            });
            return;
          case 'vwsRequest':
            await budget.requestVws({
              year: yearOf(event, atMs),
              ...(event.note ? { note: event.note } : {}),
            });
            return;
          case 'vwsOutcome':
            await budget.vwsOutcome({
              year: yearOf(event, atMs),
              granted: event.granted,
              ...(event.amount !== undefined ? { amount: event.amount } : {}),
            });
            return;
        }
      };

      const play = async (event: ScenarioEvent, atMs: number) => {
        const provider =
          'provider' in event
            ? providerInputs(env.client, config.id, event.provider, () => new Date(atMs))
            : null;
        const officer = officerAt(atMs);
        try {
          switch (event.type) {
            case 'question': {
              const receipt = await (provider as NonNullable<typeof provider>).askQuestion(event.text);
              questionRefs.set(questionIndex.get(event.index) as number, {
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
                refuse(event, 'received after closing: kept with a receipt, not taken into consideration');
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
                    const ref = questionRefs.get(q);
                    if (!ref) refuse(event, `question ${q} was not received, so it cannot be answered`);
                    return ref ? [ref] : [];
                  }),
                }))
                .filter((answer) => answer.questions.length > 0);
              if (answers.length === 0) refuse(event, 'no answer names a question that was received');
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
              decided.add(event.region);
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
              await legalActions(env.client, config.id, () => new Date(atMs)).answerObjection(
                event.provider,
                {
                  outcome: event.outcome,
                  text: event.text,
                },
              );
              return;
            case 'kortGeding':
              await legalActions(env.client, config.id, () => new Date(atMs)).recordKortGeding(
                event.provider,
                {
                  court: event.court,
                  servedOn: DateTime.fromISO(event.servedOn).plus({ years }).toISODate() as string,
                },
              );
              return;
            case 'contractSigned':
              await (provider as NonNullable<typeof provider>).signContract();
              return;
            default:
              await playBudget(event, atMs);
              return;
          }
        } catch (error) {
          if (error instanceof InputRefusedError) refuse(event, error.message);
          else throw error;
        }
      };

      // Regions the officer decided in the scenario; the others are confirmed as proposed before the announcement.
      const decided = new Set<string>();
      // As an officer would: once the last assessment is in, or else a minute before the announcement.
      const announcementAt = scheduleInstant(config, 'announcement').toMillis();
      const assessedAt = scenario.events
        .filter((e) => e.type === 'assessment' && shift(e.atMs) < announcementAt)
        .map((e) => shift(e.atMs));
      const lastAssessment = assessedAt.length > 0 ? Math.max(...assessedAt) : announcementAt;
      const confirmAt = Math.min(announcementAt, lastAssessment + 2 * 60_000) - 60_000;
      let confirmed = false;
      const confirmProposals = async () => {
        confirmed = true;
        await skipTo(env, confirmAt);
        const officer = officerAt(confirmAt);
        for (const proposal of await officer.proposals()) {
          const applicants = proposal.candidates.filter((c) => c.onTime).length;
          if (decided.has(proposal.region) || applicants === 0) continue;
          try {
            await officer.decideSelection(proposal.region, {}, proposal);
          } catch (error) {
            if (!(error instanceof InputRefusedError)) throw error;
            refusals.push({
              at: new Date(unshift(confirmAt)).toISOString(),
              type: 'selectionOverride',
              provider: null,
              reason: `${proposal.region}: the proposal cannot be confirmed: ${error.message}`,
            });
          }
        }
      };

      // Events of the contract period come once the cycle has handed the contracts over.
      const contractStartMs = startOfLocalDate(config.contract.start, config.timezone).toMillis();
      let handedOver = false;
      const handOver = async () => {
        handedOver = true;
        if (!confirmed) await confirmProposals();
        await skipTo(env, contractStartMs + 60_000);
        for (let i = 0; i < 400 && !(await cycle.query(cycleStatusQuery)).handover; i++)
          await new Promise((resolve) => setTimeout(resolve, 25));
      };

      let month = '';
      const closingAt = scheduleInstant(config, 'submissionDeadline').toMillis();
      let closingMs: number | undefined;
      for (const group of instants(scenario.events)) {
        const atMs = shift(group[0]?.atMs as number);
        if (closingMs === undefined && atMs >= closingAt) closingMs = Date.now() - started;
        const groupMonth = DateTime.fromMillis(unshift(atMs), { zone: config.timezone }).toFormat('yyyy-MM');
        if (groupMonth !== month) {
          month = groupMonth;
          log(`${month}: playing its events (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
        if (!confirmed && atMs >= confirmAt) await confirmProposals();
        if (!handedOver && atMs >= contractStartMs) await handOver();
        await skipTo(env, atMs);
        // Inputs at one instant arrive together: each provider's in order, providers side by side.
        const byActor = new Map<string, ScenarioEvent[]>();
        for (const event of group) {
          const actor = 'provider' in event ? event.provider : '(officer)';
          byActor.set(actor, [...(byActor.get(actor) ?? []), event]);
        }
        await inPool([...byActor.values()], options.concurrency ?? 32, async (events) => {
          for (const event of events) await play(event, atMs);
        });
      }

      if (!confirmed) await confirmProposals();
      const status = await cycle.query(cycleStatusQuery);
      // Through the contract start: the cycle hands the signed contracts over and ends.
      const contractStart = startOfLocalDate(status.config.contract.start, status.config.timezone).toMillis();
      const lastEvent =
        scenario.events.length > 0 ? shift(scenario.events[scenario.events.length - 1]?.atMs as number) : 0;
      log(`events played; on to the contract start (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      // The providers' records are final before the contract start: read them while their workflows still run (a
      // query to a closed workflow replays its whole history), then let the cycle hand the contracts over.
      await skipTo(env, Math.max(lastEvent, contractStart - 60_000));
      await settled(mailbox);
      const views = await providerViews(
        env.client,
        config.id,
        scenario.providers.map((p) => p.id),
      );
      const objecting = views.filter((v) => v.objections.length > 0).map((v) => v.provider.id);
      const register = await legalRegister(env.client, config.id, objecting);
      await skipTo(env, Math.max(lastEvent, contractStart) + 60_000);
      await settled(mailbox);
      log(`contract start (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      const finalStatus = await cycle.query(cycleStatusQuery);
      workflowIds.push(
        ...(finalStatus.handover?.handedOver ?? []).map((id) => contractWorkflowId(config.id, id)),
        ...(finalStatus.handover?.handedOver.length ? [budgetWorkflowId(config.id)] : []),
      );
      const budgetOf = (
        contract: ContractPeriodView | undefined,
      ): Pick<SimulatedProvider, 'budget' | 'transitions'> => {
        if (!contract?.budget) return {};
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
              at: back(t.at),
              by: t.by,
              reason: backInText(t.reason),
            })),
          ),
        };
      };
      const contracts = new Map<string, ContractPeriodView>();
      for (const id of finalStatus.handover?.handedOver ?? [])
        contracts.set(id, await contractInputs(env.client, config.id, id).view());
      const providers: Record<string, SimulatedProvider> = {};
      for (const view of views) {
        const p = view.provider;
        providers[p.id] = {
          status: view.status,
          submission: view.submission
            ? {
                receivedAt: back(view.submission.receivedAt),
                onTime: view.submission.onTime,
                version: view.submission.version,
                regions: view.submission.regions ?? [],
                missing: (view.submission.missing ?? []).map(backInText),
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
          ...budgetOf(contracts.get(p.id)),
        };
      }
      const legal = register.map((row) => ({
        ...row,
        filedAt: back(row.filedAt),
        objectionTermEndsAt: back(row.objectionTermEndsAt),
        answerDueAt: backOrNull(row.answerDueAt),
        answeredAt: backOrNull(row.answeredAt),
        kortGedingDeadline: backOrNull(row.kortGedingDeadline),
        kortGedingServed: row.kortGedingServed
          ? {
              ...row.kortGedingServed,
              servedOn: DateTime.fromISO(row.kortGedingServed.servedOn)
                .minus({ years })
                .toISODate() as string,
            }
          : null,
        warnings: row.warnings.map(backInText),
      }));
      const messages = await collectMessages(mailbox, unshift);
      const wallMs = Date.now() - started;
      // Measuring is the benchmark's business, not the dry run's: it is left out of the wall time.
      const histories = options.measureHistories ? await measureHistories(env, workflowIds) : undefined;
      return {
        cycleId: original.id,
        shiftedYears: years,
        phase: finalStatus.phase,
        messages,
        providers: Object.fromEntries(
          scenario.providers.map((p) => [p.id, providers[p.id] as SimulatedProvider]),
        ),
        refusals: refusals.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
        legal,
        run: {
          wallMs,
          startupMs,
          closingMs: closingMs ?? Date.now() - started,
          events: scenario.events.length,
          ...(histories ? { histories } : {}),
        },
      };
    } finally {
      await Promise.all(
        workflowIds.map((id) =>
          env.client.workflow
            .getHandle(id)
            .terminate('dry run finished')
            .catch(() => undefined),
        ),
      );
      worker.shutdown();
      await running;
    }
  } finally {
    transport.close();
    await mailbox.stop();
    await env.teardown();
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

function parseSmtp(url: string): { host: string; port: number; secure: false; ignoreTLS: true } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), secure: false, ignoreTLS: true };
}

/** Waits until no message has arrived for a while: the last e-mail activities have finished. */
async function settled(mailbox: MailboxServer, quietMs = 750): Promise<void> {
  let count = -1;
  while (count !== mailbox.received.length) {
    count = mailbox.received.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

async function collectMessages(
  mailbox: MailboxServer,
  unshift: (ms: number) => number,
): Promise<SimulatedMessage[]> {
  const messages: (SimulatedMessage & { ms: number; n: number })[] = [];
  for (const mail of mailbox.received) {
    // The report needs the headers only: parsing bodies and attachments of thousands of messages is wasted work.
    const headerEnd = mail.raw.indexOf('\r\n\r\n');
    const parsed = await simpleParser(headerEnd < 0 ? mail.raw : mail.raw.subarray(0, headerEnd + 4));
    const ms = unshift(parsed.date?.getTime() ?? mail.receivedAt.getTime());
    messages.push({
      at: new Date(ms).toISOString(),
      to: mail.to.join(', '),
      kind: String(parsed.headers.get('x-oco-kind') ?? ''),
      subject: parsed.subject ?? '',
      messageId: parsed.messageId ?? '',
      ms,
      n: mail.number,
    });
  }
  return messages.sort((a, b) => a.ms - b.ms || a.n - b.n).map(({ ms: _ms, n: _n, ...message }) => message);
}

async function measureHistories(
  env: TestWorkflowEnvironment,
  workflowIds: string[],
): Promise<HistoryFigures> {
  const figures: HistoryFigures = {
    workflowTasks: 0,
    cycleEvents: 0,
    cycleBytes: 0,
    providerEventsMax: 0,
    providerBytesMax: 0,
  };
  await inPool(workflowIds, 16, async (id) => {
    // Contract-period workflows have just started: their histories say nothing yet.
    if (id.startsWith('contract-')) return;
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    const bytes = temporal.api.history.v1.History.encode(history).finish().length;
    figures.workflowTasks += events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
    if (id.includes('/provider-')) {
      figures.providerEventsMax = Math.max(figures.providerEventsMax, events.length);
      figures.providerBytesMax = Math.max(figures.providerBytesMax, bytes);
    } else {
      figures.cycleEvents = events.length;
      figures.cycleBytes = bytes;
    }
  });
  return figures;
}
