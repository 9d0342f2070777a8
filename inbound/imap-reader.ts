/**
 * Reads the Wlz-uitvoerder's mailbox over IMAP (imapflow): every message after the last one read, in UID order, with
 * its internal date (the moment it reached the mailbox, which is its receipt time) and its full source, handed to
 * take-in one at a time. The cursor (UIDVALIDITY and last UID) is kept in the ledger after each message, so a restart
 * goes on where it stopped; a message handled but not yet past the cursor is found again by its Message-ID.
 */
import { ImapFlow } from 'imapflow';
import type { InboundLedger } from './ledger';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox?: string;
}

export type MessageHandler = (raw: Buffer, reachedMailboxAt: Date) => Promise<unknown>;

export class ImapReader {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly settings: ImapSettings,
    private readonly ledger: InboundLedger,
    private readonly handle: MessageHandler,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  private get mailbox(): string {
    return this.settings.mailbox ?? 'INBOX';
  }

  /** Reads what is new once; resolves with how many messages were handed on. One poll at a time. */
  pollOnce(): Promise<number> {
    this.running ??= this.poll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async poll(): Promise<number> {
    const client = new ImapFlow({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      auth: { user: this.settings.user, pass: this.settings.password },
      logger: false,
    });
    await client.connect();
    let handled = 0;
    try {
      const lock = await client.getMailboxLock(this.mailbox);
      try {
        const opened = client.mailbox;
        const uidValidity = String(opened ? opened.uidValidity : '');
        const cursor = this.ledger.cursor(this.mailbox);
        const lastUid = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
        // The headers first (UID and date), then each source on its own: a large rush does not sit in memory at once.
        const fresh: { uid: number; internalDate: Date }[] = [];
        for await (const message of client.fetch(
          `${lastUid + 1}:*`,
          { uid: true, internalDate: true },
          { uid: true },
        ))
          if (message.uid > lastUid && message.internalDate)
            fresh.push({ uid: message.uid, internalDate: new Date(message.internalDate) });
        fresh.sort((a, b) => a.uid - b.uid);
        for (const { uid, internalDate } of fresh) {
          if (this.stopped) break;
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (message === false || !message.source) continue;
          await this.handle(message.source, internalDate);
          this.ledger.setCursor(this.mailbox, uidValidity, uid);
          handled++;
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return handled;
  }

  /** Polls every `intervalMs` until stop(); a failed poll is logged and tried again at the next turn. */
  start(intervalMs = 5_000): void {
    const turn = async () => {
      try {
        const n = await this.pollOnce();
        if (n > 0) this.log(`mailbox: ${n} message${n === 1 ? '' : 's'} taken in`);
      } catch (error) {
        this.log(`mailbox: reading failed, trying again: ${(error as Error).message}`);
      }
      if (!this.stopped) this.timer = setTimeout(turn, intervalMs);
    };
    this.timer = setTimeout(turn, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
