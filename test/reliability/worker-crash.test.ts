/**
 * Worker crash (issue 9, item 1): the production worker process is killed with SIGKILL in the middle of the deadline
 * rush and in the middle of an escalation step of the budget ladder, on the Temporal dev server (SQLite on disk), and
 * a new worker process is started. The kill comes at the worst moment there is: the SMTP server has kept a message and
 * the worker dies before it hears "250 accepted", so its activity never completes and is run again. In the rush the
 * worker dies a few seconds before the closing and the new one starts only after it, so the worker is down at the
 * deadline.
 *
 * Proves: every input the API accepted has exactly one record in its workflow and one receipt at its recipient;
 * the only duplicates are messages the dead worker had in flight (read from the server right after each kill), sent
 * again with the same Message-ID, at most once per kill; a submission stamped before the closing is never marked late
 * although the worker was down at the deadline and handled it only after; no workflow fails; and a ladder step is
 * recorded once, its notices delivered once per recipient (again apart from those resends).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { buildApi } from '../../api/server';
import { TokenStore } from '../../api/tokens';
import { closePdfInspector } from '../../attachments/inspect';
import { FileSystemAttachmentStore } from '../../attachments/store';
import { benchProviders } from '../../bench/providers';
import { contractActions, contractInputs } from '../../client/contract-period';
import { plannedStatus, startOrResumeCycle } from '../../client/cycles';
import { officerActions } from '../../client/inputs';
import type { CycleConfig } from '../../domain/config';
import { cycleClosingAt } from '../../domain/rehearsal';
import { DOCUMENT_KINDS, type DocumentKind, MUST_BE_FRESH } from '../../domain/submission-rules';
import { MailboxServer, type ReceivedMail } from '../../mail/mailbox-server';
import { inPool } from '../../support/pool';
import { type RunningServer, startDevServerOnFreePorts } from '../../temporal-server/dev-server';
import { contractPeriodWorkflow } from '../../workflows/contract-period';
import { contractWorkflowId, providerWorkflowId, TASK_QUEUE } from '../../workflows/ids';
import { providerViewQuery } from '../../workflows/provider-api';
import { pdf } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { handoverOf } from '../helpers/contracts';
import { provider } from '../helpers/cycle-rig';
import { reportFigures } from './figures';
import { inFlightMessageIds, unexplainedCopies } from './in-flight';
import { deliveries, header, settled, until } from './waits';
import { startWorkerProcess, type WorkerProcess } from './worker-process';
import { pendingActivityList, workflowTaskFailures } from './workflow-health';

const RUSH = Number(process.env.OCO_CRASH_RUSH ?? 150);
const WINDOW_MS = 20_000;
/** The last submission goes in this long before the closing. */
const LAST_BEFORE_CLOSING_MS = 2_000;
/** The kill is armed this long before the closing: the next receipt to reach the SMTP server kills the worker. */
const KILL_ARMED_BEFORE_CLOSING_MS = 6_000;
/** The new worker starts this long after the closing (so the worker is down at the deadline). */
const RESTART_AFTER_CLOSING_MS = 2_000;
/** Starting the cycle and registering the providers (150 child workflows) must fit in this. */
const SETUP_BUDGET_MS = 30_000;
const RECEIPT_KEY = 'ab'.repeat(32);
const MAIL_FROM = 'Zorginkoop OCO <oco@zorgkantoor.example.nl>';

let dir: string;
let server: RunningServer;
let connection: Connection;
let client: Client;
let mailbox: MailboxServer;
let worker: WorkerProcess | undefined;

/** What a test arms: on which message the worker dies, whose activities to read, and when the new worker starts. */
interface KillPlan {
  on: (mail: ReceivedMail) => boolean | Promise<boolean>;
  /** The workflows whose started activities the dead worker had in flight. */
  workflowIds: string[];
  /** The new worker starts two seconds after the kill, and not before this instant. */
  restartNotBefore?: number;
}

interface Kill {
  /** The process killed, and when it was gone. */
  pid: number;
  at: number;
  /** The message on which it died (kept by the SMTP server, never acknowledged). */
  onMessage: { number: number; messageId: string };
  /** The Message-IDs of the e-mail activities it had started and not completed (read before a new worker runs). */
  inFlight: Set<string>;
  /** When the new worker process was spawned, and when it polled. */
  restartBegan?: number;
  restartedAt?: number;
}

let killPlan: KillPlan | undefined;
let restarted: Promise<WorkerProcess> | undefined;
const kills: Kill[] = [];

const sleepUntil = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));

const startWorker = () =>
  startWorkerProcess({
    temporalAddress: server.address,
    smtpUrl: `${mailbox.url}/?pool=true&maxConnections=8`,
    dataDir: dir,
    receiptKeyHex: RECEIPT_KEY,
    mailFrom: MAIL_FROM,
  });

/**
 * After the kill: what the dead worker had in flight (read before any new worker runs), then the new worker. A
 * failed restart rejects `restarted`, which the test awaits, so it fails the test.
 */
function afterKill(kill: Kill, plan: KillPlan): Promise<WorkerProcess> {
  const next = (async () => {
    kill.inFlight = await inFlightMessageIds(client, plan.workflowIds, kill.pid, MAIL_FROM);
    await sleepUntil(Math.max(kill.at + 2_000, plan.restartNotBefore ?? 0));
    kill.restartBegan = Date.now();
    const started = await startWorker();
    kill.restartedAt = Date.now();
    worker = started;
    return started;
  })();
  next.catch(() => undefined);
  return next;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oco-crash-'));
  server = await startDevServerOnFreePorts({
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  mailbox = await MailboxServer.start({
    async beforeAcknowledge(mail) {
      const plan = killPlan;
      if (!plan || !worker || !(await plan.on(mail)) || killPlan !== plan || !worker) return;
      killPlan = undefined;
      const dying = worker;
      worker = undefined;
      await dying.kill();
      const kill: Kill = {
        pid: dying.pid,
        at: Date.now(),
        onMessage: { number: mail.number, messageId: header(mail.raw, 'message-id') },
        inFlight: new Set(),
      };
      kills.push(kill);
      restarted = afterKill(kill, plan);
    },
  });
  worker = await startWorker();
}, 180_000);

afterAll(async () => {
  await (restarted ?? Promise.resolve()).catch(() => undefined);
  await worker?.stop().catch(() => undefined);
  await connection?.close();
  await mailbox?.stop();
  await server?.stop();
  await closePdfInspector();
  rmSync(dir, { recursive: true, force: true });
});

/** The copies of a Message-ID that arrived, to all its recipients. */
function copiesOf(messageId: string): number {
  return mailbox.received.filter((m) => header(m.raw, 'message-id') === messageId).length;
}

/** When the first copy of each Message-ID arrived. */
function firstArrivals(kind: string): Map<string, number> {
  const first = new Map<string, number>();
  for (const m of mailbox.received)
    if (header(m.raw, 'x-oco-kind') === kind) {
      const id = header(m.raw, 'message-id');
      if (!first.has(id)) first.set(id, m.receivedAt.getTime());
    }
  return first;
}

/** What every test asserts of its kills: each killed-on message was in flight and resent once, nothing else twice. */
function duplicateProblems(killsOfTest: Kill[]) {
  return {
    killedOnMessageInFlight: killsOfTest.map((k) => k.inFlight.has(k.onMessage.messageId)),
    killedOnMessageCopies: killsOfTest.map((k) => copiesOf(k.onMessage.messageId)),
    unexplainedCopies: unexplainedCopies(
      deliveries(mailbox).byRecipient,
      kills.map((k) => k.inFlight),
    ),
  };
}

test('killed a few seconds before the closing of the deadline rush, back after it: every accepted submission recorded once, one receipt each, none late', async () => {
  const tokens = new TokenStore(path.join(dir, 'tokens.json'));
  const store = new FileSystemAttachmentStore(path.join(dir, 'attachments'));
  const api = await buildApi({ client, store, tokens, rateLimit: { max: 100_000, windowMs: 60_000 } });
  const url = await api.listen({ port: 0, host: '127.0.0.1' });
  try {
    // What needs no cycle first: the providers' tokens and the documents they submit.
    const list = benchProviders(RUSH, 'crash.example.nl');
    const made = await tokens.createMany(list.map((p) => ({ role: 'provider' as const, providerId: p.id })));
    const uploaded: { kind: DocumentKind; sha256: string }[] = [];
    for (const kind of DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration')) {
      const response = await fetch(`${url}/files?name=${kind}.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${made[0]?.token}`, 'content-type': 'application/pdf' },
        body: await pdf(`${kind} worker-crash`),
      });
      expect([kind, response.status]).toEqual([kind, 201]);
      uploaded.push({ kind, sha256: ((await response.json()) as { sha256: string }).sha256 });
    }

    // The closing (a whole minute) leaves the cycle's start and the registrations their budget before the window.
    const setupFrom = Date.now();
    const closing = DateTime.fromMillis(setupFrom + SETUP_BUDGET_MS + WINDOW_MS)
      .endOf('minute')
      .plus({ milliseconds: 1 })
      .toMillis();
    const windowStart = closing - WINDOW_MS;
    const config: CycleConfig = {
      ...cycleClosingAt(example2024(), `crash-${closing}`, closing),
      reminders: { daysBefore: [] },
    };
    const cycle = await startOrResumeCycle(client, config, TASK_QUEUE);
    await plannedStatus(cycle.handle);
    await officerActions(client, config.id).registerProviders(list);
    const setupMs = Date.now() - setupFrom;
    if (Date.now() >= windowStart)
      throw new Error(
        `the set-up (cycle and ${RUSH} registrations) took ${setupMs} ms, past the rush window at ${new Date(windowStart).toISOString()}`,
      );
    const issuedOn = config.schedule.submissionDeadline.slice(0, 10);
    const documents = uploaded.map(({ kind, sha256 }) => ({
      kind,
      name: `${kind}.pdf`,
      sha256,
      ...(MUST_BE_FRESH.has(kind) ? { issuedOn } : {}),
    }));
    const workflowIds = [cycle.handle.workflowId, ...list.map((p) => providerWorkflowId(config.id, p.id))];

    // The kill: the first receipt to reach the SMTP server in the last seconds before the closing; the new worker
    // only after the closing.
    const killsBefore = kills.length;
    killPlan = {
      on: (mail) =>
        Date.now() >= closing - KILL_ARMED_BEFORE_CLOSING_MS &&
        header(mail.raw, 'x-oco-kind') === 'submissionReceipt',
      workflowIds,
      restartNotBefore: closing + RESTART_AFTER_CLOSING_MS,
    };
    const step = (WINDOW_MS - LAST_BEFORE_CLOSING_MS) / RUSH;
    const answers = await Promise.all(
      list.map(async (p, i) => {
        await sleepUntil(windowStart + i * step);
        const response = await fetch(`${url}/cycles/${config.id}/providers/${p.id}/submission`, {
          method: 'POST',
          headers: { authorization: `Bearer ${made[i]?.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ regions: ['Utrecht'], documents }),
        });
        const body = (await response.json()) as { facts?: { receivedAt: string; onTime: boolean } };
        return { provider: p, status: response.status, facts: body.facts, answeredAt: Date.now() };
      }),
    );
    await until('the kill before the closing', () => (kills.length > killsBefore ? true : undefined), 60_000);
    await restarted;
    const kill = kills[killsBefore] as Kill;
    const accepted = answers.filter((a) => a.status === 201 && a.facts);
    const notAccepted = answers.filter((a) => a.status !== 201);

    // Counted once every send is done (the one the killed worker had under way is tried again when its minute is up)
    // and nothing more arrives.
    await until(
      'a receipt for every accepted submission',
      () => (deliveries(mailbox, 'submissionReceipt').byRecipient.size >= accepted.length ? true : undefined),
      4 * 60_000,
    );
    await settled(
      'every receipt sent',
      mailbox,
      async () => (await pendingActivityList(client, workflowIds)).length,
      4 * 60_000,
      5_000,
      () => pendingActivityList(client, workflowIds),
    );
    const { byRecipient, total, duplicates } = deliveries(mailbox, 'submissionReceipt');
    const recorded: { provider: string; history: unknown[] }[] = [];
    await inPool(list, 8, async (p) => {
      const view = await client.workflow
        .getHandle(providerWorkflowId(config.id, p.id))
        .query(providerViewQuery);
      recorded.push({ provider: p.id, history: view.history });
    });
    const acceptedIds = new Set(accepted.map((a) => a.provider.id));
    const restartBegan = kill.restartBegan ?? Number.NaN;
    const firstReceipt = firstArrivals('submissionReceipt');
    const receiptIdOf = (email: string) => [...(byRecipient.get(email)?.keys() ?? [])][0] ?? '';
    const stampedBeforeClosing = accepted.filter((a) => Date.parse(a.facts?.receivedAt ?? '') < closing);
    // Handled by the new worker: stamped before the closing, answered (and so recorded) after it.
    const handledAfterClosing = stampedBeforeClosing.filter((a) => a.answeredAt > closing);
    expect({
      notAccepted: notAccepted.map((a) => `${a.provider.id}: ${a.status}`),
      recordedOnceEach: recorded.every((r) => r.history.length === (acceptedIds.has(r.provider) ? 1 : 0)),
      // One receipt per submission: no recipient has two different receipt Message-IDs.
      receiptIdsPerRecipient: [...new Set(accepted.map((a) => byRecipient.get(a.provider.email)?.size ?? 0))],
      // The worker was down at the deadline: killed before it, the new one spawned after it.
      downAcrossClosing: kill.at < closing && closing < restartBegan,
      allStampedBeforeClosing: stampedBeforeClosing.length === accepted.length,
      markedLate: stampedBeforeClosing.filter((a) => !a.facts?.onTime).length,
      handledAfterClosing: handledAfterClosing.length > 0,
      // Nothing was sent while no worker ran, but what the dead worker had handed over before it died.
      receiptsWhileDown: [...firstReceipt]
        .filter(([id, at]) => at > kill.at && at < restartBegan && !kill.inFlight.has(id))
        .map(([id]) => id),
      // The receipt of every submission handled after the closing came from the new worker.
      receiptsOfLateHandledBeforeRestart: handledAfterClosing
        .filter((a) => (firstReceipt.get(receiptIdOf(a.provider.email)) ?? 0) < restartBegan)
        .map((a) => a.provider.id),
      ...duplicateProblems([kill]),
      failedWorkflowTasks: await workflowTaskFailures(client, workflowIds),
    }).toEqual({
      notAccepted: [],
      recordedOnceEach: true,
      receiptIdsPerRecipient: [1],
      downAcrossClosing: true,
      allStampedBeforeClosing: true,
      markedLate: 0,
      handledAfterClosing: true,
      receiptsWhileDown: [],
      receiptsOfLateHandledBeforeRestart: [],
      killedOnMessageInFlight: [true],
      killedOnMessageCopies: [2],
      unexplainedCopies: [],
      failedWorkflowTasks: [],
    });
    reportFigures('worker-crash-rush', {
      submissions: RUSH,
      accepted: accepted.length,
      setupMs,
      receiptsAtSmtp: total,
      duplicatesSameMessageId: duplicates,
      inFlightAtKill: kill.inFlight.size,
      killedOnMessage: kill.onMessage.number,
      killedBeforeClosingMs: closing - kill.at,
      newWorkerSpawnedAfterClosingMs: restartBegan - closing,
      newWorkerPollingAfterClosingMs: (kill.restartedAt ?? Number.NaN) - closing,
      stampedBeforeClosingHandledAfter: handledAfterClosing.length,
      lastReceiptAfterKillMs: Math.max(...mailbox.received.map((m) => m.receivedAt.getTime())) - kill.at,
    });
    await client.workflow.getHandle(cycle.handle.workflowId).terminate('test finished');
    await inPool(list, 8, (p) =>
      client.workflow
        .getHandle(providerWorkflowId(config.id, p.id))
        .terminate('test finished')
        .then(() => undefined),
    );
  } finally {
    killPlan = undefined;
    await api.close();
  }
});

test('killed during an escalation step: the step recorded once, its notices delivered once per recipient', async () => {
  // A contract running since the start of this year, € 1,200 a month in Utrecht (€ 14,400 a year at € 100 an hour).
  const year = DateTime.now().setZone('Europe/Amsterdam').year;
  const base = example2024();
  const config: CycleConfig = {
    ...base,
    id: `crash-ladder-${Date.now()}`,
    contract: { ...base.contract, start: `${year}-01-01`, years: 2 },
  };
  const p = provider('ladder');
  const workflowId = contractWorkflowId(config.id, p.id);
  const handover = handoverOf(config, p, [{ name: 'Utrecht', ceiling: 14_400 }], true);
  await client.workflow.start(contractPeriodWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [handover],
  });
  const inputs = contractInputs(client, config.id, p.id);
  const officer = contractActions(client, config.id, p.id, 'M. de Vries');
  const killsBefore = kills.length;
  // Every month of the first quarter over the even spread: a structural overrun opens a case (the first step).
  killPlan = { on: (mail) => header(mail.raw, 'x-oco-kind') === 'overrunStep', workflowIds: [workflowId] };
  for (const [month, hours] of [
    ['01', 20],
    ['02', 20],
    ['03', 30],
  ] as const)
    await inputs.reportProduction({ month: `${year}-${month}`, region: 'Utrecht', hours });
  await until(
    'the worker killed on the ladder notice',
    () => (kills.length === killsBefore + 1 ? true : undefined),
    60_000,
  );
  await restarted;
  // The officer's step while the new worker runs: maatwerk not possible, on to overheveling; killed again on the
  // first notice of this step.
  killPlan = {
    on: async (mail) =>
      header(mail.raw, 'x-oco-kind') === 'overrunStep' &&
      /: Overheveling/i.test((await simpleParser(mail.raw)).subject ?? ''),
    workflowIds: [workflowId],
  };
  const moved = await officer.recordMaatwerk({ region: 'Utrecht', year, agreements: null });
  expect(moved.step).toBe('overheveling');
  // The second kill may come before the first step's notices are sent again (a dead worker's send is noticed by its
  // missing heartbeat): they count as in flight only for the first kill, whose worker had started them.
  await until(
    'the worker killed on the second notice',
    () => (kills.length === killsBefore + 2 ? true : undefined),
    4 * 60_000,
  );
  await restarted;

  await until(
    'both steps delivered to provider and officer',
    () => {
      const { byRecipient } = deliveries(mailbox, 'overrunStep');
      return [p.email, config.wlzUitvoerder.email].every((to) => (byRecipient.get(to)?.size ?? 0) >= 2)
        ? true
        : undefined;
    },
    4 * 60_000,
    () => [...deliveries(mailbox, 'overrunStep').byRecipient].map(([to, ids]) => [to, [...ids]]),
  );
  await settled(
    'every notice sent',
    mailbox,
    async () => (await pendingActivityList(client, [workflowId])).length,
    4 * 60_000,
    5_000,
    () => pendingActivityList(client, [workflowId]),
  );
  const view = await inputs.view();
  const { byRecipient, total, duplicates } = deliveries(mailbox, 'overrunStep');
  const parsed = await Promise.all(
    mailbox.received
      .filter((m) => header(m.raw, 'x-oco-kind') === 'overrunStep')
      .map((m) => simpleParser(m.raw)),
  );
  const ladderKills = kills.slice(killsBefore);
  expect({
    transitions: (view.cases ?? []).flatMap((c) => c.transitions.map((t) => [t.from, t.to, t.by])),
    perRecipient: [p.email, config.wlzUitvoerder.email].map((to) => byRecipient.get(to)?.size),
    everyNoticeHasMessageId: parsed.every((m) => m.messageId),
    ...duplicateProblems(ladderKills),
    failedWorkflowTasks: await workflowTaskFailures(client, [workflowId]),
  }).toEqual({
    transitions: [
      ['none', 'maatwerk', 'system'],
      ['maatwerk', 'overheveling', 'M. de Vries'],
    ],
    perRecipient: [2, 2],
    everyNoticeHasMessageId: true,
    killedOnMessageInFlight: [true, true],
    killedOnMessageCopies: [2, 2],
    unexplainedCopies: [],
    failedWorkflowTasks: [],
  });
  reportFigures('worker-crash-ladder', {
    kills: ladderKills.length,
    notices: total,
    duplicatesSameMessageId: duplicates,
    inFlightPerKill: ladderKills.map((k) => k.inFlight.size),
  });
  await client.workflow.getHandle(workflowId).terminate('test finished');
});
