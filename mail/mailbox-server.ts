/**
 * A real SMTP server in this process (smtp-server) that keeps every message it accepts: on disk as .eml files for
 * `npm start` without SMTP_URL (read them with `oco mailbox`), in memory for tests. Tests can make it refuse a
 * recipient or a message with a given SMTP reply, to exercise temporary and permanent failures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { listenSmtp, smtpError } from './smtp-listen';

export interface ReceivedMail {
  /** 1, 2, ... in order of arrival. */
  number: number;
  receivedAt: Date;
  from: string;
  to: string[];
  raw: Buffer;
  file?: string;
}

/** An SMTP refusal: responseCode 4xx is temporary, 5xx permanent. */
export interface SmtpRefusal {
  responseCode: number;
  message: string;
}

export interface MailboxServerOptions {
  /** Folder for .eml files; without it messages are kept only in memory. */
  dir?: string;
  host?: string;
  port?: number;
  /** Refuse a recipient (RCPT TO) with this reply, or accept it (undefined). */
  refuseRecipient?: (address: string) => SmtpRefusal | undefined;
  /** Refuse a whole message after its data arrived (the sender saw it all), or accept it. */
  refuseMessage?: (raw: Buffer, attempt: number) => SmtpRefusal | undefined;
  /**
   * Runs after a message was kept and before the sender hears it was accepted: a reliability test kills the sending
   * worker here, the window in which a message was delivered but its activity never completed.
   */
  beforeAcknowledge?: (mail: ReceivedMail) => Promise<void>;
}

/** Where `npm start` keeps the messages of its embedded SMTP server. */
export function mailboxDir(dataDir: string): string {
  return path.join(dataDir, 'mailbox');
}

const refusal = (r: SmtpRefusal) => smtpError(r.responseCode, r.message);

export class MailboxServer {
  readonly received: ReceivedMail[] = [];
  /** Every message whose data arrived, accepted or refused, in order: what a retrying sender actually sent. */
  readonly attempts: Buffer[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly host: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `smtp://${this.host}:${this.port}`;
  }

  static async start(options: MailboxServerOptions = {}): Promise<MailboxServer> {
    const host = options.host ?? '127.0.0.1';
    if (options.dir) mkdirSync(options.dir, { recursive: true });
    let box: MailboxServer | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 50 * 1024 * 1024,
      onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error) => void) {
        const refused = options.refuseRecipient?.(address.address);
        callback(refused ? refusal(refused) : undefined);
      },
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error) => void) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          if (!box) return callback(new Error('mailbox not ready'));
          box.attempts.push(raw);
          const refused = options.refuseMessage?.(raw, box.attempts.length);
          if (refused) return callback(refusal(refused));
          const mail = box.keep(raw, session, options.dir);
          if (!options.beforeAcknowledge) return callback();
          options.beforeAcknowledge(mail).then(
            () => callback(),
            (error: Error) => callback(error),
          );
        });
      },
    });
    const port = await listenSmtp(server, host, options.port);
    box = new MailboxServer(server, host, port);
    return box;
  }

  private keep(raw: Buffer, session: SMTPServerSession, dir: string | undefined): ReceivedMail {
    const number = this.received.length + 1;
    const receivedAt = new Date();
    const mail: ReceivedMail = {
      number,
      receivedAt,
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
      raw,
    };
    if (dir) {
      mail.file = path.join(
        dir,
        `${receivedAt.toISOString().replace(/[:.]/g, '-')}-${String(number).padStart(5, '0')}.eml`,
      );
      writeFileSync(mail.file, raw);
    }
    this.received.push(mail);
    return mail;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
