import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import { loadConfigFile } from '../cli/config-file';
import { plannedStatus, startOrResumeCycle } from '../client/cycles';
import { officerActions, providerInputs } from '../client/inputs';
import { validateCycleConfig } from '../domain/config';
import { scheduleInstant } from '../domain/timeline';
import { inPool } from '../support/pool';
import { projectRoot } from '../support/project-root';
import { startDevRig } from './dev-rig';
import { benchProviders } from './providers';

export interface HistoryFigures {
  providers: number;
  questions: number;
  cycleEvents: number;
  cycleBytes: number;
  messages: number;
  wallMs: number;
}

const TASK_QUEUE = 'history-bench';
const MINUTE = 60_000;

/**
 * The 2027-2028 cycle with its first milestones minutes from `now` (whole minutes, local time): the publication after
 * time enough to register every provider first (about 30 a second on this machine), the question deadline five
 * minutes later.
 */
function compressedConfig(now: number, providers: number) {
  const base = loadConfigFile(path.join(projectRoot(), 'examples', 'vgz-2027-2028.yaml'));
  const zone = base.timezone;
  const start = DateTime.fromMillis(now + 2 * MINUTE + providers * 40, { zone })
    .endOf('minute')
    .plus({ milliseconds: 1 });
  const local = (dt: DateTime) => dt.toFormat("yyyy-MM-dd'T'HH:mm");
  const result = validateCycleConfig({
    ...base,
    id: `history-${start.toFormat('yyyyMMddHHmm')}`,
    reminders: { daysBefore: [] },
    schedule: {
      publication: local(start),
      questionDeadline: local(start.plus({ minutes: 10 })),
      nviPublication: local(start.plus({ hours: 2 })),
      submissionDeadline: local(start.plus({ hours: 3 })),
      assessmentStart: local(start.plus({ days: 1 })),
      announcement: local(start.plus({ days: 20 })),
      objectionAnswerDeadline: local(start.plus({ days: 40 })),
      contractDispatch: local(start.plus({ days: 41 })),
    },
    contract: { start: start.plus({ days: 60 }).toISODate() as string, years: 2 },
  });
  if (!result.ok) throw new Error(`history configuration is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

/**
 * A history's size, read page by page: a history of several MB does not fit in one gRPC message (4 MB by default),
 * which is also why Temporal pages it.
 */
/** A workflow run's history: its events and its size as the server stores it (protobuf bytes). */
export async function historySize(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<{ events: number; bytes: number }> {
  let events = 0;
  let bytes = 0;
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, ...(runId ? { runId } : {}) },
      maximumPageSize: 200,
      nextPageToken,
    });
    const history = page.history ?? { events: [] };
    events += history.events?.length ?? 0;
    bytes += temporal.api.history.v1.History.encode(history).finish().length;
    nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events, bytes };
}

async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function benchHistoryOnDevServer(
  providers: number,
  log: (line: string) => void = () => undefined,
): Promise<HistoryFigures> {
  const started = Date.now();
  const rig = await startDevRig('history');
  const { mailbox, client } = rig;
  try {
    const config = compressedConfig(Date.now(), providers);
    const worker = await rig.worker(config, TASK_QUEUE);
    const list = benchProviders(providers, 'bench.example.nl');
    const askers = list.filter((_, i) => i % 10 === 0);
    const at = (key: 'publication' | 'questionDeadline') => scheduleInstant(config, key).toMillis();

    return await worker.runUntil(async () => {
      const cycle = await startOrResumeCycle(client, config, TASK_QUEUE);
      await plannedStatus(cycle.handle);
      const officer = officerActions(client, config.id);
      await officer.registerProviders(list);
      log(`${providers} providers registered after ${((Date.now() - started) / 1000).toFixed(0)} s`);

      await waitFor('the publication', () => Date.now() > at('publication') + 1_000, 5 * MINUTE);
      const receipts: { provider: string; number: number }[] = [];
      await inPool(askers, 16, async (p) => {
        const receipt = await providerInputs(client, config.id, p.id).askQuestion(`Vraag van ${p.name}`);
        // On a busy machine some may come after the deadline: the NvI answers only those in time.
        if (receipt.facts.onTime) receipts.push({ provider: p.id, number: receipt.facts.sequence });
      });
      log(`${receipts.length} questions asked`);

      await waitFor('the question deadline', () => Date.now() > at('questionDeadline') + 1_000, 10 * MINUTE);
      receipts.sort((a, b) => a.provider.localeCompare(b.provider));
      await officer.publishNvi(
        Array.from({ length: Math.ceil(receipts.length / 10) }, (_, b) => ({
          questions: receipts.slice(b * 10, b * 10 + 10),
          answer: `Antwoord op tien vragen (${b + 1}).`,
          changesDocuments: b === 0,
        })),
      );
      const moved = scheduleInstant(config, 'assessmentStart').plus({ days: 1 });
      await officer.amendSchedule('assessmentStart', moved.toFormat("yyyy-MM-dd'T'HH:mm"), 'Meer tijd nodig');
      await officer.announceTariff(88.5);
      log('NvI published, schedule amended, final tariff announced');

      // Publication, NvI and amendment to every provider, and a receipt for each question.
      const expected = 3 * providers + askers.length;
      await waitFor(`${expected} messages`, () => mailbox.received.length >= expected, 30 * MINUTE);
      const { events, bytes } = await historySize(client, cycle.handle.workflowId);
      const figures: HistoryFigures = {
        providers,
        questions: receipts.length,
        cycleEvents: events,
        cycleBytes: bytes,
        messages: mailbox.received.length,
        wallMs: Date.now() - started,
      };
      await rig.endCycle(config.id, list);
      return figures;
    });
  } finally {
    await rig.close();
  }
}
