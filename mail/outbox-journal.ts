/**
 * The outbox journal: every message the mail server accepted from us, with its Message-ID, recipients, subject and the
 * business event it came from, so that a provider's correspondence can be shown in one thread. The e-mail activity
 * records a message once SMTP accepted it; recording never fails a send (the message already went).
 *
 * Kept under the data folder as JSON lines (`data/outbox.jsonl`): append-only, so a crash loses at most the line being
 * written, and a line cut short is skipped. A retried send (the same event, the same Message-ID) may be written twice;
 * reading keeps the first, so it is listed once. Reading follows the file as it grows, so a server that did not write
 * a line (the API beside a worker of its own) still sees it.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

export interface SentMail {
  messageId: string;
  /** When the mail server accepted it, ISO-8601 UTC. */
  at: string;
  /** The recipients the mail server accepted. */
  to: string[];
  subject: string;
  /** The template kind. */
  kind: string;
  cycleId: string;
  /** The provider the message is about ("officer" or "legal" for internal notices). */
  providerId: string;
  sequence: number;
  /** The attachments (the deadlines as .ics, a receipt), by SHA-256. */
  files?: { name: string; sha256: string }[];
  /** The provider's messages this one answers. */
  inReplyTo?: string[];
}

export interface SentMailJournal {
  record(entry: SentMail): Promise<void> | void;
  /** Every message about this provider in this cycle, each Message-ID once, oldest first. */
  forProvider(cycleId: string, providerId: string): SentMail[];
}

const NEWLINE = 0x0a;

export class JsonLinesSentMailJournal implements SentMailJournal {
  private readonly byId = new Map<string, SentMail>();
  private readonly byProvider = new Map<string, SentMail[]>();
  /** Bytes of the file read so far: always the end of a whole line. */
  private offset = 0;

  constructor(
    readonly file: string,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  static inDataDir(dataDir: string): JsonLinesSentMailJournal {
    return new JsonLinesSentMailJournal(path.join(dataDir, 'outbox.jsonl'));
  }

  /** Appends the message; a write that fails is logged, never thrown. */
  record(entry: SentMail): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // After a line cut short, the next starts on a line of its own.
      const prefix = this.endsMidLine() ? '\n' : '';
      appendFileSync(this.file, `${prefix}${JSON.stringify(entry)}\n`);
    } catch (error) {
      this.log(`outbox journal: ${entry.messageId} was sent but not recorded: ${(error as Error).message}`);
    }
  }

  forProvider(cycleId: string, providerId: string): SentMail[] {
    this.catchUp();
    return [...(this.byProvider.get(`${cycleId}\n${providerId}`) ?? [])].sort((a, b) =>
      a.at.localeCompare(b.at),
    );
  }

  private endsMidLine(): boolean {
    const size = this.sizeOfFile();
    if (size === 0) return false;
    return this.readBytes(size - 1, 1)[0] !== NEWLINE;
  }

  private sizeOfFile(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  private readBytes(from: number, length: number): Buffer {
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buffer, 0, length, from);
    } finally {
      closeSync(fd);
    }
    return buffer;
  }

  /** Reads the whole lines written since the last read. */
  private catchUp(): void {
    const size = this.sizeOfFile();
    if (size < this.offset) {
      // The file was replaced: read it anew.
      this.offset = 0;
      this.byId.clear();
      this.byProvider.clear();
    }
    if (size === this.offset) return;
    const bytes = this.readBytes(this.offset, size - this.offset);
    const end = bytes.lastIndexOf(NEWLINE);
    if (end < 0) return;
    this.offset += end + 1;
    for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        this.add(JSON.parse(line) as SentMail);
      } catch {
        // A line cut short by a crash.
      }
    }
  }

  private add(entry: SentMail): void {
    if (typeof entry?.messageId !== 'string' || this.byId.has(entry.messageId)) return;
    this.byId.set(entry.messageId, entry);
    const key = `${entry.cycleId}\n${entry.providerId}`;
    const list = this.byProvider.get(key) ?? [];
    list.push(entry);
    this.byProvider.set(key, list);
  }
}
