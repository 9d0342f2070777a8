/**
 * SMTP outage (issue 9, item 3), on the time-skipping server so that ten minutes of outage pass in seconds: the real
 * cycle and provider workflows, the real activities, a real SMTP server in the process.
 *
 * 1. During the reminder wave the SMTP server refuses every message for ten minutes ("421 try again later");
 * 2. during receipts it is down for ten minutes (stopped: the port refuses connections), then back on the same port.
 * One provider's address is refused for good ("550 no such user") throughout.
 *
 * Proves: every message is delivered after the recovery, none twice (each recipient has each Message-ID once, and no
 * message arrives twice); the workflows never fail (no failed workflow task, all still running); the outage was real
 * (refused attempts counted); and each permanent refusal reaches the officer, once per message, and the provider's dossier.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import type { CycleConfig } from '../../domain/config';
import { planReminders } from '../../domain/reminders';
import { MailboxServer, type ReceivedMail } from '../../mail/mailbox-server';
import { freePort } from '../../support/free-port';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { providerWorkflowId } from '../../workflows/ids';
import { example2024 } from '../helpers/configs';
import { completeDocuments, cycleInFuture, provider, runCycle } from '../helpers/cycle-rig';
import { connectTestEnv } from '../helpers/temporal';
import { reportFigures } from './figures';
import { deliveries, header, settled, until } from './waits';
import { pendingActivities, pendingActivityList, workflowTaskFailures } from './workflow-health';

const MINUTE = 60_000;
const GONE = 'weg@aanbieder.example.nl';
/** Providers in the wave (and one more whose address is refused for good). */
const PROVIDERS = Number(process.env.OCO_OUTAGE_PROVIDERS ?? 60);

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(() => env?.teardown());

/** An SMTP server that can refuse everything for a while, or be gone altogether, and always refuses GONE. */
class FlakySmtp {
  readonly received: ReceivedMail[] = [];
  refusing = false;
  refusedAttempts = 0;
  private server: MailboxServer | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<FlakySmtp> {
    const smtp = new FlakySmtp(await freePort());
    await smtp.up();
    return smtp;
  }

  async up(): Promise<void> {
    const server = await MailboxServer.start({
      port: this.port,
      refuseRecipient: (address) =>
        address === GONE
          ? { responseCode: 550, message: '5.1.1 <weg@aanbieder.example.nl>: no such user' }
          : undefined,
      refuseMessage: () => {
        if (!this.refusing) return undefined;
        this.refusedAttempts++;
        return { responseCode: 421, message: '4.3.2 service not available, try again later' };
      },
      beforeAcknowledge: async (mail) => {
        this.received.push(mail);
      },
    });
    this.server = server;
  }

  async down(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
}

test('ten minutes of refusals during the reminder wave and ten minutes down during receipts: all delivered once', async () => {
  const smtp = await FlakySmtp.start();
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
  });
  const { config, at } = await cycleInFuture(env, example2024(), 'smtp-outage');
  const providers = [
    ...Array.from({ length: PROVIDERS }, (_, i) => provider(`aanbieder-${i + 1}`)),
    {
      ...provider('weg'),
      email: GONE,
    },
  ];
  const officer = config.wlzUitvoerder.email;
  /** The Message-IDs of the notices of a permanent refusal that reached the officer, one per copy. */
  const noticesToOfficer = () =>
    smtp.received
      .filter((m) => header(m.raw, 'x-oco-kind') === 'deliveryFailed' && m.to.includes(officer))
      .map((m) => header(m.raw, 'message-id'));
  try {
    await runCycle(
      env,
      config as CycleConfig,
      providers,
      async (rig) => {
        const publication = at(config.schedule.publication);
        await rig.skipTo(publication + MINUTE);
        await until(
          'the publication notices',
          () => (deliveries(smtp, 'publication').byRecipient.size >= PROVIDERS ? true : undefined),
          60_000,
        );
        // Four providers ask a question: they get no reminder of the question deadline.
        for (const id of ['aanbieder-1', 'aanbieder-2', 'aanbieder-3', 'aanbieder-4'])
          await (await rig.provider(id)).askQuestion(`Vraag van ${id}`);
        await until(
          'the question receipts',
          () => (deliveries(smtp, 'questionReceipt').byRecipient.size >= 4 ? true : undefined),
          60_000,
        );

        // 1. The reminder wave goes out into ten minutes of refusals.
        const wave = planReminders(config).find((r) => r.key === 'questionDeadline');
        if (!wave) throw new Error('no reminder of the question deadline planned');
        await rig.skipTo(wave.at - MINUTE);
        smtp.refusing = true;
        await rig.skipTo(wave.at + 10 * MINUTE);
        const refusedInWave = smtp.refusedAttempts;
        const remindersDuringOutage = deliveries(smtp, 'deadlineReminder').total;
        smtp.refusing = false;
        await rig.skipTo(wave.at + 21 * MINUTE);
        await until(
          'the reminders after the outage',
          () => (deliveries(smtp, 'deadlineReminder').byRecipient.size >= PROVIDERS - 4 ? true : undefined),
          120_000,
          () => ({ reminders: deliveries(smtp, 'deadlineReminder').total, refused: smtp.refusedAttempts }),
        );

        // 2. Submissions while the SMTP server is gone for ten minutes: their receipts wait, then all arrive.
        const submitAt = wave.at + 30 * MINUTE;
        await rig.skipTo(submitAt);
        await smtp.down();
        const issuedOn = config.schedule.submissionDeadline.slice(0, 10);
        const submitters = ['aanbieder-5', 'aanbieder-6', 'aanbieder-7', 'aanbieder-8', 'weg'];
        for (const id of submitters)
          await (await rig.provider(id)).submit({
            regions: ['Utrecht'],
            documents: completeDocuments(issuedOn),
          });
        await rig.skipTo(submitAt + 10 * MINUTE);
        const receiptsDuringOutage = deliveries(smtp, 'submissionReceipt').total;
        await smtp.up();
        await rig.skipTo(submitAt + 21 * MINUTE);
        await until(
          'the receipts after the outage',
          () => (deliveries(smtp, 'submissionReceipt').byRecipient.size >= 4 ? true : undefined),
          120_000,
        );
        // Counted only when every send has finished (the receipt to the refused address and the officer's notice of
        // it too) and nothing more arrives: a late notice or a duplicate is seen.
        const workflowIds = [
          rig.cycle.workflowId,
          ...providers.map((p) => providerWorkflowId(config.id, p.id)),
        ];
        await until(
          "the officer's notices of the permanent refusals",
          () => (noticesToOfficer().length >= 3 ? true : undefined),
          120_000,
          noticesToOfficer,
        );
        await settled(
          'every message sent',
          smtp,
          () => pendingActivities(env.client, workflowIds),
          120_000,
          5_000,
          () => pendingActivityList(env.client, workflowIds),
        );

        const kinds = ['publication', 'questionReceipt', 'deadlineReminder', 'submissionReceipt'];
        const perKind = Object.fromEntries(kinds.map((k) => [k, deliveries(smtp, k)]));
        const recipients = (kind: string) => [...(perKind[kind]?.byRecipient.keys() ?? [])].sort();
        const idsPerRecipient = [
          ...new Set(
            kinds.flatMap((k) => [...(perKind[k]?.byRecipient.values() ?? [])].map((ids) => ids.size)),
          ),
        ];
        const allIds = smtp.received.map((m) => `${m.to.join(',')} ${header(m.raw, 'message-id')}`);
        const failureNotices = noticesToOfficer();
        const gone = await rig.view('weg');
        const email = (id: string) => `${id}@aanbieder.example.nl`;
        expect({
          outage: { refusedInWave: refusedInWave > 0, remindersDuringOutage, receiptsDuringOutage },
          publication: recipients('publication'),
          reminders: recipients('deadlineReminder'),
          receipts: recipients('submissionReceipt'),
          idsPerRecipient,
          noMessageTwice: allIds.length === new Set(allIds).size,
          // Publication, reminder and receipt to the address refused for good: the officer hears of each, once.
          failureNotices: { count: failureNotices.length, distinct: new Set(failureNotices).size },
          // Where the officer sees them: the publication (a mailing of the cycle) in the cycle's status, the reminder and
          // the receipt in the provider's dossier.
          failuresRecorded: {
            cycle: (await rig.cycle.query(cycleStatusQuery)).deliveryFailures.filter((f) => f.includes(GONE))
              .length,
            provider: gone.deliveryFailures.length,
          },
          failedWorkflowTasks: await workflowTaskFailures(env.client, workflowIds),
        }).toEqual({
          outage: { refusedInWave: true, remindersDuringOutage: 0, receiptsDuringOutage: 0 },
          publication: providers
            .filter((p) => p.email !== GONE)
            .map((p) => p.email)
            .sort(),
          reminders: Array.from({ length: PROVIDERS - 4 }, (_, i) => email(`aanbieder-${i + 5}`)).sort(),
          receipts: ['aanbieder-5', 'aanbieder-6', 'aanbieder-7', 'aanbieder-8'].map(email).sort(),
          idsPerRecipient: [1],
          noMessageTwice: true,
          failureNotices: { count: 3, distinct: 3 },
          failuresRecorded: { cycle: 1, provider: 2 },
          failedWorkflowTasks: [],
        });
        for (const p of providers) {
          const { status: running } = await env.client.workflow
            .getHandle(providerWorkflowId(config.id, p.id))
            .describe();
          expect([p.id, running.name]).toEqual([p.id, 'RUNNING']);
        }
        reportFigures('smtp-outage', {
          messagesDelivered: smtp.received.length,
          refusedAttemptsDuringWave: refusedInWave,
          refusedAttemptsTotal: smtp.refusedAttempts,
          remindersAfterRecovery: perKind.deadlineReminder?.total,
          receiptsAfterRecovery: perKind.submissionReceipt?.total,
          deliveryFailureNotices: failureNotices.length,
        });
      },
      {},
      { transport },
    );
  } finally {
    transport.close();
    await smtp.down();
  }
});
