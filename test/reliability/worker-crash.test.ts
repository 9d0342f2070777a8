/**
 * Worker crash (issue 9, item 1): the production worker process is killed with SIGKILL in the middle of the deadline
 * rush and in the middle of an escalation step of the budget ladder, on the Temporal dev server (SQLite on disk), and
 * a new worker process is started. The kill comes at the worst moment there is: the SMTP server has kept a message and
 * the worker dies before it hears "250 accepted", so its activity never completes and is run again.
 *
 * Proves: every input the API accepted has exactly one record in its workflow and one receipt at its recipient;
 * the only duplicates are whole messages sent again with the same Message-ID (counted and printed); an on-time
 * submission is never marked late because the worker was down at the deadline; no workflow fails; and a ladder step
 * is recorded once, its notices delivered once per recipient (again apart from same-Message-ID resends).
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
import { benchProviders } from '../../bench/dev-rig';
import { contractActions, contractInputs } from '../../client/contract-period';
import { plannedStatus, startOrResumeCycle } from '../../client/cycles';
import { officerActions } from '../../client/inputs';
import type { CycleConfig } from '../../domain/config';
import { cycleClosingAt } from '../../domain/rehearsal';
import { DOCUMENT_KINDS } from '../../domain/submission-rules';
import { MailboxServer, type ReceivedMail } from '../../mail/mailbox-server';
import { freePort } from '../../support/free-port';
import { inPool } from '../../support/pool';
import { type RunningServer, startDevServer } from '../../temporal-server/dev-server';
import { contractPeriodWorkflow } from '../../workflows/contract-period';
import { contractWorkflowId, providerWorkflowId, TASK_QUEUE } from '../../workflows/ids';
import { providerViewQuery } from '../../workflows/provider-api';
import { pdf } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { handoverOf } from '../helpers/contracts';
import { provider } from '../helpers/cycle-rig';
import { reportFigures } from './figures';
import { deliveries, header, until } from './waits';
import { startWorkerProcess, type WorkerProcess } from './worker-process';
import { pendingActivities, workflowTaskFailures } from './workflow-health';

const RUSH = Number(process.env.OCO_CRASH_RUSH ?? 150);
const WINDOW_MS = 20_000;
const RECEIPT_KEY = 'ab'.repeat(32);

let dir: string;
let server: RunningServer;
let connection: Connection;
let client: Client;
let mailbox: MailboxServer;
let worker: WorkerProcess | undefined;
/** Set by a test: the message on whose arrival the worker is killed (before it hears the message was accepted). */
let killOn: ((mail: ReceivedMail) => boolean | Promise<boolean>) | undefined;
let restarted: Promise<WorkerProcess> | undefined;
const kills: { at: Date; onMessage: number }[] = [];

const startWorker = () =>
  startWorkerProcess({
    temporalAddress: server.address,
    smtpUrl: `${mailbox.url}/?pool=true&maxConnections=8`,
    dataDir: dir,
    receiptKeyHex: RECEIPT_KEY,
    mailFrom: 'Zorginkoop OCO <oco@zorgkantoor.example.nl>',
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oco-crash-'));
  server = await startDevServer({
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
    port: await freePort(),
    uiPort: await freePort(),
  });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  mailbox = await MailboxServer.start({
    async beforeAcknowledge(mail) {
      const predicate = killOn;
      if (!predicate || !(await predicate(mail)) || killOn !== predicate || !worker) return;
      killOn = undefined;
      await worker.kill();
      kills.push({ at: new Date(), onMessage: mail.number });
      worker = undefined;
      // Down for two seconds, then a new process (which bundles the workflows before it polls).
      restarted = new Promise((resolve) => setTimeout(resolve, 2_000)).then(startWorker);
      restarted.then((w) => {
        worker = w;
      });
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

test('killed during the deadline rush: every accepted submission recorded once, one receipt each, none late', async () => {
  const tokens = new TokenStore(path.join(dir, 'tokens.json'));
  const store = new FileSystemAttachmentStore(path.join(dir, 'attachments'));
  const api = await buildApi({ client, store, tokens, rateLimit: { max: 100_000, windowMs: 60_000 } });
  const url = await api.listen({ port: 0, host: '127.0.0.1' });
  try {
    const closing = DateTime.fromMillis(Date.now() + 30_000 + RUSH * 60 + WINDOW_MS)
      .endOf('minute')
      .plus({ milliseconds: 1 })
      .toMillis();
    const config: CycleConfig = {
      ...cycleClosingAt(example2024(), `crash-${closing}`, closing),
      reminders: { daysBefore: [] },
    };
    const cycle = await startOrResumeCycle(client, config, TASK_QUEUE);
    await plannedStatus(cycle.handle);
    const list = benchProviders(RUSH, 'crash.example.nl');
    await officerActions(client, config.id).registerProviders(list);
    const made = await tokens.createMany(list.map((p) => ({ role: 'provider' as const, providerId: p.id })));
    const issuedOn = config.schedule.submissionDeadline.slice(0, 10);
    const documents: Record<string, string>[] = [];
    for (const kind of DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration')) {
      const response = await fetch(`${url}/files?name=${kind}.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${made[0]?.token}`, 'content-type': 'application/pdf' },
        body: await pdf(`${kind} ${config.id}`),
      });
      const { sha256 } = (await response.json()) as { sha256: string };
      documents.push({
        kind,
        name: `${kind}.pdf`,
        sha256,
        ...(['vogRp', 'kvkUittreksel', 'uboRegister'].includes(kind) ? { issuedOn } : {}),
      });
    }

    // The kill: when a third of the receipts have reached the SMTP server.
    let receipts = 0;
    killOn = (mail) =>
      header(mail.raw, 'x-oco-kind') === 'submissionReceipt' && ++receipts === Math.ceil(RUSH / 3);
    const windowStart = closing - WINDOW_MS;
    expect(Date.now()).toBeLessThan(windowStart);
    await new Promise((resolve) => setTimeout(resolve, windowStart - Date.now()));
    const step = (WINDOW_MS - 2_000) / RUSH;
    const answers = await Promise.all(
      list.map(async (p, i) => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowStart + i * step - Date.now())));
        const response = await fetch(`${url}/cycles/${config.id}/providers/${p.id}/submission`, {
          method: 'POST',
          headers: { authorization: `Bearer ${made[i]?.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ regions: ['Utrecht'], documents }),
        });
        const body = (await response.json()) as { facts?: { receivedAt: string; onTime: boolean } };
        return { provider: p, status: response.status, facts: body.facts };
      }),
    );
    expect(kills.length).toBe(1);
    await restarted;
    const accepted = answers.filter((a) => a.status === 201 && a.facts);
    const notAccepted = answers.filter((a) => a.status !== 201);

    // Every accepted submission: exactly one receipt (by Message-ID) at its recipient, once no send is pending (the
    // one the killed worker had under way is tried again when its minute is up).
    const workflowIds = [cycle.handle.workflowId, ...list.map((p) => providerWorkflowId(config.id, p.id))];
    await until(
      'a receipt for every accepted submission, and no send pending',
      async () =>
        deliveries(mailbox, 'submissionReceipt').byRecipient.size >= accepted.length &&
        (await pendingActivities(client, workflowIds)) === 0
          ? true
          : undefined,
      4 * 60_000,
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
    expect({
      notAccepted: notAccepted.map((a) => `${a.provider.id}: ${a.status}`),
      recordedOnceEach: recorded.every((r) => r.history.length === (acceptedIds.has(r.provider) ? 1 : 0)),
      receiptIdsPerRecipient: [...new Set(accepted.map((a) => byRecipient.get(a.provider.email)?.size ?? 0))],
      markedLate: accepted.filter((a) => !a.facts?.onTime && Date.parse(a.facts?.receivedAt ?? '') < closing)
        .length,
      failedWorkflowTasks: await workflowTaskFailures(client, workflowIds),
    }).toEqual({
      notAccepted: [],
      recordedOnceEach: true,
      receiptIdsPerRecipient: [1],
      markedLate: 0,
      failedWorkflowTasks: [],
    });
    // The message on which the worker died was kept by the SMTP server and sent again: at least that one twice.
    expect(duplicates).toBeGreaterThanOrEqual(1);
    reportFigures('worker-crash-rush', {
      submissions: RUSH,
      accepted: accepted.length,
      receiptsAtSmtp: total,
      duplicatesSameMessageId: duplicates,
      killedOnMessage: kills[0]?.onMessage,
      lastReceiptAfterKillMs:
        Math.max(...mailbox.received.map((m) => m.receivedAt.getTime())) - (kills[0]?.at.getTime() ?? 0),
    });
    await client.workflow.getHandle(cycle.handle.workflowId).terminate('test finished');
    await inPool(list, 8, (p) =>
      client.workflow
        .getHandle(providerWorkflowId(config.id, p.id))
        .terminate('test finished')
        .then(() => undefined),
    );
  } finally {
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
  const handover = handoverOf(config, p, [{ name: 'Utrecht', ceiling: 14_400 }], true);
  await client.workflow.start(contractPeriodWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: contractWorkflowId(config.id, p.id),
    args: [handover],
  });
  const inputs = contractInputs(client, config.id, p.id);
  const officer = contractActions(client, config.id, p.id, 'M. de Vries');
  const killsBefore = kills.length;
  // Every month of the first quarter over the even spread: a structural overrun opens a case (the first step).
  killOn = (mail) => header(mail.raw, 'x-oco-kind') === 'overrunStep';
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
  killOn = async (mail) =>
    header(mail.raw, 'x-oco-kind') === 'overrunStep' &&
    /: Overheveling/i.test((await simpleParser(mail.raw)).subject ?? '');
  const moved = await officer.recordMaatwerk({ region: 'Utrecht', year, agreements: null });
  expect(moved.step).toBe('overheveling');
  // The workflow sends its messages in order: the new step's notice waits for the resend of the one the killed worker
  // had under way (up to a minute), so the second kill comes after that.
  await until(
    'the worker killed on the second notice',
    () => (kills.length === killsBefore + 2 ? true : undefined),
    4 * 60_000,
  );
  await restarted;

  const view = await until(
    'both steps delivered to provider and officer',
    async () => {
      const { byRecipient } = deliveries(mailbox, 'overrunStep');
      const ok = [p.email, config.wlzUitvoerder.email].every((to) => (byRecipient.get(to)?.size ?? 0) >= 2);
      return ok && (await pendingActivities(client, [contractWorkflowId(config.id, p.id)])) === 0
        ? inputs.view()
        : undefined;
    },
    4 * 60_000,
    async () => ({
      notices: [...deliveries(mailbox, 'overrunStep').byRecipient].map(([to, ids]) => [to, [...ids]]),
      pending: (await client.workflow.getHandle(contractWorkflowId(config.id, p.id)).describe()).raw
        .pendingActivities,
    }),
  );
  const { byRecipient, total, duplicates } = deliveries(mailbox, 'overrunStep');
  expect({
    transitions: (view.cases ?? []).flatMap((c) => c.transitions.map((t) => [t.from, t.to, t.by])),
    perRecipient: [p.email, config.wlzUitvoerder.email].map((to) => byRecipient.get(to)?.size),
    failedWorkflowTasks: await workflowTaskFailures(client, [contractWorkflowId(config.id, p.id)]),
  }).toEqual({
    transitions: [
      ['none', 'maatwerk', 'system'],
      ['maatwerk', 'overheveling', 'M. de Vries'],
    ],
    perRecipient: [2, 2],
    failedWorkflowTasks: [],
  });
  const parsed = await Promise.all(
    mailbox.received
      .filter((m) => header(m.raw, 'x-oco-kind') === 'overrunStep')
      .map((m) => simpleParser(m.raw)),
  );
  expect(parsed.every((m) => m.messageId)).toBe(true);
  expect(duplicates).toBeGreaterThanOrEqual(1);
  reportFigures('worker-crash-ladder', { kills: 2, notices: total, duplicatesSameMessageId: duplicates });
  await client.workflow.getHandle(contractWorkflowId(config.id, p.id)).terminate('test finished');
});
