/**
 * Delivery failures against a real SMTP server that refuses on purpose: temporary refusals are retried by Temporal
 * with the same Message-ID; permanent ones reach the officer and stop. A slow server: the activity beats while it
 * waits, so Temporal does not send a second copy alongside a send that is still going; a cancelled attempt stops.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Worker } from '@temporalio/worker';
import { simpleParser } from 'mailparser';
import type { MailingInput, SendEmailInput } from '../../activities/email';
import { HEARTBEAT_EVERY_MS } from '../../activities/email-heartbeat';
import { EMAIL_ACTIVITY_OPTIONS } from '../../activities/email-options';
import { exampleData } from '../../mail/examples';
import { domainOf, messageIdFor } from '../../mail/message-id';
import { CALENDAR, FROM, OFFICER, startMailRig, TEST_KEY } from '../helpers/mail';
import { connectTestEnv } from '../helpers/temporal';

const input = (to: string[]): SendEmailInput => ({
  event: { cycleId: 'zk-2024-2025', providerId: 'stichting-noord', kind: 'submissionReceipt', sequence: 1 },
  to,
  data: exampleData('submissionReceipt', TEST_KEY),
  reportTo: OFFICER,
  calendar: CALENDAR,
});

test('a permanent refusal fails without retry and the officer is told', async () => {
  const rig = await startMailRig({
    refuseRecipient: (address) =>
      address === 'weg@noord.example'
        ? { responseCode: 550, message: '5.1.1 <weg@noord.example>: Recipient address rejected' }
        : undefined,
  });
  try {
    const failure = await rig.activities.sendEmail(input(['weg@noord.example'])).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'PermanentDeliveryFailure', nonRetryable: true });
    const [notice] = await rig.parsed();
    expect(rig.server.received).toHaveLength(1);
    expect(rig.server.received[0]?.to).toEqual([OFFICER]);
    expect(notice?.subject).toContain('Bericht niet afgeleverd bij weg@noord.example');
    expect(notice?.text).toContain('Recipient address rejected');
    expect(notice?.text).toContain('Ontvangstbevestiging van uw inschrijving');
  } finally {
    await rig.stop();
  }
});

test('one refused recipient among several: the others get the message, the officer hears of the one', async () => {
  const rig = await startMailRig({
    refuseRecipient: (address) =>
      address.startsWith('weg@') ? { responseCode: 550, message: 'no such user' } : undefined,
  });
  try {
    const result = await rig.activities.sendEmail(input(['aanbieder@noord.example', 'weg@noord.example']));
    expect(result.accepted).toEqual(['aanbieder@noord.example']);
    expect(result.rejected).toEqual(['weg@noord.example']);
    const mails = await rig.parsed();
    expect(mails.map((m) => m.subject?.slice(0, 30))).toEqual([
      'Ontvangstbevestiging van uw in',
      'Bericht niet afgeleverd bij we',
    ]);
  } finally {
    await rig.stop();
  }
});

test('a temporary refusal is a retryable failure', async () => {
  const rig = await startMailRig({
    refuseMessage: () => ({ responseCode: 451, message: '4.3.0 try again later' }),
  });
  try {
    const failure = await rig.activities
      .sendEmail(input(['aanbieder@noord.example']))
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ type: 'TemporaryDeliveryFailure', nonRetryable: false });
    expect(rig.server.received).toHaveLength(0);
  } finally {
    await rig.stop();
  }
});

describe('under Temporal', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectTestEnv();
  });
  afterAll(() => env?.teardown());

  async function execute(rig: Awaited<ReturnType<typeof startMailRig>>, workflow: string, arg: unknown) {
    const taskQueue = `mail-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../fixtures/email-workflows'),
      bundlerOptions: { logger: new DefaultLogger('WARN') } as never,
      activities: rig.activities,
    });
    return worker.runUntil(
      env.client.workflow.execute(workflow, { taskQueue, workflowId: `mail-${randomUUID()}`, args: [arg] }),
    );
  }
  const run = (rig: Awaited<ReturnType<typeof startMailRig>>, to: string[]) =>
    execute(rig, 'sendOneMessage', input(to));

  /** The publication notice to `count` providers: aanbieder-1 ... aanbieder-N. */
  function mailing(count: number): MailingInput {
    const { recipient: _recipient, ...data } = exampleData('publication', TEST_KEY) as { recipient: unknown };
    return {
      cycleId: 'zk-2024-2025',
      kind: 'publication',
      sequence: 1,
      data: data as MailingInput['data'],
      recipients: Array.from({ length: count }, (_, i) => ({
        providerId: `aanbieder-${i + 1}`,
        name: `Stichting Aanbieder ${i + 1}`,
        email: `aanbieder-${i + 1}@example.nl`,
      })),
      reportTo: OFFICER,
      calendar: CALENDAR,
    };
  }
  const idOf = (providerId: string) =>
    messageIdFor({ cycleId: 'zk-2024-2025', providerId, kind: 'publication', sequence: 1 }, domainOf(FROM));

  test('a mailing gives every provider a message of its own; a refused one reaches the officer, the rest go on', async () => {
    const rig = await startMailRig({
      refuseRecipient: (address) =>
        address === 'aanbieder-7@example.nl'
          ? { responseCode: 550, message: '5.1.1 user unknown' }
          : undefined,
    });
    try {
      const result = (await execute(rig, 'sendOneMailing', mailing(20))) as {
        sent: number;
        refused: string[];
      };
      expect(result.sent).toBe(20);
      expect(result.refused).toEqual([
        expect.stringMatching(/^aanbieder-7@example\.nl: .*5\.1\.1 user unknown/),
      ]);
      const mails = await rig.parsed();
      const toProviders = mails.filter((m) => m.headers.get('x-oco-kind') === 'publication');
      expect(toProviders).toHaveLength(19);
      for (const m of toProviders) {
        const providerId = String((m.to as { value: { address: string }[] }).value[0]?.address).split(
          '@',
        )[0] as string;
        expect(m.messageId).toBe(idOf(providerId));
      }
      const [notice] = mails.filter((m) => m.headers.get('x-oco-kind') === 'deliveryFailed');
      expect(notice?.subject).toContain('aanbieder-7@example.nl');
    } finally {
      await rig.stop();
    }
  });

  test('a mail server that goes down in the middle of a mailing: the retries resume where it stopped, none twice', async () => {
    // Accepts 20 messages (in the third window), then refuses for a while (421, over several attempts), then accepts.
    let accepted = 0;
    let refusals = 0;
    const rig = await startMailRig({
      refuseMessage: () => {
        if (accepted >= 20 && refusals < 12) {
          refusals++;
          return { responseCode: 421, message: '4.7.0 service not available' };
        }
        accepted++;
        return undefined;
      },
    });
    try {
      const result = (await execute(rig, 'sendOneMailing', mailing(30))) as {
        sent: number;
        refused: string[];
      };
      expect(result).toEqual({ sent: 30, refused: [] });
      expect(refusals).toBe(12);
      const ids = await Promise.all(
        rig.server.received.map(async (m) => (await simpleParser(m.raw)).messageId),
      );
      expect(ids.sort()).toEqual(
        mailing(30)
          .recipients.map((r) => idOf(r.providerId))
          .sort(),
      );
    } finally {
      await rig.stop();
    }
  });

  test('one recipient refused for now does not hold up the others: they get theirs at once, it gets it on retry', async () => {
    let tries = 0;
    const rig = await startMailRig({
      refuseRecipient: (address) =>
        address === 'aanbieder-3@example.nl' && tries++ < 3
          ? { responseCode: 450, message: '4.2.2 mailbox full' }
          : undefined,
    });
    try {
      const result = (await execute(rig, 'sendOneMailing', mailing(30))) as {
        sent: number;
        refused: string[];
      };
      expect(result).toEqual({ sent: 30, refused: [] });
      expect(tries).toBe(4);
      const to = rig.server.received.map((m) => m.to[0]);
      expect(to).toHaveLength(30);
      expect(new Set(to).size).toBe(30);
      // The other 29 went out in the first attempt; the refused one only on the retries after it.
      expect(to[29]).toBe('aanbieder-3@example.nl');
    } finally {
      await rig.stop();
    }
  });

  test('an SMTP server that refuses for a while: Temporal retries, every attempt has the same Message-ID, one arrives', async () => {
    const rig = await startMailRig({
      refuseMessage: (_raw, attempt) =>
        attempt <= 2 ? { responseCode: 421, message: '4.7.0 service not available' } : undefined,
    });
    try {
      const result = (await run(rig, ['aanbieder@noord.example'])) as { messageId: string };
      expect(rig.server.attempts).toHaveLength(3);
      const ids = await Promise.all(
        rig.server.attempts.map(async (raw) => (await simpleParser(raw)).messageId),
      );
      expect(new Set(ids)).toEqual(new Set([result.messageId]));
      expect(rig.server.received).toHaveLength(1);
    } finally {
      await rig.stop();
    }
  });

  test("a permanent refusal whose notice the officer's server refuses for now: retried until the officer is told", async () => {
    let noticeAttempts = 0;
    const rig = await startMailRig({
      refuseRecipient: (address) =>
        address === 'weg@noord.example' ? { responseCode: 550, message: 'no such user' } : undefined,
      refuseMessage: () =>
        ++noticeAttempts <= 2 ? { responseCode: 421, message: '4.3.2 try again later' } : undefined,
    });
    try {
      const error = await run(rig, ['weg@noord.example']).catch((e: unknown) => e);
      const cause = (error as WorkflowFailedError).cause?.cause as ApplicationFailure;
      expect(cause).toMatchObject({ type: 'PermanentDeliveryFailure', nonRetryable: true });
      expect(cause.details?.[0]).toMatchObject({ officerTold: true });
      const notices = await rig.parsed();
      expect(notices.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject?.slice(0, 27)])).toEqual([
        [OFFICER, 'Bericht niet afgeleverd bij'],
      ]);
      expect(noticeAttempts).toBe(3);
    } finally {
      await rig.stop();
    }
  });

  test('a permanent refusal is not retried, also when the officer cannot be told', async () => {
    const rig = await startMailRig({
      refuseRecipient: () => ({ responseCode: 550, message: 'mailbox unavailable' }),
    });
    try {
      const error = await run(rig, ['weg@noord.example']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      const cause = (error as WorkflowFailedError).cause?.cause as ApplicationFailure;
      expect(cause).toMatchObject({ type: 'PermanentDeliveryFailure' });
      expect(cause.message).toContain(`the officer (${OFFICER}) could not be told either`);
      expect(rig.server.attempts).toHaveLength(0);
    } finally {
      await rig.stop();
    }
  });
  test('a mail server slower to accept than the heartbeat timeout: the activity beats, one attempt, one message', async () => {
    // Without beats the attempt would time out while the server still held the message, and the retry send it again.
    const holdMs = msToNumber(EMAIL_ACTIVITY_OPTIONS.heartbeatTimeout ?? 0) + 3_000;
    let held = 0;
    const rig = await startMailRig({
      beforeAcknowledge: async () => {
        if (held++ === 0) await sleep(holdMs);
      },
    });
    try {
      const started = Date.now();
      const result = (await run(rig, ['aanbieder@noord.example'])) as { messageId: string };
      expect(Date.now() - started).toBeGreaterThanOrEqual(holdMs);
      expect(rig.server.attempts).toHaveLength(1);
      expect(rig.server.received).toHaveLength(1);
      expect((await simpleParser(rig.server.received[0]?.raw as Buffer)).messageId).toBe(result.messageId);
    } finally {
      await rig.stop();
    }
  }, 90_000);

  test('a mailing beats while a message waits for its answer, and every beat carries the progress so far', async () => {
    let held = 0;
    const rig = await startMailRig({
      beforeAcknowledge: async () => {
        if (held++ === 0) await sleep(2 * HEARTBEAT_EVERY_MS + 1_000);
      },
    });
    try {
      const activity = new MockActivityEnvironment();
      const beats: unknown[] = [];
      activity.on('heartbeat', (details: unknown) => beats.push(details));
      const result = await activity.run(rig.activities.sendMailing, mailing(10));
      expect(result).toEqual({ sent: 10, refused: [] });
      // A beat without the progress would erase what a retry resumes from.
      for (const beat of beats) expect(beat).toEqual(expect.objectContaining({ sent: expect.any(Number) }));
      // At the start, and at least twice while the first window waited; then after each of the two windows.
      expect(beats.filter((b) => (b as { sent: number }).sent === 0).length).toBeGreaterThanOrEqual(3);
      expect(beats.at(-1)).toEqual({ sent: 10, refused: [], ahead: [] });
    } finally {
      await rig.stop();
    }
  }, 60_000);

  test('an attempt cancelled while its message waits for an answer (timed out, as the server says): the send stops', async () => {
    let arrived!: () => void;
    const waiting = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const rig = await startMailRig({
      beforeAcknowledge: async () => {
        arrived();
        await held;
      },
    });
    try {
      const activity = new MockActivityEnvironment();
      const sending = activity.run(rig.activities.sendEmail, input(['aanbieder@noord.example']));
      await waiting;
      const cancelledAt = Date.now();
      activity.cancel('TIMED_OUT');
      // The SMTP exchange is aborted at once, not left to finish (or to run into its own time-out) next to a retry.
      await expect(sending).rejects.toBeInstanceOf(CancelledFailure);
      expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    } finally {
      release();
      await rig.stop();
    }
  });
});
