/**
 * Our own SMTP listener as the Wlz-uitvoerder's mailbox, driven by a real SMTP client (nodemailer): only the
 * mailbox's address and messages within the size are accepted; an accepted message is on disk before the sender hears
 * "250", keeps the moment its data arrived as its receipt time however late it is handed on, survives a failure of
 * take-in and a restart, and one message that keeps failing does not hold up the others.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SmtpListener } from '../../inbound/smtp-listener';

const MAILBOX = 'inkoop-oco@zorgkantoor.example.nl';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oco-listener-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

interface Taken {
  subject: string;
  at: Date;
}
const subjectOf = (raw: Buffer) => /^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim() ?? '';

function send(listener: SmtpListener, mail: { to?: string; subject: string; text?: string }) {
  return nodemailer
    .createTransport({ host: listener.host, port: listener.port, secure: false, ignoreTLS: true })
    .sendMail({
      from: 'a@aanbieder.example.nl',
      to: mail.to ?? MAILBOX,
      subject: mail.subject,
      text: mail.text ?? '',
    });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not within 5 s: ${what}`);
}

test('accepts mail for the mailbox only, within the size, each with the moment it arrived', async () => {
  const taken: Taken[] = [];
  const listener = await SmtpListener.start(
    { spoolDir: dir, recipients: [MAILBOX.toUpperCase()], maxBytes: 64 * 1024 },
    async (raw, at) => {
      taken.push({ subject: subjectOf(raw), at });
    },
  );
  try {
    const before = Date.now();
    const accepted = await send(listener, { subject: 'Vraag' });
    const after = Date.now();
    expect(accepted.accepted).toEqual([MAILBOX]);
    await until(() => taken.length === 1, 'the message handed on');
    expect(taken[0]?.subject).toBe('Vraag');
    expect(taken[0]?.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(taken[0]?.at.getTime()).toBeLessThanOrEqual(after);

    await expect(send(listener, { to: 'iemand@zorgkantoor.example.nl', subject: 'x' })).rejects.toMatchObject(
      {
        responseCode: 550,
        message: expect.stringContaining('iemand@zorgkantoor.example.nl: no such mailbox here'),
      },
    );
    await expect(send(listener, { subject: 'Groot', text: 'x'.repeat(100 * 1024) })).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(taken.map((t) => t.subject)).toEqual(['Vraag']);
    expect(await readdir(dir)).toEqual([]);
  } finally {
    await listener.stop();
  }
});

test('an accepted message waits in the spool through failures and a restart, with its arrival time', async () => {
  let failing = new Set(['Inschrijving', 'Bezwaar']);
  const taken: Taken[] = [];
  const handler = async (raw: Buffer, at: Date) => {
    const subject = subjectOf(raw);
    if (failing.has(subject)) throw new Error(`Temporal unreachable for ${subject}`);
    taken.push({ subject, at });
  };
  const log: string[] = [];
  const first = await SmtpListener.start(
    { spoolDir: dir, maxBytes: 1024 * 1024, retryMs: 50 },
    handler,
    (l) => log.push(l),
  );
  const arrived: Record<string, number> = {};
  try {
    for (const subject of ['Inschrijving', 'Vraag', 'Bezwaar']) {
      await send(first, { subject });
      arrived[subject] = Date.now();
    }
    // The one that works is not held up by the two that fail; those stay in the spool, tried again and again.
    await until(() => taken.length === 1, 'Vraag handed on');
    await until(
      () => log.filter((l) => l.includes('Temporal unreachable for Bezwaar')).length >= 2,
      'retries',
    );
    expect(first.pending()).toHaveLength(2);
  } finally {
    await first.stop();
  }
  expect(await readdir(dir)).toHaveLength(2);

  // Restarted later, take-in working again: both are handed on, oldest first, with the time they arrived.
  failing = new Set();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const second = await SmtpListener.start({ spoolDir: dir, maxBytes: 1024 * 1024 }, handler);
  try {
    await until(() => taken.length === 3, 'the spool drained after the restart');
    expect(taken.map((t) => t.subject)).toEqual(['Vraag', 'Inschrijving', 'Bezwaar']);
    for (const t of taken) {
      expect(t.at.getTime()).toBeLessThanOrEqual(arrived[t.subject] ?? 0);
      expect(t.at.getTime()).toBeGreaterThan((arrived[t.subject] ?? 0) - 1000);
    }
    expect(second.pending()).toEqual([]);
  } finally {
    await second.stop();
  }
});
