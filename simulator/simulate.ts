/**
 * The dry run: a whole scenario (configuration, providers, events) played on a time-skipping Temporal server with the
 * real workflows, the real activities and an in-process SMTP server, in seconds. Every event goes in through the same
 * client code as real inputs; what the system refuses is listed, and the run goes on.
 *
 * A scenario in the past (the 2024-2025 policy) is moved forward by whole 28-year periods, which keep weekdays, leap
 * years and the summer-time rule; everything reported is moved back, so the report reads in the scenario's own dates.
 * (Message bodies were written in the shifted years; subjects carry the cycle's own title.)
 */
import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import type { LadderStep } from '../domain/budget/ladder';
import type { CycleConfig } from '../domain/config';
import type { LegalRow } from '../domain/legal-register';
import type { Phase } from '../domain/phases';
import type { Scenario, ScenarioEvent } from '../domain/scenario';
import { MailboxServer } from '../mail/mailbox-server';
import { TemplateStore } from '../mail/render';
import { inPool } from '../support/pool';
import { openServerClock, type ServerClock } from '../support/time-skipping';
import type { Provisioned } from '../temporal-server/provision';
import { sdkExecutable } from '../temporal-server/provision';
import { createWorker } from '../worker/worker';
import type { ProviderView } from '../workflows/provider-api';
import { CyclePlayer } from './cycle-player';
import { readMailbox, settled } from './mail-records';

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
  /** Workflows read, those that ended failed, and workflow tasks that failed (a bug, a non-determinism). */
  workflows: number;
  failedWorkflows: number;
  failedTasks: number;
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
  /** The sender of every message; by default the (first) cycle's Wlz-uitvoerder. */
  from?: string;
}

const FROM_DEFAULT = (config: CycleConfig) =>
  `Zorginkoop OCO ${config.wlzUitvoerder.name} <${config.wlzUitvoerder.email}>`;

export { simulatedDocument } from './simulated-document';

export async function simulateScenario(
  scenario: Scenario,
  options: SimulateOptions,
): Promise<SimulationReport> {
  const [report] = await simulateScenarios([scenario], options);
  return report as SimulationReport;
}

/**
 * Several scenarios in one dry run (a national simulation: one cycle per Wlz-uitvoerder): one server, one clock, one
 * worker and one SMTP server, every cycle's events played in time order, those at the same instant side by side.
 * One report per scenario, each with the messages of its own cycle.
 */
export async function simulateScenarios(
  scenarios: readonly Scenario[],
  options: SimulateOptions,
): Promise<SimulationReport[]> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const env = await startServer(options.provisioned);
  let clock: ServerClock | undefined;
  const mailbox = await MailboxServer.start({});
  const transport = nodemailer.createTransport({ ...parseSmtp(mailbox.url), pool: true, maxConnections: 4 });
  let worker: Worker | undefined;
  let players: CyclePlayer[] = [];
  try {
    const serverClock = await openServerClock(env);
    clock = serverClock;
    const skipTo = serverClock.skipTo;
    const serverNow = await env.currentTimeMs();
    const concurrency = options.concurrency ?? 32;
    const taskQueue =
      scenarios.length === 1 ? `simulate-${scenarios[0]?.config.id}` : `simulate-${scenarios.length}-cycles`;
    players = scenarios.map((s) => new CyclePlayer(s, { env, clock: serverClock, taskQueue }, serverNow));
    const [first] = players as [CyclePlayer];
    for (const player of players)
      if (player.years > 0)
        log(
          `${players.length > 1 ? `${player.config.id}: ` : ''}scenario moved ${player.years} years forward to ` +
            'run; reported in its own dates',
        );

    // The server refuses workflows that would run for more than ten years from its clock: go to the cycle's era.
    const registeredAt = Math.min(...players.map((p) => p.publicationMs)) - 60_000;
    await skipTo(registeredAt);

    const templates = await TemplateStore.load();
    const activities = createActivities({
      email: {
        transport,
        templates,
        from: options.from ?? FROM_DEFAULT(first.config),
        receiptKey: options.receiptKey ?? Buffer.alloc(32, 7),
        // Messages are dated on the simulated clock: the instant the workflow asked for them.
        clock: () => new Date(Context.current().info.currentAttemptScheduledTimestampMs),
      },
      temporal: { client: env.client },
    });
    worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      activities,
      workflowBundlePath: options.workflowBundlePath,
    });
    const running = worker.run();
    try {
      for (const player of players) {
        await player.start(registeredAt);
        log(`cycle ${player.config.id} started with ${player.scenario.providers.length} providers`);
      }
      const startupMs = Date.now() - started;

      // Every cycle's instants in time order; at each, first what is due (a confirmation, a hand-over), in order.
      const timeline = players
        .flatMap((player) => player.instants().map((instant) => ({ player, ...instant })))
        .sort((a, b) => a.atMs - b.atMs);
      let month = '';
      for (let i = 0; i < timeline.length; ) {
        const atMs = timeline[i]?.atMs as number;
        const group = [];
        while (i < timeline.length && timeline[i]?.atMs === atMs)
          group.push(timeline[i++] as (typeof timeline)[0]);
        for (const player of players)
          if (player.closingMs === undefined && atMs >= player.closingAtMs)
            player.closingMs = Date.now() - started;
        const groupMonth = DateTime.fromMillis(first.unshift(atMs), { zone: first.config.timezone }).toFormat(
          'yyyy-MM',
        );
        if (groupMonth !== month) {
          month = groupMonth;
          log(`${month}: playing its events (${seconds()} s)`);
        }
        await runHooks(players, atMs);
        await skipTo(atMs);
        const work = group.flatMap(({ player, events }) => player.actorsAt(atMs, events));
        await inPool(work, concurrency, (play) => play());
      }
      await runHooks(players, Number.POSITIVE_INFINITY);
      log(`events played; on to the contract start (${seconds()} s)`);

      // The providers' records are final before the contract start: read them while their workflows still run,
      // then let each cycle hand the contracts over.
      for (const readAt of [...new Set(players.map((p) => p.readAtMs))].sort((a, b) => a - b)) {
        await skipTo(readAt);
        await settled(mailbox);
        for (const player of players.filter((p) => p.readAtMs === readAt)) await player.readRecords();
      }
      await skipTo(Math.max(...players.map((p) => p.endAtMs)));
      await settled(mailbox);
      log(`contract start (${seconds()} s)`);

      const mail = await readMailbox(mailbox, players.length > 1);
      const reports: SimulationReport[] = [];
      for (const player of players) reports.push(await player.report(mail, { wallMs: 0, startupMs }));
      const wallMs = Date.now() - started;
      for (const [k, report] of reports.entries()) {
        report.run.wallMs = wallMs;
        if (players[k]?.closingMs === undefined) report.run.closingMs = wallMs;
      }
      // Measuring is the benchmark's business, not the dry run's: it is left out of the wall time.
      if (options.measureHistories)
        for (const [k, report] of reports.entries())
          report.run.histories = await measureHistories(env, players[k]?.workflowIds ?? []);
      return reports;
    } finally {
      await inPool(
        players.flatMap((p) => p.workflowIds),
        64,
        (id) =>
          env.client.workflow
            .getHandle(id)
            .terminate('dry run finished')
            .then(
              () => undefined,
              () => undefined,
            ),
      );
      worker.shutdown();
      await running;
    }
  } finally {
    transport.close();
    await clock?.close();
    await mailbox.stop();
    await env.teardown();
  }
}

/**
 * The SDK gives the time-skipping server 5 s to come up; on a busy machine (several starting at once, a JVM each)
 * that is not always enough, so it gets a few more tries, a little apart.
 */
async function startServer(provisioned: Provisioned, attempts = 5): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: sdkExecutable(provisioned) },
      });
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 2_000));
    }
  }
}

/** Runs what is due at `atMs` in every cycle (everything still due, with Infinity), earliest first. */
async function runHooks(players: readonly CyclePlayer[], atMs: number): Promise<void> {
  const hooks = players.flatMap((p) => p.due(atMs)).sort((a, b) => a.at - b.at);
  for (const hook of hooks) await hook.run();
}

function parseSmtp(url: string): { host: string; port: number; secure: false; ignoreTLS: true } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), secure: false, ignoreTLS: true };
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
    workflows: 0,
    failedWorkflows: 0,
    failedTasks: 0,
  };
  const EventType = temporal.api.enums.v1.EventType;
  await inPool(workflowIds, 16, async (id) => {
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    figures.workflows++;
    if (events.at(-1)?.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)
      figures.failedWorkflows++;
    figures.failedTasks += events.filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    ).length;
    // Contract-period workflows and the budget coordinator have just started: their sizes say nothing yet.
    if (!id.startsWith('cycle-')) return;
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
