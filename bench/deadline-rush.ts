/**
 * The deadline rush (issue 7), part (a) of the load figures: `providers` submissions arriving through the HTTP API
 * over the last `windowMs` before the closing, against the Temporal dev server (SQLite) with the real worker and an
 * in-process SMTP server that notes when each message was handed to it. Measured per submission: from acceptance (the
 * receipt time the API stamped) to the API's answer and to the receipt handed to SMTP; and whether any on-time
 * submission was marked late. Then the same number of submissions, from other providers of a second cycle whose
 * closing is an hour away, fired as fast as the system takes them with a fixed concurrency (saturated): its wall time
 * and CPU time per submission are what the floor (bench/floor.ts) is compared with.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildApi } from '../api/server';
import { TokenStore } from '../api/tokens';
import { closePdfInspector } from '../attachments/inspect';
import { FileSystemAttachmentStore } from '../attachments/store';
import { loadConfigFile } from '../cli/config-file';
import { plannedStatus, startOrResumeCycle } from '../client/cycles';
import { officerActions } from '../client/inputs';
import type { CycleConfig } from '../domain/config';
import { cycleClosingAt } from '../domain/rehearsal';
import { DOCUMENT_KINDS, MUST_BE_FRESH } from '../domain/submission-rules';
import { settled } from '../simulator/mail-records';
import { inPool } from '../support/pool';
import { projectRoot } from '../support/project-root';
import { providerWorkflowId } from '../workflows/ids';
import { providerViewQuery, submitUpdate } from '../workflows/provider-api';
import { startDevRig } from './dev-rig';
import { bySlice, type LoadFigures, type LoadTarget, paced, refusal, saturated } from './load';
import { benchProviders } from './providers';
import { type StageFigures, stageFigures } from './stages';

export interface RushFigures {
  submissions: number;
  /** The window before the closing the submissions were spread over. */
  windowMs: number;
  /** Paced over the window before the closing. */
  rush: LoadFigures & { bySlice: ReturnType<typeof bySlice>; stages: StageFigures };
  /** All at once, `concurrency` in flight. */
  saturated: LoadFigures & { concurrency: number; stages: StageFigures };
  wallMs: number;
}

const TASK_QUEUE = 'rush-bench';

async function pdfWith(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc
    .addPage()
    .drawText(text, { x: 50, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

/** The 2024-2025 configuration with its closing at `closingMs`, without reminders (they would cross the load). */
function rushConfig(id: string, closingMs: number): CycleConfig {
  const base = loadConfigFile(path.join(projectRoot(), 'examples', 'zk-2024-2025.yaml'));
  return { ...cycleClosingAt(base, id, closingMs), reminders: { daysBefore: [] } };
}

/** The whole minute at least `aheadMs` from now, plus a millisecond (the closing is the first late instant). */
const minuteAfter = (aheadMs: number) =>
  DateTime.fromMillis(Date.now() + aheadMs)
    .endOf('minute')
    .plus({ milliseconds: 1 })
    .toMillis();

export async function benchDeadlineRush(
  providers: number,
  windowMs = 60_000,
  log: (line: string) => void = () => undefined,
  concurrency = 32,
): Promise<RushFigures> {
  const started = Date.now();
  const rig = await startDevRig('rush', 8);
  const { dir, mailbox, client } = rig;
  const tokens = new TokenStore(path.join(dir, 'tokens.json'));
  const store = new FileSystemAttachmentStore(path.join(dir, 'attachments'));
  const api = await buildApi({ client, store, tokens, rateLimit: { max: 100_000, windowMs: 60_000 } });
  const url = await api.listen({ port: 0, host: '127.0.0.1' });
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const stagesOf = (target: { workflowId(i: number): string }, figures: LoadFigures) =>
    stageFigures(
      client,
      figures.timed.map((t) => ({ ...t, workflowId: target.workflowId(t.i) })),
      { update: submitUpdate.name, activity: 'sendEmail' },
    );

  /** Starts the cycle, registers the providers, makes their tokens and uploads the documents they submit. */
  async function prepare(
    config: CycleConfig,
    domain: string,
  ): Promise<LoadTarget & { workflowId(i: number): string; end(): Promise<void> }> {
    const cycle = await startOrResumeCycle(client, config, TASK_QUEUE);
    await plannedStatus(cycle.handle);
    const list = benchProviders(providers, domain);
    await officerActions(client, config.id).registerProviders(list);
    const made = await tokens.createMany(list.map((p) => ({ role: 'provider' as const, providerId: p.id })));
    // Registration returns once every provider workflow is started; asking each for its view waits until the worker
    // has run its first task too, so the load meets workflows that are up, as it would on the day.
    await inPool(list, 16, async (p) => {
      await client.workflow.getHandle(providerWorkflowId(config.id, p.id)).query(providerViewQuery);
    });
    log(`${config.id}: ${providers} providers registered and up, tokens made (${elapsed()})`);
    // The documents were uploaded before the load (one set, shared: the store keeps each file once).
    const kinds = DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration');
    // Issued a month before the closing: fresh, and never after the day of submission.
    const issuedOn = DateTime.fromISO(config.schedule.submissionDeadline)
      .minus({ months: 1 })
      .toISODate() as string;
    const documents: Record<string, string>[] = [];
    for (const kind of kinds) {
      const response = await fetch(`${url}/files?name=${kind}.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${made[0]?.token}`, 'content-type': 'application/pdf' },
        body: await pdfWith(`${kind} ${config.id}`),
      });
      const file = (await response.json()) as { sha256: string };
      documents.push({
        kind,
        name: `${kind}.pdf`,
        sha256: file.sha256,
        ...(MUST_BE_FRESH.has(kind) ? { issuedOn } : {}),
      });
    }
    return {
      workflowId: (i: number) => providerWorkflowId(config.id, list[i]?.id ?? ''),
      recipients: list.map((p) => p.email),
      mailKind: 'submissionReceipt',
      async send(i) {
        const p = list[i] as (typeof list)[number];
        const response = await fetch(`${url}/cycles/${config.id}/providers/${p.id}/submission`, {
          method: 'POST',
          headers: { authorization: `Bearer ${made[i]?.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ regions: ['Utrecht'], documents }),
        });
        const body = (await response.json()) as {
          facts?: { receivedAt: string; onTime: boolean };
          error?: { code: string; message: string };
        };
        if (response.status !== 201 || !body.facts) return { refused: refusal(response.status, body.error) };
        return { acceptedAt: Date.parse(body.facts.receivedAt), onTime: body.facts.onTime };
      },
      end: () => rig.endCycle(config.id, list),
    };
  }

  try {
    // The closing: registration (about 40 ms a provider here) and a margin, then the window, on a whole minute.
    const closing = minuteAfter(60_000 + providers * 40 + windowMs);
    const config = rushConfig(`rush-${closing}`, closing);
    const worker = await rig.worker(config, TASK_QUEUE);
    return await worker.runUntil(async () => {
      const rushTarget = await prepare(config, 'rush.example.nl');
      const window = { startMs: closing - windowMs, ms: windowMs };
      if (Date.now() > window.startMs)
        throw new Error('registration took longer than planned: the rush window has begun');
      await new Promise((resolve) => setTimeout(resolve, window.startMs - Date.now()));
      log(
        `the rush: ${providers} submissions in the last ${windowMs / 1000} s before ${new Date(closing).toISOString()}`,
      );
      const rush = await paced(rushTarget, mailbox, window, {
        serverPid: rig.serverPid,
        onTimeBefore: closing,
      });
      log(
        `rush: ${rush.accepted} accepted, ${rush.refused} refused, ${rush.delivered} receipts (${elapsed()})`,
      );
      const rushStages = await stagesOf(rushTarget, rush);
      await rushTarget.end();

      // Saturated: a second cycle, its closing an hour away, so that every submission is on time.
      const satClosing = minuteAfter(60 * 60_000);
      const satTarget = await prepare(
        rushConfig(`saturated-${satClosing}`, satClosing),
        'saturated.example.nl',
      );
      // The publication notices to the new providers have gone out.
      await settled(mailbox, 1_000);
      log(`saturated: ${providers} submissions, ${concurrency} at a time`);
      const sat = await saturated(satTarget, mailbox, concurrency, {
        serverPid: rig.serverPid,
        onTimeBefore: satClosing,
      });
      log(
        `saturated: ${sat.accepted} accepted, ${sat.delivered} receipts in ${sat.wallMs} ms (${elapsed()})`,
      );
      const satStages = await stagesOf(satTarget, sat);
      await satTarget.end();
      return {
        submissions: providers,
        windowMs,
        rush: { ...rush, bySlice: bySlice(rush.timed, window), stages: rushStages },
        saturated: { ...sat, concurrency, stages: satStages },
        wallMs: Date.now() - started,
      };
    });
  } finally {
    await api.close();
    await closePdfInspector();
    await rig.close();
  }
}
