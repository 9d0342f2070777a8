/**
 * The Wlz-uitvoerder's mailbox as our own SMTP listener (smtp-server), for a system that receives its mail directly
 * instead of reading a mailbox over IMAP (`npm start` without OCO_IMAP_URL). The moment a message's data has arrived is
 * its receipt time. Before the sender is told "250 accepted", the message is written to a spool folder with that time
 * in its name, so an accepted message survives a crash; the spool is then handed to take-in one message at a time,
 * oldest first, and a message leaves the spool only once take-in has handled it. What fails (Temporal unreachable) is
 * tried again every retry interval without holding up the others, and a restart goes on with what is left, each with
 * its original receipt time.
 * Take-in recognises a message handled twice by its Message-ID.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { listenSmtp, smtpError } from '../mail/smtp-listen';
import type { MessageHandler } from './imap-reader';

export interface SmtpListenerOptions {
  /** Spool folder for accepted messages not yet handled. */
  spoolDir: string;
  host?: string;
  port?: number;
  /** The addresses this mailbox receives for; others are refused with 550. Any when absent. */
  recipients?: readonly string[];
  /** Largest message accepted, in bytes (announced as SIZE; a larger one is refused with 552). */
  maxBytes: number;
  /** How often a message that could not be handled is tried again. */
  retryMs?: number;
  clock?: () => Date;
}

/** A spooled message's file name: its receipt time (epoch ms, sortable) and its hash. */
const spoolName = (at: Date, raw: Buffer) =>
  `${String(at.getTime()).padStart(15, '0')}-${createHash('sha256').update(raw).digest('hex')}.eml`;
const timeOf = (name: string) => new Date(Number(name.split('-')[0]));

export class SmtpListener {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<{ handled: number; failed: { name: string; error: Error }[] }> | undefined;
  private stopped = false;

  private constructor(
    private readonly server: SMTPServer,
    private readonly options: SmtpListenerOptions,
    private readonly handle: MessageHandler,
    private readonly log: (line: string) => void,
    readonly host: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `smtp://${this.host}:${this.port}`;
  }

  static async start(
    options: SmtpListenerOptions,
    handle: MessageHandler,
    log: (line: string) => void = () => undefined,
  ): Promise<SmtpListener> {
    mkdirSync(options.spoolDir, { recursive: true });
    const clock = options.clock ?? (() => new Date());
    const known = options.recipients && new Set(options.recipients.map((a) => a.toLowerCase()));
    let listener: SmtpListener | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: options.maxBytes,
      banner: 'OCO inbox',
      onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error) => void) {
        if (!known || known.has(address.address.toLowerCase())) return callback();
        callback(smtpError(550, `5.1.1 ${address.address}: no such mailbox here`));
      },
      onData(stream: SMTPServerDataStream, _session: SMTPServerSession, callback: (error?: Error) => void) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          // The receipt time: the moment the whole message is here, before anything else is done with it.
          const at = clock();
          if (stream.sizeExceeded)
            return callback(smtpError(552, `5.3.4 message larger than ${options.maxBytes} bytes`));
          try {
            listener?.spool(Buffer.concat(chunks), at);
          } catch (error) {
            return callback(smtpError(451, `4.3.0 could not keep the message: ${(error as Error).message}`));
          }
          callback();
          listener?.drainSoon();
        });
      },
    });
    const host = options.host ?? '127.0.0.1';
    const port = await listenSmtp(server, host, options.port);
    server.on('error', (error: Error) => log(`inbound SMTP: ${error.message}`));
    listener = new SmtpListener(server, options, handle, log, host, port);
    listener.drainSoon(); // what an earlier run accepted and did not hand on
    return listener;
  }

  /** Writes the message durably (temporary name, then rename) before it is acknowledged to the sender. */
  private spool(raw: Buffer, at: Date): void {
    const name = spoolName(at, raw);
    const temporary = path.join(this.options.spoolDir, `.${name}.part`);
    writeFileSync(temporary, raw, { flush: true });
    renameSync(temporary, path.join(this.options.spoolDir, name));
  }

  /** The messages accepted and not yet handled, oldest first. */
  pending(): string[] {
    return readdirSync(this.options.spoolDir)
      .filter((name) => /^\d{15}-[0-9a-f]{64}\.eml$/.test(name))
      .sort();
  }

  /**
   * Hands every spooled message on, oldest first. One that fails stays in the spool and is tried again later; the
   * others go on (one message that keeps failing never holds up the rest).
   */
  drain(): Promise<{ handled: number; failed: { name: string; error: Error }[] }> {
    this.draining ??= this.drainSpool().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainSpool(): Promise<{ handled: number; failed: { name: string; error: Error }[] }> {
    let handled = 0;
    const failed: { name: string; error: Error }[] = [];
    const tried = new Set<string>();
    for (;;) {
      const next = this.pending().find((name) => !tried.has(name));
      if (!next || this.stopped) return { handled, failed };
      tried.add(next);
      const file = path.join(this.options.spoolDir, next);
      try {
        await this.handle(readFileSync(file), timeOf(next));
        rmSync(file, { force: true });
        handled++;
      } catch (error) {
        failed.push({ name: next, error: error as Error });
      }
    }
  }

  private drainSoon(): void {
    if (this.stopped || this.draining) return; // a running drain picks up what arrives meanwhile
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.drain().then(({ handled, failed }) => {
      if (handled > 0) this.log(`inbound SMTP: ${handled} message${handled === 1 ? '' : 's'} taken in`);
      for (const f of failed)
        this.log(`inbound SMTP: taking in ${f.name} failed, trying again: ${f.error.message}`);
      if (this.stopped) return;
      if (this.pending().length > failed.length) this.drainSoon();
      else if (failed.length > 0)
        this.timer = setTimeout(() => this.drainSoon(), this.options.retryMs ?? 10_000).unref();
    });
  }

  /** Stops accepting; what is spooled stays for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.draining?.catch(() => undefined);
  }
}
