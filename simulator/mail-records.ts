/** What a dry run reports of the messages its SMTP server received: read once, shared by every cycle of the run. */
import { simpleParser } from 'mailparser';
import type { MailboxServer } from '../mail/mailbox-server';

export interface MailRecord {
  /** Order of arrival at the SMTP server. */
  number: number;
  /** The message's Date (the simulated clock), or when it arrived. */
  dateMs: number;
  /** The cycle it belongs to (X-OCO-Cycle), when the run has several; null when it has one. */
  cycleId: string | null;
  to: string;
  kind: string;
  subject: string;
  messageId: string;
}

export async function readMailbox(mailbox: MailboxServer, byCycle: boolean): Promise<MailRecord[]> {
  const records: MailRecord[] = [];
  for (const mail of mailbox.received) {
    // The report needs the headers only: parsing bodies and attachments of thousands of messages is wasted work.
    const headerEnd = mail.raw.indexOf('\r\n\r\n');
    const parsed = await simpleParser(headerEnd < 0 ? mail.raw : mail.raw.subarray(0, headerEnd + 4));
    records.push({
      number: mail.number,
      dateMs: parsed.date?.getTime() ?? mail.receivedAt.getTime(),
      cycleId: byCycle ? String(parsed.headers.get('x-oco-cycle') ?? '') : null,
      to: mail.to.join(', '),
      kind: String(parsed.headers.get('x-oco-kind') ?? ''),
      subject: parsed.subject ?? '',
      messageId: parsed.messageId ?? '',
    });
  }
  return records;
}

/** Waits until no message has arrived for a while: the last e-mail activities have finished. */
export async function settled(mailbox: MailboxServer, quietMs = 750): Promise<void> {
  let count = -1;
  while (count !== mailbox.received.length) {
    count = mailbox.received.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
