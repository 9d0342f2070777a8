/**
 * Temporal server restart (issue 9, item 2): the Temporal dev server (SQLite on disk) is stopped and started again
 * mid-cycle, twice, while the production worker process keeps running and reconnects on its own. The cycle's
 * milestones lie a minute apart on the real clock.
 *
 * Proves: the cycle and what it holds (registrations, a question) survive the restarts; every milestone timer that
 * falls due while the server runs fires at its instant (within a second or two of it, the worker's task latency);
 * one that falls due while the server is down fires as soon as it is back, once; and the mail it causes (the
 * officer's "no NvI yet" warning) is sent once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startOrResumeCycle } from '../../client/cycles';
import { officerActions, providerInputs } from '../../client/inputs';
import { type CycleConfig, validateCycleConfig } from '../../domain/config';
import { MailboxServer } from '../../mail/mailbox-server';
import { freePort } from '../../support/free-port';
import { type RunningServer, startDevServer } from '../../temporal-server/dev-server';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { providerWorkflowId, TASK_QUEUE } from '../../workflows/ids';
import { providerViewQuery } from '../../workflows/provider-api';
import { example2024 } from '../helpers/configs';
import { provider } from '../helpers/cycle-rig';
import { reportFigures } from './figures';
import { deliveries, settled, until } from './waits';
import { startWorkerProcess, type WorkerProcess } from './worker-process';
import { pendingActivities, pendingActivityList, workflowTaskFailures } from './workflow-health';

/** Timers that fire while the server runs: at most this late (a workflow task on a busy two-core machine). */
const ON_TIME_MS = 3_000;

let dir: string;
let server: RunningServer;
let ports: { port: number; uiPort: number };
let worker: WorkerProcess;
let mailbox: MailboxServer;

const startServer = () =>
  startDevServer({
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
    ...ports,
  });
const sleepUntil = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));

/** A cycle whose first milestones lie a minute apart, starting at `t0` (a whole minute). */
function minuteCycle(t0: DateTime): CycleConfig {
  const base = example2024();
  const at = (minutes: number) => t0.plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm");
  const result = validateCycleConfig({
    ...base,
    id: `restart-${t0.toMillis()}`,
    reminders: { daysBefore: [] },
    schedule: {
      ...base.schedule,
      publication: at(0),
      questionDeadline: at(1),
      nviPublication: at(2),
      submissionDeadline: at(3),
      assessmentStart: at(4),
      announcement: at(60 * 24 * 40),
      objectionAnswerDeadline: at(60 * 24 * 70),
      contractDispatch: at(60 * 24 * 71),
    },
    contract: { ...base.contract, start: t0.plus({ months: 6 }).startOf('month').toFormat('yyyy-MM-dd') },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oco-restart-'));
  ports = { port: await freePort(), uiPort: await freePort() };
  server = await startServer();
  mailbox = await MailboxServer.start({});
  worker = await startWorkerProcess({
    temporalAddress: server.address,
    smtpUrl: mailbox.url,
    dataDir: dir,
    receiptKeyHex: 'cd'.repeat(32),
    mailFrom: 'Zorginkoop OCO <oco@zorgkantoor.example.nl>',
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await mailbox?.stop();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the dev server stopped and started twice mid-cycle: every timer fires at its instant, or at once when back', async () => {
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  try {
    // The first whole minute at least 30 s ahead: the cycle and its providers are set up well before it.
    const t0 = DateTime.now()
      .setZone('Europe/Amsterdam')
      .plus({ seconds: 30 })
      .startOf('minute')
      .plus({ minutes: 1 });
    const config = minuteCycle(t0);
    const ms = (minutes: number, seconds = 0) => t0.plus({ minutes, seconds }).toMillis();
    const cycle = await startOrResumeCycle(client, config, TASK_QUEUE);
    const providers = ['noord', 'oost', 'zuid'].map((id) => provider(id));
    await officerActions(client, config.id).registerProviders(providers);
    const status = () => cycle.handle.query(cycleStatusQuery);
    const reached = async (key: string) => (await status()).reached.find((r) => r.key === key);

    await until('the publication', () => reached('publication'), 4 * 60_000);
    await providerInputs(client, config.id, 'noord').askQuestion('Geldt de termijn ook voor consortia?');

    // First restart: down from 20 s to 40 s after the publication, between two milestones.
    const outages: { stoppedAt: number; startedAt: number }[] = [];
    const restart = async (stopAt: number, startAt: number) => {
      await sleepUntil(stopAt);
      await server.stop();
      const stoppedAt = Date.now();
      await sleepUntil(startAt);
      server = await startServer();
      outages.push({ stoppedAt, startedAt: Date.now() });
    };
    await restart(ms(0, 20), ms(0, 40));
    // Second restart: down across the NvI milestone (at 2:00), from 1:50 to 2:20.
    await restart(ms(1, 50), ms(2, 20));

    const final = await until(
      'the assessment start',
      async () => ((await reached('assessmentStart')) ? status() : undefined),
      4 * 60_000,
    );
    const lateness = Object.fromEntries(
      final.reached.map((r) => [r.key, Date.parse(r.reachedAt) - Date.parse(r.plannedAt)]),
    );
    const second = outages[1] as { stoppedAt: number; startedAt: number };
    const nviReachedAt = Date.parse(final.reached.find((r) => r.key === 'nviPublication')?.reachedAt ?? '');
    const question = (
      await client.workflow.getHandle(providerWorkflowId(config.id, 'noord')).query(providerViewQuery)
    ).questions;
    const workflowIds = [
      cycle.handle.workflowId,
      ...providers.map((p) => providerWorkflowId(config.id, p.id)),
    ];
    await until(
      "the officer's NvI warning",
      () => (deliveries(mailbox, 'nviOverdue').total >= 1 ? true : undefined),
      60_000,
    );
    // Counted once nothing is under way and nothing more arrives: a second copy caused by the restart is seen.
    await settled(
      'every message sent',
      mailbox,
      () => pendingActivities(client, workflowIds),
      2 * 60_000,
      5_000,
      () => pendingActivityList(client, workflowIds),
    );
    // Written before the checks, so a failing run shows its figures too.
    reportFigures('server-restart', {
      outagesMs: outages.map((o) => o.startedAt - o.stoppedAt),
      latenessMs: lateness,
      nviAfterRestartMs: nviReachedAt - second.startedAt,
    });
    expect({
      // Each on time, or its lateness in milliseconds.
      onTime: ['publication', 'questionDeadline', 'submissionDeadline', 'assessmentStart'].map((key) => [
        key,
        (lateness[key] ?? -1) >= 0 && (lateness[key] ?? Number.POSITIVE_INFINITY) <= ON_TIME_MS
          ? true
          : (lateness[key] ?? 'not reached'),
      ]),
      // Due while the server was down: reached once it was back, within 15 s of it (the milliseconds when not).
      nviDuringOutage:
        nviReachedAt >= Date.parse(final.reached.find((r) => r.key === 'nviPublication')?.plannedAt ?? '') &&
        nviReachedAt >= second.startedAt - 1_000 &&
        nviReachedAt <= second.startedAt + 15_000
          ? true
          : { nviAfterRestartMs: nviReachedAt - second.startedAt },
      reachedOnce: final.reached.length === new Set(final.reached.map((r) => r.key)).size,
      providers: final.providers,
      questions: question.map((q) => q.text),
      nviWarnings: deliveries(mailbox, 'nviOverdue').total,
      failedWorkflowTasks: await workflowTaskFailures(client, workflowIds),
    }).toEqual({
      onTime: [
        ['publication', true],
        ['questionDeadline', true],
        ['submissionDeadline', true],
        ['assessmentStart', true],
      ],
      nviDuringOutage: true,
      reachedOnce: true,
      providers: 3,
      questions: ['Geldt de termijn ook voor consortia?'],
      nviWarnings: 1,
      failedWorkflowTasks: [],
    });
    await cycle.handle.terminate('test finished');
    for (const p of providers)
      await client.workflow.getHandle(providerWorkflowId(config.id, p.id)).terminate('test finished');
  } finally {
    await connection.close();
  }
});
