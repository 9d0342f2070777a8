/**
 * The deadline rush (issue 7): `providers` submissions arriving through the HTTP API over the last `windowMs` before
 * the closing, against the Temporal dev server (SQLite) with the real worker and an in-process SMTP server that notes
 * when each message was handed to it. Measured per submission: from acceptance (the receipt time the API stamped) to
 * the receipt handed to SMTP; and whether any on-time submission was marked late.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildApi } from '../api/server';
import { TokenStore } from '../api/tokens';
import { closePdfInspector } from '../attachments/inspect';
import { FileSystemAttachmentStore } from '../attachments/store';
import { loadConfigFile } from '../cli/config-file';
import { plannedStatus, startOrResumeCycle } from '../client/cycles';
import { officerActions } from '../client/inputs';
import { cycleClosingAt } from '../domain/rehearsal';
import { DOCUMENT_KINDS } from '../domain/submission-rules';
import { projectRoot } from '../support/project-root';
import { benchProviders, startDevRig } from './dev-rig';

export interface RushFigures {
  submissions: number;
  accepted: number;
  refused: number;
  receiptsDelivered: number;
  /** Receipts handed to SMTP twice with the same Message-ID (a send retried after a timeout). */
  duplicates: number;
  markedLate: number;
  /** Acceptance to the API's answer (the Update's round trip), ms. */
  answer: { p50: number; p99: number; max: number };
  /** Acceptance to the receipt handed to SMTP, ms. */
  receipt: { p50: number; p99: number; max: number };
  /** The same per tenth of the window (by acceptance time): where in the rush the slow ones were. */
  receiptBySlice: { fromS: number; count: number; p50: number; p99: number }[];
  wallMs: number;
}

const TASK_QUEUE = 'rush-bench';
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
};

export async function pdfWith(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc
    .addPage()
    .drawText(text, { x: 50, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

export async function benchDeadlineRush(
  providers: number,
  windowMs = 60_000,
  log: (line: string) => void = () => undefined,
): Promise<RushFigures> {
  const started = Date.now();
  const rig = await startDevRig('rush', 8);
  const { dir, mailbox, client } = rig;
  const tokens = new TokenStore(path.join(dir, 'tokens.json'));
  const store = new FileSystemAttachmentStore(path.join(dir, 'attachments'));
  const api = await buildApi({ client, store, tokens, rateLimit: { max: 100_000, windowMs: 60_000 } });
  const url = await api.listen({ port: 0, host: '127.0.0.1' });
  try {
    // The closing: registration (about 40 ms a provider here) and a margin, then the window, on a whole minute.
    const closing = DateTime.fromMillis(Date.now() + 60_000 + providers * 40 + windowMs)
      .endOf('minute')
      .plus({ milliseconds: 1 })
      .toMillis();
    const base = loadConfigFile(path.join(projectRoot(), 'examples', 'zk-2024-2025.yaml'));
    const config = { ...cycleClosingAt(base, `rush-${closing}`, closing), reminders: { daysBefore: [] } };
    const worker = await rig.worker(config, TASK_QUEUE);
    const list = benchProviders(providers, 'rush.example.nl');
    return await worker.runUntil(async () => {
      const cycle = await startOrResumeCycle(client, config, TASK_QUEUE);
      await plannedStatus(cycle.handle);
      await officerActions(client, config.id).registerProviders(list);
      const made = await tokens.createMany(
        list.map((p) => ({ role: 'provider' as const, providerId: p.id })),
      );
      log(
        `${providers} providers registered, tokens made, after ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );

      // The documents were uploaded before the rush (one set, shared: the store keeps each file once).
      const kinds = DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration');
      const issuedOn = config.schedule.submissionDeadline.slice(0, 10);
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
          ...(['vogRp', 'kvkUittreksel', 'uboRegister'].includes(kind) ? { issuedOn } : {}),
        });
      }

      const windowStart = closing - windowMs;
      if (Date.now() > windowStart)
        throw new Error('registration took longer than planned: the rush window has begun');
      await new Promise((resolve) => setTimeout(resolve, windowStart - Date.now()));
      log(
        `the rush: ${providers} submissions in the last ${windowMs / 1000} s before ${new Date(closing).toISOString()}`,
      );
      const results: { provider: string; acceptedAt: number; answeredAt: number; onTime: boolean }[] = [];
      let refused = 0;
      const step = (windowMs - 2_000) / providers;
      await Promise.all(
        list.map(async (p, i) => {
          await new Promise((resolve) =>
            setTimeout(resolve, Math.max(0, windowStart + i * step - Date.now())),
          );
          const response = await fetch(`${url}/cycles/${config.id}/providers/${p.id}/submission`, {
            method: 'POST',
            headers: { authorization: `Bearer ${made[i]?.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ regions: ['Utrecht'], documents }),
          });
          const body = (await response.json()) as { facts?: { receivedAt: string; onTime: boolean } };
          if (response.status !== 201 || !body.facts) {
            refused++;
            return;
          }
          results.push({
            provider: p.id,
            acceptedAt: Date.parse(body.facts.receivedAt),
            answeredAt: Date.now(),
            onTime: body.facts.onTime,
          });
        }),
      );
      log(`${results.length} accepted, ${refused} refused; waiting for the receipts`);
      const deadline = Date.now() + 10 * 60_000;
      // Distinct recipients of a submission receipt: a retried send (same Message-ID) counts once.
      const isReceipt = (raw: Buffer) =>
        /^x-oco-kind: submissionReceipt\r?$/im.test(raw.subarray(0, 8192).toString('latin1'));
      const receiptsFor = () =>
        new Set(mailbox.received.filter((m) => isReceipt(m.raw)).map((m) => m.to[0])).size;
      while (receiptsFor() < results.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 500));
      const handedAt = new Map<string, number>();
      const seenIds = new Set<string>();
      let duplicates = 0;
      for (const m of mailbox.received) {
        if (!isReceipt(m.raw)) continue;
        const parsed = await simpleParser(m.raw);
        if (seenIds.has(parsed.messageId ?? '')) duplicates++;
        seenIds.add(parsed.messageId ?? '');
        const to = m.to[0]?.split('@')[0] ?? '';
        if (!handedAt.has(to)) handedAt.set(to, m.receivedAt.getTime());
      }
      const delivered = results.filter((r) => handedAt.has(r.provider));
      const receiptDelays = delivered.map((r) => (handedAt.get(r.provider) as number) - r.acceptedAt);
      const sliceMs = windowMs / 10;
      const receiptBySlice = Array.from({ length: 10 }, (_, k) => {
        const inSlice = delivered
          .filter((r) => Math.min(9, Math.floor((r.acceptedAt - windowStart) / sliceMs)) === k)
          .map((r) => (handedAt.get(r.provider) as number) - r.acceptedAt);
        const { p50, p99 } = spread(inSlice);
        return { fromS: (k * sliceMs) / 1000, count: inSlice.length, p50, p99 };
      });
      const figures: RushFigures = {
        submissions: providers,
        accepted: results.length,
        refused,
        receiptsDelivered: receiptDelays.length,
        duplicates,
        markedLate: results.filter((r) => !r.onTime && r.acceptedAt < closing).length,
        answer: spread(results.map((r) => r.answeredAt - r.acceptedAt)),
        receipt: spread(receiptDelays),
        receiptBySlice,
        wallMs: Date.now() - started,
      };
      await rig.endCycle(config.id, list);
      return figures;
    });
  } finally {
    await api.close();
    await closePdfInspector();
    await rig.close();
  }
}
