/**
 * The mail reader as `npm start` runs it: the ledger and the attachment store under the data folder, the providers
 * of the cycles it serves, and, when OCO_IMAP_URL names the Wlz-uitvoerder's mailbox
 * (imap://user:password@host:143/INBOX, imaps:// for TLS), a poll every OCO_IMAP_POLL_SECONDS (default 10).
 */
import type { Client } from '@temporalio/client';
import { createEmailActivities, type EmailDependencies } from '../activities/email';
import type { AttachmentStore } from '../attachments/store';
import type { AttachmentLimits } from '../domain/attachment-limits';
import { ProviderDirectory } from './directory';
import { ImapReader, type ImapSettings } from './imap-reader';
import { InboundLedger } from './ledger';
import { acknowledgmentOf, takeIn } from './take-in';

export function imapSettingsOf(url: string): ImapSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `OCO_IMAP_URL: must be a URL such as imap://user:password@mail.example:143/INBOX, got ${url}`,
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

export function startInbound(options: {
  client: Client;
  dataDir: string;
  cycleIds: string[];
  email: EmailDependencies;
  store: AttachmentStore;
  limits: AttachmentLimits;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Inbound {
  const env = options.env ?? process.env;
  const ledger = InboundLedger.inDataDir(options.dataDir);
  const directory = new ProviderDirectory(options.client, options.cycleIds);
  if (!env.OCO_IMAP_URL)
    return {
      ledger,
      directory,
      description: 'not read: set OCO_IMAP_URL=imap://user:password@host:143/INBOX to read the mailbox',
      stop: async () => undefined,
    };
  const settings = imapSettingsOf(env.OCO_IMAP_URL);
  const email = createEmailActivities(options.email);
  const reader = new ImapReader(
    settings,
    ledger,
    (raw, at) =>
      takeIn(raw, at, {
        client: options.client,
        store: options.store,
        limits: options.limits,
        ledger,
        directory,
        acknowledge: async (ack) => {
          await email.sendEmail(acknowledgmentOf(ack));
        },
      }),
    options.log,
  );
  const seconds = Number(env.OCO_IMAP_POLL_SECONDS ?? 10);
  reader.start((Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000);
  return {
    ledger,
    directory,
    description: `${settings.secure ? 'imaps' : 'imap'}://${settings.user}@${settings.host}:${settings.port}/${settings.mailbox}, every ${seconds} s`,
    stop: () => reader.stop(),
  };
}
