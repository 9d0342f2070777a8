/**
 * The real dependencies of the activities, from the environment: SMTP transport (SMTP_URL, or an embedded SMTP server
 * that keeps .eml files under the data folder), sender (MAIL_FROM), the compiled templates, the receipt key
 * (OCO_RECEIPT_KEY; data/receipt.key only for the local `npm start`), the website endpoint (PUBLISH_URL) and the
 * outbox journal of the messages sent (data/outbox.jsonl). Secrets stay here: none is logged (the SMTP address is
 * described without its password) and none goes into a Temporal payload.
 */
import nodemailer from 'nodemailer';
import type { ActivityDependencies } from '../activities';
import { SMTP_TIMEOUTS } from '../activities/email-options';
import { MailboxServer, mailboxDir } from '../mail/mailbox-server';
import { JsonLinesSentMailJournal, type SentMailJournal } from '../mail/outbox-journal';
import { localKeyFileAllowed, resolveReceiptKey } from '../mail/receipt-key';
import { TemplateStore } from '../mail/render';
import { redactUrl } from '../support/redact';

export interface WiredDependencies {
  activities: ActivityDependencies;
  /** Every message the mail server accepted, for the API's view of a provider's correspondence. */
  outbox: SentMailJournal;
  /** Where mail goes, for people, never with a password: "smtp://oco:***@mail:587" or "embedded SMTP server …". */
  mailDescription: string;
  close(): Promise<void>;
}

export async function wireDependencies(options: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Used when MAIL_FROM is not set. */
  defaultFrom: string;
  /**
   * The local `npm start`: an embedded SMTP server when SMTP_URL is not set, and a receipt key file under the data
   * folder when OCO_RECEIPT_KEY is not (unless NODE_ENV=production). Otherwise both must be set.
   */
  local: boolean;
}): Promise<WiredDependencies> {
  const env = options.env ?? process.env;
  // First, before anything starts: a production worker without its key does not start at all.
  const receiptKey = resolveReceiptKey({
    env,
    dataDir: options.dataDir,
    create: true,
    environmentOnly: !localKeyFileAllowed(env, options.local),
  });
  let mailbox: MailboxServer | undefined;
  let smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    if (!options.local)
      throw new Error('SMTP_URL is not set: give the SMTP server to send through, e.g. smtp://mailpit:1025');
    mailbox = await MailboxServer.start({ dir: mailboxDir(options.dataDir) });
    smtpUrl = mailbox.url;
  }
  // Options the URL sets itself (?pool=true) stand; the time-outs keep a send well inside its activity's minute.
  const transport = nodemailer.createTransport({ ...SMTP_TIMEOUTS, url: smtpUrl });
  const templates = await TemplateStore.load();
  const outbox = JsonLinesSentMailJournal.inDataDir(options.dataDir);
  return {
    outbox,
    activities: {
      email: {
        transport,
        templates,
        from: env.MAIL_FROM ?? options.defaultFrom,
        receiptKey,
        outbox,
      },
      website: { publishUrl: env.PUBLISH_URL },
    },
    mailDescription: mailbox
      ? `embedded SMTP server ${mailbox.url}, messages kept in ${mailboxDir(options.dataDir)} (oco mailbox)`
      : redactUrl(smtpUrl),
    async close() {
      transport.close();
      await mailbox?.stop();
    },
  };
}
