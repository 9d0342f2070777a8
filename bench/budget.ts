/**
 * The contract period under load: `providers` contract-period workflows (two regions each) and the budget
 * coordinator on a time-skipping server of their own, with the real worker, activities and an in-process SMTP server,
 * through a two-year contract with every provider reporting every region every month (12,000 reports a year for 500
 * providers). One provider in ten runs 25 % over its ceiling, so the system opens cases at quarter ends and the
 * officer, who does not act, gets the overdue-step notices; the others stay within it. Reports after the due date are
 * avoided, so the obligation reminders are only those a real period would send (survey, meetings, signal reports).
 */
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { loadConfigFile } from '../cli/config-file';
import { contractInputs } from '../client/contract-period';
import { contractMonths } from '../domain/budget/months';
import type { CycleConfig } from '../domain/config';
import type { ContractRecord } from '../domain/contract';
import type { ProviderRef } from '../domain/inputs';
import { shiftConfigByYears, yearsToFuture } from '../domain/shift';
import { MailboxServer } from '../mail/mailbox-server';
import { TemplateStore } from '../mail/render';
import { inPool } from '../support/pool';
import { projectRoot } from '../support/project-root';
import { skipTo } from '../support/time-skipping';
import { provisionTestServer, sdkExecutable } from '../temporal-server/provision';
import { createWorker } from '../worker/worker';
import { budgetCoordinatorWorkflow } from '../workflows/budget-coordinator';
import { contractPeriodWorkflow } from '../workflows/contract-period';
import { budgetWorkflowId, contractWorkflowId } from '../workflows/ids';
import { historySize } from './history';

export interface BudgetBenchResult {
  providers: number;
  reports: number;
  refused: number;
  messages: number;
  wallMs: number;
  reportingMs: number;
  peakRssBytes: number;
  /** The largest contract-period run's history (one contract year), of the providers sampled. */
  largestRun: { events: number; bytes: number };
  coordinator: { events: number; bytes: number };
  casesOpened: number;
}

const HOURLY_RATE = 100;
const CEILING = 120_000; // € 10,000 a month: 100 hours

function contractOf(config: CycleConfig, regions: string[]): ContractRecord {
  return {
    regions: regions.map((name) => ({ name, ceiling: CEILING })),
    hourlyRate: HOURLY_RATE,
    provisional: false,
    start: config.contract.start,
    years: config.contract.years,
    signBefore: new Date(0).toISOString(),
    sentAt: null,
    signedAt: new Date(0).toISOString(),
    signedBy: 'provider',
    signer: null,
    receiptCode: null,
    reminders: [],
  };
}

export async function benchBudget(
  providerCount: number,
  log: (line: string) => void,
): Promise<BudgetBenchResult> {
  const started = Date.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  const provisioned = await provisionTestServer({});
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: sdkExecutable(provisioned) },
  });
  const mailbox = await MailboxServer.start({});
  const transport = nodemailer.createTransport({ url: mailbox.url, pool: true, maxConnections: 4 } as never);
  let worker: Worker | undefined;
  try {
    const base = loadConfigFile(path.join(projectRoot(), 'examples', 'vgz-2027-2028.yaml'));
    const config = shiftConfigByYears(base, yearsToFuture(base, await env.currentTimeMs()));
    const zone = config.timezone;
    const regions = config.regions.map((r) => r.name);
    const providers: ProviderRef[] = Array.from({ length: providerCount }, (_, i) => ({
      id: `p${String(i).padStart(4, '0')}`,
      name: `Aanbieder ${i}`,
      email: `p${i}@aanbieder.example`,
      consortium: false,
    }));
    const regionsOf = (i: number) =>
      [regions[i % regions.length], regions[(i + 1) % regions.length]] as string[];
    const at = (local: string) => DateTime.fromISO(local, { zone }).toMillis();
    const start = at(`${config.contract.start}T00:00`);
    await skipTo(env, start - 60_000);

    const activities = createActivities({
      email: {
        transport: transport as never,
        templates: await TemplateStore.load(),
        from: 'Zorginkoop OCO <oco@vgz.example>',
        receiptKey: Buffer.alloc(32, 9),
      },
      temporal: { client: env.client, concurrency: 32 },
    });
    const taskQueue = 'budget-bench';
    const firstRuns = new Map<string, string>();
    worker = await createWorker({ connection: env.nativeConnection, taskQueue, activities });
    const running = worker.run();
    try {
      await inPool(
        providers.map((p, i) => ({ p, i })),
        32,
        async ({ p, i }) => {
          const handle = await env.client.workflow.start(contractPeriodWorkflow, {
            taskQueue,
            workflowId: contractWorkflowId(config.id, p.id),
            args: [
              {
                cycleId: config.id,
                provider: p,
                wlzUitvoerder: { name: config.wlzUitvoerder.name, email: config.wlzUitvoerder.email },
                timezone: zone,
                config,
                contract: contractOf(config, regionsOf(i)),
              },
            ],
          });
          firstRuns.set(p.id, handle.firstExecutionRunId);
        },
      );
      await env.client.workflow.start(budgetCoordinatorWorkflow, {
        taskQueue,
        workflowId: budgetWorkflowId(config.id),
        args: [{ cycleId: config.id, config, providers }],
      });
      log(`${providerCount} contracts started (${((Date.now() - started) / 1000).toFixed(1)} s)`);

      const reportingStarted = Date.now();
      let reports = 0;
      let refused = 0;
      const months = contractMonths({
        start: config.contract.start,
        years: config.contract.years,
        timezone: zone,
      });
      for (const month of months) {
        // Reported on the third of the next month, 09:00: within the due date.
        const when = DateTime.fromISO(`${month}-01T09:00`, { zone }).plus({ months: 1, days: 2 }).toMillis();
        await skipTo(env, when);
        const jobs = providers.flatMap((p, i) => regionsOf(i).map((region) => ({ p, i, region })));
        await inPool(jobs, 32, async ({ p, i, region }) => {
          // One provider in ten runs 25 % over the ceiling's monthly share; the others between 80 and 100 %.
          const hours = i % 10 === 0 ? 125 : 80 + ((i * 7 + month.length) % 20);
          try {
            await contractInputs(env.client, config.id, p.id, () => new Date(when)).reportProduction({
              month,
              region,
              hours,
            });
            reports++;
          } catch {
            refused++;
          }
        });
        log(`${month}: ${reports} reports (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
      const reportingMs = Date.now() - reportingStarted;

      // The largest history: the overrunning providers have the most events; sample them and a few others.
      const sample = providers.filter((_, i) => i % 10 === 0).slice(0, 10);
      sample.push(...providers.filter((_, i) => i % 10 === 1).slice(0, 5));
      let largestRun = { events: 0, bytes: 0 };
      let casesOpened = 0;
      for (const p of sample) {
        const id = contractWorkflowId(config.id, p.id);
        // The first contract year's run, and the second's (the latest).
        for (const runId of [firstRuns.get(p.id), undefined]) {
          const size = await historySize(env.client, id, runId);
          if (size.bytes > largestRun.bytes) largestRun = size;
        }
        const view = await contractInputs(env.client, config.id, p.id).view();
        casesOpened += view.cases?.length ?? 0;
      }
      const coordinator = await historySize(env.client, budgetWorkflowId(config.id));
      const result: BudgetBenchResult = {
        providers: providerCount,
        reports,
        refused,
        messages: mailbox.received.length,
        wallMs: Date.now() - started,
        reportingMs,
        peakRssBytes: peakRss,
        largestRun,
        coordinator,
        casesOpened,
      };
      await inPool(providers, 32, (p) =>
        env.client.workflow
          .getHandle(contractWorkflowId(config.id, p.id))
          .terminate('benchmark finished')
          .then(
            () => undefined,
            () => undefined,
          ),
      );
      await env.client.workflow
        .getHandle(budgetWorkflowId(config.id))
        .terminate('benchmark finished')
        .catch(() => undefined);
      return result;
    } finally {
      worker.shutdown();
      await running;
    }
  } finally {
    clearInterval(sampler);
    transport.close();
    await mailbox.stop();
    await env.teardown();
  }
}
