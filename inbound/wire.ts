/**
 * Inbound mail as `npm start` runs it: the ledger and the attachment store under the data folder, the providers of
 * the cycles it serves, and one of two ways in:
 * - OCO_IMAP_URL names the Wlz-uitvoerder's mailbox (imap://user:password@host:143/INBOX, imaps:// for TLS): read
 *   every OCO_IMAP_POLL_SECONDS (default 10);
 * - otherwise our own SMTP listener receives the mail for the cycles' addresses (port `inboundPort`, default 2525;
 *   point the domain's MX or a forwarding rule at it), with a spool under data/inbound/spool.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createEmailActivities, type EmailDependencies } from '../activities/email';
import type { AttachmentStore } from '../attachments/store';
import type { AttachmentLimits } from '../domain/attachment-limits';
import { redactUrl } from '../support/redact';
import { ProviderDirectory } from './directory';
import { ImapReader, type ImapSettings } from './imap-reader';
import { InboundLedger } from './ledger';
import { SmtpListener } from './smtp-listener';
import { acknowledgmentOf, takeIn } from './take-in';

export function imapSettingsOf(url: string): ImapSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `OCO_IMAP_URL: must be a URL such as imap://user:password@mail.example:143/INBOX, got ${redactUrl(url)}`,
    );
  }
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:')
    throw new Error(`OCO_IMAP_URL: must start with imap:// or imaps://, got ${parsed.protocol}//`);
  if (!parsed.username)
    throw new Error('OCO_IMAP_URL: must name the mailbox user (imap://user:password@host)');
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

export interface Inbound {
  ledger: InboundLedger;
  directory: ProviderDirectory;
  description: string;
  stop(): Promise<void>;
}

export async function startInbound(options: {
  client: Client;
  dataDir: string;
  cycleIds: string[];
  email: EmailDependencies;
  store: AttachmentStore;
  limits: AttachmentLimits;
  /** The Wlz-uitvoerders' addresses our own SMTP listener receives for, when no IMAP mailbox is named. */
  mailboxes: string[];
  /** Where that listener listens. */
  inboundHost?: string;
  inboundPort?: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<Inbound> {
  const env = options.env ?? process.env;
  const ledger = InboundLedger.inDataDir(options.dataDir);
  const directory = new ProviderDirectory(options.client, options.cycleIds);
  const email = createEmailActivities(options.email);
  const handle = (raw: Buffer, at: Date) =>
    takeIn(raw, at, {
      client: options.client,
      store: options.store,
      limits: options.limits,
      ledger,
      directory,
      acknowledge: async (ack) => {
        await email.sendEmail(acknowledgmentOf(ack));
      },
    });
  if (!env.OCO_IMAP_URL) {
    const listener = await SmtpListener.start(
      {
        spoolDir: path.join(options.dataDir, 'inbound', 'spool'),
        host: options.inboundHost ?? '127.0.0.1',
        port: options.inboundPort ?? 2525,
        // The whole message, with its attachments' base64 overhead (4/3) and the headers.
        maxBytes: Math.ceil(options.limits.maxMessageBytes * 1.4) + 1024 * 1024,
        recipients: options.mailboxes,
      },
      handle,
      options.log,
    );
    return {
      ledger,
      directory,
      description: `SMTP listener ${listener.url} for ${options.mailboxes.join(', ')} (set OCO_IMAP_URL to read a mailbox instead)`,
      stop: () => listener.stop(),
    };
  }
  const settings = imapSettingsOf(env.OCO_IMAP_URL);
  const reader = new ImapReader(settings, ledger, handle, options.log);
  const seconds = Number(env.OCO_IMAP_POLL_SECONDS ?? 10);
  reader.start((Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000);
  return {
    ledger,
    directory,
    description: `${settings.secure ? 'imaps' : 'imap'}://${settings.user}@${settings.host}:${settings.port}/${settings.mailbox}, every ${seconds} s`,
    stop: () => reader.stop(),
  };
}
