/**
 * Hostile and broken inbound e-mail (issue 9, item 4), through the real inbound path: fast-check writes raw messages
 * (raw-mail.ts: huge headers, broken and missing MIME boundaries, nested multiparts, base64 garbage, wrong charsets,
 * zip and Flate bombs named .pdf, markup everywhere, impossible Date headers, non-ASCII senders) from the providers'
 * addresses and others, and hands them to take-in as the SMTP listener does, then a share of them through the SMTP
 * listener itself over SMTP. A real cycle and real provider workflows run on a real Worker (on a time-skipping server
 * of its own); the e-mails the system sends land in the in-process SMTP server. Proved for every message: take-in
 * never throws or hangs; the message is routed (and its input is in the provider's workflow, with the receipt), or in
 * triage with a reason that is not a crash, or refused by SMTP with a reply code; the ledger stays readable and holds
 * every message taken in; and after the run no workflow task failed, every workflow answers its query, and no e-mail
 * sent carries markup from input.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import nodemailer from 'nodemailer';
import { createEmailActivities } from '../../activities/email';
import { closePdfInspector } from '../../attachments/inspect';
import { FileSystemAttachmentStore } from '../../attachments/store';
import type { AttachmentLimits } from '../../domain/attachment-limits';
import { ProviderDirectory } from '../../inbound/directory';
import { type InboundEntry, InboundLedger } from '../../inbound/ledger';
import { SmtpListener } from '../../inbound/smtp-listener';
import { acknowledgmentOf, type InboundDependencies, takeIn } from '../../inbound/take-in';
import type { ProviderView } from '../../workflows/provider-api';
import { startApi } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { cycleInFuture, provider, runCycle } from '../helpers/cycle-rig';
import { testTemplates } from '../helpers/mail';
import { testOnOwnServer } from '../helpers/temporal';
import { fuzzParameters, looksLikeCrash, recordInputs, Tally } from './arbitraries';
import { templateTags } from './config-checks';
import { mailArbitrary, prepareContents, rawMail } from './raw-mail';
import { cycleWorkflowIds, historyProblems, unansweredQueries, unsafeMail } from './workflow-checks';
import { noActivityPending } from './workflow-health';

const tally = new Tally();
const notes: Record<string, number> = {};
const started = Date.now();

afterAll(async () => {
  await closePdfInspector();
  recordInputs('inbound', { ...tally.toJSON(), ...notes, wallMs: Date.now() - started });
});

const LIMITS: AttachmentLimits = {
  maxFileBytes: 1024 * 1024,
  maxMessageBytes: 2 * 1024 * 1024,
  maxFiles: 10,
};
const TAKE_IN_MS = 60_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Whether a routed message's input is in its provider's workflow: its receipt code is among the receipts. */
function holdsReceipt(view: ProviderView, code: string | undefined): boolean {
  return [
    ...view.questions.map((q) => q.receiptCode),
    ...view.history.map((h) => h.receiptCode),
    ...view.withdrawals.map((w) => w.receiptCode),
    ...view.objections.map((o) => o.receiptCode),
  ].includes(code as string);
}

/** Why an entry is not a proper outcome of take-in (empty when it is). */
function entryProblems(entry: InboundEntry): string[] {
  if (entry.outcome === 'routed')
    return entry.cycleId && entry.providerId && entry.kind && entry.receiptCode
      ? []
      : [`routed without its target or receipt: ${JSON.stringify(entry).slice(0, 300)}`];
  const problems: string[] = [];
  if (!entry.triage?.id) problems.push('in triage without a number');
  if (!entry.reason || entry.reason.trim() === '') problems.push('in triage without a reason');
  else if (looksLikeCrash(entry.reason))
    problems.push(`in triage for a crash: ${entry.reason.slice(0, 300)}`);
  return problems;
}

testOnOwnServer(
  'hostile e-mails: each routed, in triage with a reason, or refused by SMTP; nothing crashes or is lost',
  async (env: TestWorkflowEnvironment) => {
    const { config, at } = await cycleInFuture(env, example2024(), 'hostile-inbound');
    const contents = await prepareContents();
    const knownTags = templateTags(await testTemplates());
    const dir = await mkdtemp(path.join(tmpdir(), 'oco-hostile-inbound-'));
    const providers = [
      { ...provider('a'), name: 'Stichting <script>alert("a")</script> & <b onmouseover=x()>Co</b>' },
      provider('b'),
    ];
    try {
      await runCycle(env, config, providers, async (rig) => {
        await rig.skipTo(at(config.schedule.publication) + 60_000);
        const store = new FileSystemAttachmentStore(path.join(dir, 'attachments'));
        const ledgerFile = path.join(dir, 'ledger.jsonl');
        const ledger = new InboundLedger(ledgerFile);
        const email = createEmailActivities(rig.mail.deps);
        const deps: InboundDependencies = {
          client: env.client,
          store,
          limits: LIMITS,
          ledger,
          directory: new ProviderDirectory(env.client, [config.id], 2_000),
          acknowledge: async (ack) => {
            await email.sendEmail(acknowledgmentOf(ack));
          },
        };
        const known = providers.map((p) => p.email);
        const entries = new Map<string, InboundEntry>();
        const slowest = { ms: 0 };

        // 1. Straight into take-in, as the listener hands each spooled message on.
        await fc.assert(
          fc.asyncProperty(mailArbitrary(known), async (spec) => {
            const raw = rawMail(spec, contents);
            const t0 = Date.now();
            const entry = await within(
              takeIn(raw, new Date(await env.currentTimeMs()), deps),
              TAKE_IN_MS,
              'take-in',
            );
            slowest.ms = Math.max(slowest.ms, Date.now() - t0);
            tally.add('e-mail into take-in', entry.outcome);
            expect(entryProblems(entry)).toEqual([]);
            entries.set(entry.messageId, entry);
            // The ledger, read anew as after a restart, holds every message so far.
            expect(new InboundLedger(ledgerFile).all().length).toBe(entries.size);
          }),
          fuzzParameters('take-in', 1, { shrink: false }),
        );

        // 2. Through the SMTP listener: over SMTP, into the spool, handed on to take-in.
        const failures: string[] = [];
        const listener = await SmtpListener.start(
          {
            spoolDir: path.join(dir, 'spool'),
            recipients: [config.wlzUitvoerder.email],
            maxBytes: Math.ceil(LIMITS.maxMessageBytes * 1.4) + 1024 * 1024,
            retryMs: 60_000,
          },
          (raw, reached) => takeIn(raw, reached, deps),
          (line) => {
            if (/failed/.test(line)) failures.push(line);
          },
        );
        const smtp = nodemailer.createTransport({
          host: listener.host,
          port: listener.port,
          secure: false,
          ignoreTLS: true,
        });
        try {
          await fc.assert(
            fc.asyncProperty(mailArbitrary(known), async (spec) => {
              const raw = rawMail(spec, contents);
              const before = ledger.all().length;
              try {
                await smtp.sendMail({
                  envelope: { from: 'afzender@elders.example', to: [config.wlzUitvoerder.email] },
                  raw,
                });
              } catch (error) {
                const code = (error as { responseCode?: number }).responseCode;
                tally.add('e-mail over SMTP', `refused by SMTP (${code ?? 'no code'})`);
                expect(code).toBeGreaterThanOrEqual(500);
                return;
              }
              for (let i = 0; i < 2_400 && listener.pending().length > 0; i++)
                await new Promise((resolve) => setTimeout(resolve, 25));
              expect(listener.pending()).toEqual([]);
              expect(failures).toEqual([]);
              const added = ledger.all().slice(before);
              // A second delivery of a Message-ID already taken in adds nothing, and is not lost either.
              for (const entry of added) {
                tally.add('e-mail over SMTP', entry.outcome);
                expect(entryProblems(entry)).toEqual([]);
                entries.set(entry.messageId, entry);
              }
              if (added.length === 0) tally.add('e-mail over SMTP', 'known Message-ID');
            }),
            fuzzParameters('smtp listener', 0.3, { shrink: false }),
          );
        } finally {
          smtp.close();
          await listener.stop();
        }

        // Nothing accepted is lost: every routed message is in its provider's workflow, the ledger holds them all.
        const views = new Map<string, ProviderView>();
        for (const p of providers) views.set(p.id, await rig.view(p.id));
        const lost = [...entries.values()].filter(
          (e) =>
            e.outcome === 'routed' &&
            !holdsReceipt(views.get(e.providerId ?? '') as ProviderView, e.receiptCode),
        );
        expect(lost.map((e) => `${e.kind} ${e.messageId} ${e.receiptCode}`)).toEqual([]);
        expect(new InboundLedger(ledgerFile).all().length).toBe(entries.size);

        // The triage queue as the dashboard reads it: JSON, every item with its reason.
        const api = await startApi(env.client, { store, inbound: { ledger, directory: deps.directory } });
        try {
          const queue = await api.request('GET', '/triage?state=all', { token: await api.token('officer') });
          expect([queue.status, queue.headers.get('content-type')]).toEqual([
            200,
            expect.stringMatching(/^application\/json/),
          ]);
          expect(queue.body.items.length).toBe(
            [...entries.values()].filter((e) => e.outcome === 'triage').length,
          );
        } finally {
          await api.close();
        }

        // The workflows: no task failed, each answers; the e-mails sent (receipts, acknowledgments): no markup.
        // Checked once every e-mail has been sent or has failed: none still pending is missed.
        const workflows = await cycleWorkflowIds(env.client, config.id);
        await noActivityPending(env.client, workflows);
        expect(await historyProblems(env.client, workflows)).toEqual([]);
        expect(await unansweredQueries(env.client, config.id)).toEqual([]);
        const mail = await unsafeMail(rig.mail.server, knownTags);
        expect(mail.problems).toEqual([]);
        notes.emailsSentCheckedForMarkup = mail.checked;
        notes.slowestTakeInMs = slowest.ms;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
