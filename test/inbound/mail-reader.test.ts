/**
 * Inbound e-mail end to end, on real servers: GreenMail (SMTP and IMAP, from Maven Central), the time-skipping
 * Temporal server with the real workflows, and the in-process SMTP server that catches what the system sends.
 * A provider e-mails a submission with PDFs; the reader routes it by sender and subject, keeps the files by hash, the
 * workflow records it with the mailbox's receipt time and the receipt reaches the provider. The same message read
 * again is handled once; one that cannot be routed goes to triage, is acknowledged, and is routed by the officer.
 * At the deadline: a message that reached the mailbox at 16:59:59 is on time and one at 17:00:00 late, though both are
 * read at 17:05; one from an unknown address at 16:59:58, routed by the officer three days later, is on time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ImapFlow } from 'imapflow';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { createEmailActivities } from '../../activities/email';
import { closePdfInspector } from '../../attachments/inspect';
import { FileSystemAttachmentStore, sha256Of } from '../../attachments/store';
import { formatTriage } from '../../cli/commands/triage';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../domain/attachment-limits';
import { cycleClosingAt } from '../../domain/rehearsal';
import { ProviderDirectory } from '../../inbound/directory';
import { ImapReader } from '../../inbound/imap-reader';
import { InboundLedger } from '../../inbound/ledger';
import { acknowledgmentOf, type InboundDependencies, routeTriageItem, takeIn } from '../../inbound/take-in';
import { startGreenMail } from '../../mail/greenmail';
import { RECEIPT_ATTACHMENT } from '../../mail/verify-eml';
import { pdf, startApi } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { kindOf, provider, runCycle, toOf } from '../helpers/cycle-rig';
import { skipTo, testOnOwnServer } from '../helpers/temporal';

afterAll(() => closePdfInspector());

testOnOwnServer(
  'e-mail in: routed, kept by hash, receipt time from the mailbox, read twice handled once, triage',
  async (env: TestWorkflowEnvironment) => {
    const deadline = (await env.currentTimeMs()) + 3 * 3600_000;
    const config = cycleClosingAt(example2024(), 'mail-in', deadline);
    const mailbox = config.wlzUitvoerder.email.toLowerCase();
    const green = await startGreenMail(mailbox);
    const dir = await mkdtemp(path.join(tmpdir(), 'oco-inbound-'));
    try {
      await runCycle(
        env,
        config,
        [provider('a'), provider('b'), provider('c'), provider('d')],
        async (cycle) => {
          const store = new FileSystemAttachmentStore(path.join(dir, 'attachments'));
          const ledgerFile = path.join(dir, 'ledger.jsonl');
          const email = createEmailActivities(cycle.mail.deps);
          const deps = (ledger: InboundLedger): InboundDependencies => ({
            client: env.client,
            store,
            limits: DEFAULT_ATTACHMENT_LIMITS,
            ledger,
            directory: new ProviderDirectory(env.client, [config.id], 0),
            acknowledge: async (ack) => {
              await email.sendEmail(acknowledgmentOf(ack));
            },
          });
          const imap = {
            host: '127.0.0.1',
            port: green.imapPort,
            secure: false,
            user: mailbox,
            password: green.user.password,
          };
          let ledger = new InboundLedger(ledgerFile);
          const reader = (l: InboundLedger) => new ImapReader(imap, l, (raw, at) => takeIn(raw, at, deps(l)));
          const smtp = nodemailer.createTransport({
            host: '127.0.0.1',
            port: green.smtpPort,
            secure: false,
            ignoreTLS: true,
          });
          const receiptsTo = (address: string, count: number) =>
            cycle.mails((m: ParsedMail) => kindOf(m) === 'submissionReceipt' && toOf(m) === address, count);

          // A submits by e-mail: regions named in the text, a signed statement and a scanned KvK extract.
          const [statement, scan] = [await pdf('Bestuursverklaring Stichting a'), await pdf(null)];
          const sentAt = Date.now();
          await smtp.sendMail({
            from: 'Stichting a <a@aanbieder.example.nl>',
            to: mailbox,
            subject: 'Inschrijving OCO',
            messageId: '<inschrijving-1@aanbieder.example.nl>',
            text: 'Geachte zorginkoper,\n\nHierbij schrijven wij ons in voor de regio Utrecht.\n',
            attachments: [
              {
                filename: 'Bestuursverklaring getekend.pdf',
                content: statement,
                contentType: 'application/pdf',
              },
              { filename: 'KvK uittreksel.pdf', content: scan, contentType: 'application/pdf' },
            ],
          });
          expect(await reader(ledger).pollOnce()).toBe(1);
          const routed = ledger.get('<inschrijving-1@aanbieder.example.nl>');
          expect(routed).toMatchObject({
            outcome: 'routed',
            cycleId: config.id,
            providerId: 'a',
            kind: 'submission',
          });
          expect(Math.abs(Date.parse(routed?.receivedAt ?? '') - sentAt)).toBeLessThan(5_000);
          expect(routed?.files.map((f) => [f.name, f.sha256, f.textLayer])).toEqual([
            ['Bestuursverklaring getekend.pdf', sha256Of(statement), 'present'],
            ['KvK uittreksel.pdf', sha256Of(scan), 'absent'],
          ]);
          expect(await store.get(sha256Of(statement))).toEqual(statement);
          const view = await cycle.view('a');
          expect(view.history).toEqual([
            expect.objectContaining({ kind: 'submission', onTime: true, receivedAt: routed?.receivedAt }),
          ]);
          const [receipt] = await receiptsTo('a@aanbieder.example.nl', 1);
          const facts = JSON.parse(
            String(receipt?.attachments.find((f) => f.filename === RECEIPT_ATTACHMENT)?.content),
          ).facts;
          expect(facts.receivedAt).toBe(routed?.receivedAt);
          expect(facts.files.map((f: { sha256: string }) => f.sha256)).toEqual([
            sha256Of(statement),
            sha256Of(scan),
          ]);
          expect(facts.issues).toContain(
            'KvK uittreksel.pdf: een scan zonder tekstlaag; de stukken moeten volledig digitaal en doorzoekbaar zijn (wel ontvangen)',
          );

          // Read again after a restart that lost the cursor, and the same message delivered a second time: handled once.
          await smtp.sendMail({
            from: 'a@aanbieder.example.nl',
            to: mailbox,
            subject: 'Inschrijving OCO',
            messageId: '<inschrijving-1@aanbieder.example.nl>',
            text: 'regio Utrecht',
          });
          ledger = new InboundLedger(ledgerFile);
          const restarted = new ImapReader({ ...imap }, ledger, (raw, at) => takeIn(raw, at, deps(ledger)));
          expect(await restarted.pollOnce()).toBe(1);
          expect(ledger.all()).toHaveLength(1);
          expect((await cycle.view('a')).history).toHaveLength(1);

          // An unknown sender, and a provider's message without a keyword: triage, acknowledged, nothing dropped.
          await smtp.sendMail({
            from: 'onbekend@elders.example',
            to: mailbox,
            subject: 'Inschrijving',
            text: 'regio Utrecht',
          });
          await smtp.sendMail({
            from: 'b@aanbieder.example.nl',
            to: mailbox,
            subject: 'Stukken',
            text: 'Zie bijlage, regio Zwolle.',
          });
          expect(await reader(ledger).pollOnce()).toBe(2);
          const triage = ledger.triage('open');
          expect(triage.map((t) => [t.triage?.id, t.from, t.reason])).toEqual([
            [
              1,
              'onbekend@elders.example',
              "the sender onbekend@elders.example is not a known provider's address",
            ],
            [
              2,
              'b@aanbieder.example.nl',
              'the subject names none of vraag, inschrijving, aanvulling, bezwaar, intrekking',
            ],
          ]);
          // oco triage lists them, oldest first, with the reason.
          const listed = formatTriage(ledger.triage());
          expect(listed).toMatch(
            /^ {3}1 {2}\w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}onbekend@elders\.example {2}"Inschrijving" {2}0 file\(s\) {2}open\n/,
          );
          expect(listed).toContain(
            "      why: the sender onbekend@elders.example is not a known provider's address",
          );
          const acks = await cycle.mails((m: ParsedMail) => kindOf(m) === 'inboundReceived', 2);
          expect(acks.map(toOf).sort()).toEqual(['b@aanbieder.example.nl', 'onbekend@elders.example']);
          expect(acks[0]?.text).toContain('Dat tijdstip geldt als moment van ontvangst');

          // The officer sees the queue in the API and routes b's message as its submission; the receipt carries the
          // mailbox's time.
          const api = await startApi(env.client, {
            store,
            inbound: { ledger, directory: new ProviderDirectory(env.client, [config.id], 0) },
          });
          try {
            const officer = await api.token('officer');
            const queue = await api.request('GET', '/triage', { token: officer });
            expect(queue.body.items.map((i: { triage: { id: number } }) => i.triage.id)).toEqual([1, 2]);
            const asProvider = await api.request('GET', '/triage', {
              token: await api.token('provider', 'b'),
            });
            expect(asProvider.status).toBe(403);
            const route = { cycleId: config.id, providerId: 'b', kind: 'submission' };
            const routedByOfficer = await api.request('POST', '/triage/2/route', {
              token: officer,
              body: route,
            });
            expect([routedByOfficer.status, routedByOfficer.body.error]).toEqual([201, undefined]);
            expect(routedByOfficer.body.facts).toMatchObject({
              kind: 'submission',
              receivedAt: triage[1]?.receivedAt,
              onTime: true,
            });
            expect(ledger.triageItem(2)?.triage).toMatchObject({ state: 'routed', routedBy: 'M. de Vries' });
            const again = await api.request('POST', '/triage/2/route', { token: officer, body: route });
            expect([again.status, again.body.error.message]).toEqual([
              409,
              expect.stringMatching(/^id: triage item 2 was already routed by M\. de Vries/),
            ]);
            const missing = await api.request('POST', '/triage/9/route', { token: officer, body: route });
            expect([missing.status, missing.body.error.message]).toEqual([
              404,
              'id: there is no triage item 9',
            ]);
            const noRegion = await api.request('POST', '/triage/1/route', {
              token: officer,
              body: { ...route, providerId: 'c', regions: [] },
            });
            expect([noRegion.status, noRegion.body.error.problems?.[0]?.path]).toEqual([400, 'regions']);
          } finally {
            await api.close();
          }
          // The acknowledgment cannot be sent (the SMTP server is down): the message is not recorded, so the next read
          // takes it in again and acknowledges it then, once.
          const unacknowledged = Buffer.from(
            [
              'From: derde@elders.example',
              `To: ${mailbox}`,
              'Subject: Inschrijving',
              'Message-ID: <ack-later@elders.example>',
              '',
              'regio Utrecht',
              '',
            ].join('\r\n'),
          );
          const arrivedAt = new Date(await env.currentTimeMs());
          await expect(
            takeIn(unacknowledged, arrivedAt, {
              ...deps(ledger),
              acknowledge: async () => {
                throw new Error('SMTP server unreachable');
              },
            }),
          ).rejects.toThrow('SMTP server unreachable');
          expect(ledger.get('<ack-later@elders.example>')).toBeUndefined();
          expect(await takeIn(unacknowledged, arrivedAt, deps(ledger))).toMatchObject({
            outcome: 'triage',
            receivedAt: arrivedAt.toISOString(),
          });
          const late = await cycle.mails(
            (m: ParsedMail) => kindOf(m) === 'inboundReceived' && toOf(m) === 'derde@elders.example',
            1,
          );
          expect(late[0]?.inReplyTo).toBe('<ack-later@elders.example>');
          await takeIn(unacknowledged, arrivedAt, deps(ledger));
          expect(ledger.all().filter((e) => e.messageId === '<ack-later@elders.example>')).toHaveLength(1);

          // The deadline: both reach the mailbox around it and are read at 17:05 (five minutes after).
          const deadlineMs = DateTime.fromISO(config.schedule.submissionDeadline, {
            zone: config.timezone,
          }).toMillis();
          await skipTo(env, deadlineMs + 5 * 60_000);
          const append = new ImapFlow({
            ...imap,
            auth: { user: mailbox, pass: green.user.password },
            logger: false,
          });
          await append.connect();
          const message = (from: string, id: string) =>
            [
              `From: ${from}`,
              `To: ${mailbox}`,
              `Subject: Inschrijving`,
              `Message-ID: <${id}@aanbieder.example.nl>`,
              'Content-Type: text/plain; charset=utf-8',
              '',
              'Wij schrijven ons in voor Utrecht.',
              '',
            ].join('\r\n');
          await append.append('INBOX', message('c@aanbieder.example.nl', 'laat'), [], new Date(deadlineMs));
          await append.append(
            'INBOX',
            message('b@aanbieder.example.nl', 'op-tijd'),
            [],
            new Date(deadlineMs - 1000),
          );
          // d's submission, sent by its consultant from an address we do not know, reached the mailbox at 16:59:58.
          await append.append(
            'INBOX',
            message('consultant@advies.example', 'via-adviseur'),
            [],
            new Date(deadlineMs - 2000),
          );
          await append.logout();
          expect(await reader(ledger).pollOnce()).toBe(3);
          expect(ledger.get('<op-tijd@aanbieder.example.nl>')?.receivedAt).toBe(
            new Date(deadlineMs - 1000).toISOString(),
          );
          const b = (await cycle.view('b')).history.at(-1);
          const c = (await cycle.view('c')).history.at(-1);
          expect([b?.receivedAt, b?.onTime]).toEqual([new Date(deadlineMs - 1000).toISOString(), true]);
          expect([c?.receivedAt, c?.onTime]).toEqual([new Date(deadlineMs).toISOString(), false]);

          // The officer routes the consultant's message to d three days later: on time, with the mailbox's time.
          const item = ledger
            .triage('open')
            .find((t) => t.messageId === '<via-adviseur@aanbieder.example.nl>');
          expect(item?.receivedAt).toBe(new Date(deadlineMs - 2000).toISOString());
          await skipTo(env, deadlineMs + 3 * 24 * 3600_000);
          const routedLate = await routeTriageItem(deps(ledger), item?.triage?.id ?? 0, {
            cycleId: config.id,
            providerId: 'd',
            kind: 'submission',
            by: 'M. de Vries',
          });
          expect(routedLate.facts).toMatchObject({ receivedAt: item?.receivedAt, onTime: true });
          const d = (await cycle.view('d')).history.at(-1);
          expect([d?.receivedAt, d?.onTime]).toEqual([new Date(deadlineMs - 2000).toISOString(), true]);
        },
      );
    } finally {
      await green.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
);
