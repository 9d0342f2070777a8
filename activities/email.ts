/**
 * Sending every message of the cycle: render the template (compiled once), attach the deadlines as .ics and a receipt
 * as signed JSON, and hand it to SMTP with a Message-ID derived from the business event.
 *
 * Failures: a temporary SMTP failure (4xx, connection refused, time-out) is thrown as a retryable error and Temporal's
 * retry policy tries again with backoff, with the same Message-ID. A permanent refusal of a recipient (5xx) is reported
 * to the officer by a deliveryFailed notice and fails the activity without retry. Bad template data is a bug, never
 * retried.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { type CalendarContext, deadlineCalendar } from '../mail/calendar';
import type { TemplateData, TemplateKind } from '../mail/catalog';
import { type BusinessEvent, domainOf, messageIdFor } from '../mail/message-id';
import type { SentMail, SentMailJournal } from '../mail/outbox-journal';
import type { ReceiptFacts, SignedReceipt } from '../mail/receipt';
import { signReceipt } from '../mail/receipt';
import { type RenderedMessage, TemplateDataError, type TemplateStore } from '../mail/render';
import { truncate } from '../support/text';
import { activityContext, whileBeating } from './email-heartbeat';
import { INVALID_MESSAGE, PERMANENT_DELIVERY_FAILURE } from './email-options';

export { EMAIL_ACTIVITY_OPTIONS } from './email-options';

export interface EmailDependencies {
  transport: Transporter<SMTPTransport.SentMessageInfo>;
  templates: TemplateStore;
  /** MAIL_FROM, e.g. "Zorginkoop OCO <oco@zilverenkruis.nl>". */
  from: string;
  receiptKey: Buffer;
  clock?: () => Date;
  /** Where each message the mail server accepted is recorded (the provider's thread); none: not recorded. */
  outbox?: SentMailJournal;
}

export interface SendEmailInput<K extends TemplateKind = TemplateKind> {
  event: BusinessEvent & { kind: K };
  to: string[];
  data: TemplateData<K>;
  /** Message-IDs of the provider's message this one answers (In-Reply-To / References). */
  inReplyTo?: string[];
  /** Where a permanent refusal is reported: the officer's address. */
  reportTo: string;
  /** For the .ics attachment. */
  calendar: CalendarContext;
}

/**
 * One notice to many providers (the publication, the NvI, a schedule amendment): every recipient gets a message of its
 * own, with the Message-ID of the event {cycle, that provider, kind, sequence}, exactly as if it had been sent alone.
 */
export interface MailingInput<K extends TemplateKind = TemplateKind> {
  cycleId: string;
  kind: K;
  /** The n-th notice of this kind to each of these recipients (1 for the publication). */
  sequence: number;
  /** What every message says; each recipient's name is filled in per message. */
  data: Omit<TemplateData<K>, 'recipient'>;
  recipients: { providerId: string; name: string; email: string }[];
  reportTo: string;
  calendar: CalendarContext;
}

export interface MailingResult {
  sent: number;
  /** Recipients the mail server refused permanently ("<address>: <reason>"); the officer has been told of each. */
  refused: string[];
}

/** Messages a mailing sends at once: also the most a worker that dies mid-mailing can make go out twice. */
export const MAILING_WINDOW = 8;

export interface SendEmailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** Set when some recipients refused and the officer could not be told. */
  unreported?: string;
}

interface SmtpError extends Error {
  responseCode?: number;
  code?: string;
  rejected?: string[];
}

/**
 * A message refused for good whose notice to the officer met a transient failure (the officer's mail server refusing
 * for now, or down): retried like any temporary failure, so the officer does hear of it. Nothing of the message was
 * delivered, so the retry delivers nothing twice: the refusing recipient refuses again, and the notice goes out. (When
 * some recipients accepted the message it is not retried, which would send it to them again: the refusal is recorded
 * with the notice's failure, as before.)
 */
function officerNotToldYet(what: string, why: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'TemporaryDeliveryFailure',
    message: `${what}; ${why}; trying again so that the officer is told`,
  });
}

/**
 * An SMTP failure that may pass: a 4xx reply, or no connection to the server. Not a 5xx, and not an error of our own
 * making (a message its template refuses), which would fail the same way on every retry.
 */
function isTransient(error: SmtpError): boolean {
  if (typeof error.responseCode === 'number') return error.responseCode >= 400 && error.responseCode < 500;
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'].includes(String((error as { code?: unknown }).code));
}

function isPermanent(error: SmtpError): boolean {
  return typeof error.responseCode === 'number' && error.responseCode >= 500 && error.responseCode < 600;
}

function recipientsOf(addresses: readonly (string | { address: string })[] | undefined): string[] {
  return (addresses ?? []).map((a) => (typeof a === 'string' ? a : a.address));
}

export function createEmailActivities(deps: EmailDependencies) {
  const domain = domainOf(deps.from);
  const clock = deps.clock ?? (() => new Date());

  function render<K extends TemplateKind>(kind: K, data: TemplateData<K>): RenderedMessage {
    try {
      return deps.templates.render(kind, data);
    } catch (error) {
      if (error instanceof TemplateDataError) {
        throw ApplicationFailure.create({
          type: INVALID_MESSAGE,
          message: error.message,
          nonRetryable: true,
        });
      }
      throw error;
    }
  }

  /** Hands one message to SMTP; `signal` aborts the exchange (the attempt was cancelled or timed out). */
  async function deliver(
    input: SendEmailInput,
    messageId: string,
    rendered: RenderedMessage,
    signal: AbortSignal | undefined,
    attachments = attachmentsOf(input, rendered),
  ) {
    return deps.transport.sendMail({
      from: deps.from,
      to: input.to,
      replyTo: input.calendar.organizer.email,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      date: clock(),
      inReplyTo: input.inReplyTo?.[input.inReplyTo.length - 1],
      references: input.inReplyTo,
      headers: { 'X-OCO-Cycle': input.event.cycleId, 'X-OCO-Kind': input.event.kind },
      attachments,
      signal,
    });
  }

  /** Records a message the mail server accepted; a journal that fails is logged, never thrown (the message went). */
  async function journal(entry: SentMail): Promise<void> {
    try {
      await deps.outbox?.record(entry);
    } catch (error) {
      warn(`outbox journal: ${entry.messageId} was sent but not recorded: ${(error as Error).message}`);
    }
  }

  /**
   * Tells the officer which recipients refused; returns why that failed too, if it did (never throws), and whether
   * that failure was temporary (the officer's mail server refusing for now, or down).
   */
  async function reportRefusal(
    input: SendEmailInput,
    messageId: string,
    subject: string,
    recipients: string[],
    reason: string,
    signal: AbortSignal | undefined,
  ): Promise<{ message: string; temporary: boolean } | undefined> {
    const data = input.data as {
      wlzUitvoerder: { name: string; email: string };
      cycle: { id: string; title: string; timezone: string };
    };
    for (const failedRecipient of recipients) {
      const notice: SendEmailInput<'deliveryFailed'> = {
        event: {
          ...input.event,
          kind: 'deliveryFailed',
          providerId: `${input.event.providerId}/${input.event.kind}/${failedRecipient}`,
        },
        to: [input.reportTo],
        data: {
          wlzUitvoerder: data.wlzUitvoerder,
          cycle: data.cycle,
          recipient: { name: `Zorginkoop OCO ${data.wlzUitvoerder.name}` },
          originalSubject: subject,
          failedRecipient,
          reason: truncate(reason, 2000),
          messageId,
          attemptedAt: clock().toISOString(),
        },
        reportTo: input.reportTo,
        calendar: input.calendar,
      };
      const noticeId = messageIdFor(notice.event, domain);
      try {
        await deliver(notice, noticeId, render('deliveryFailed', notice.data), signal);
      } catch (error) {
        return {
          message: `the officer (${input.reportTo}) could not be told either: ${(error as Error).message}`,
          temporary: isTransient(error as SmtpError),
        };
      }
    }
    return undefined;
  }

  /** Renders and sends one message; the same event always gives the same Message-ID. */
  async function sendOne(input: SendEmailInput, signal: AbortSignal | undefined): Promise<SendEmailResult> {
    const rendered = render(input.event.kind, input.data);
    const messageId = messageIdFor(input.event, domain);
    const attachments = attachmentsOf(input, rendered);
    let info: SMTPTransport.SentMessageInfo;
    try {
      info = await deliver(input, messageId, rendered, signal, attachments);
    } catch (error) {
      // An attempt that was cancelled or timed out ends as such, whatever the exchange it aborted said.
      signal?.throwIfAborted();
      const smtp = error as SmtpError;
      if (!isPermanent(smtp)) {
        throw ApplicationFailure.create({
          type: 'TemporaryDeliveryFailure',
          message: `sending ${messageId} failed, will retry: ${smtp.message}`,
        });
      }
      const refused = smtp.rejected && smtp.rejected.length > 0 ? smtp.rejected : input.to;
      const unreported = await reportRefusal(
        input,
        messageId,
        rendered.subject,
        refused,
        smtp.message,
        signal,
      );
      signal?.throwIfAborted();
      const what = `the mail server refused ${messageId} permanently (${smtp.responseCode}): ${smtp.message}`;
      if (unreported?.temporary) throw officerNotToldYet(what, unreported.message);
      throw ApplicationFailure.create({
        type: PERMANENT_DELIVERY_FAILURE,
        message: `${what}${unreported ? `; ${unreported.message}` : ''}`,
        nonRetryable: true,
        details: [{ messageId, refused, officerTold: !unreported }],
      });
    }
    const accepted = recipientsOf(info.accepted);
    if (accepted.length > 0)
      await journal({
        messageId,
        at: clock().toISOString(),
        to: accepted,
        subject: rendered.subject,
        kind: input.event.kind,
        cycleId: input.event.cycleId,
        providerId: input.event.providerId,
        sequence: input.event.sequence,
        files: attachments.map((a) => ({ name: a.filename, sha256: sha256(a.content) })),
        ...(input.inReplyTo?.length ? { inReplyTo: input.inReplyTo } : {}),
      });
    const rejected = recipientsOf(info.rejected);
    const unreported =
      rejected.length > 0
        ? await reportRefusal(
            input,
            messageId,
            rendered.subject,
            rejected,
            info.response ?? 'recipient refused',
            signal,
          )
        : undefined;
    return {
      messageId,
      accepted,
      rejected,
      ...(unreported ? { unreported: unreported.message } : {}),
    };
  }

  return {
    /** One message, the activity beating while it is delivered. */
    async sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
      return whileBeating(({ signal }) => sendOne(input, signal));
    },

    /**
     * Sends a notice to every recipient, MAILING_WINDOW at a time. Which messages went out is recorded as heartbeat
     * details after every window, so a retry sends only what has not gone out: after a mail server outage nothing
     * goes out twice; after a worker died, at most the window it was sending, with the same Message-IDs. A recipient
     * refused for now does not hold up the others (the attempt goes on, and fails at the end so Temporal retries
     * it); one refused permanently is reported to the officer and not tried again.
     */
    async sendMailing(input: MailingInput): Promise<MailingResult> {
      const resumed = activityContext()?.info.heartbeatDetails as MailingProgress | undefined;
      let progress: MailingProgress = {
        sent: resumed?.sent ?? 0,
        refused: [...(resumed?.refused ?? [])],
        ahead: [...(resumed?.ahead ?? [])],
      };
      return whileBeating(
        async ({ signal, beat }) => {
          let sent = progress.sent;
          const refused = [...progress.refused];
          const ahead = new Set(progress.ahead);
          let failure: unknown;
          // Every recipient is tried once per attempt: one that fails for now does not hold up the others.
          const pending = input.recipients.map((_, i) => i).filter((i) => i >= sent && !ahead.has(i));
          for (let w = 0; w < pending.length; w += MAILING_WINDOW) {
            // An attempt that was cancelled or timed out sends nothing more: its retry takes over from here.
            signal?.throwIfAborted();
            const indices = pending.slice(w, w + MAILING_WINDOW);
            const outcomes = await Promise.allSettled(
              indices.map((i) => sendOne(mailingMessage(input, i), signal)),
            );
            outcomes.forEach((outcome, k) => {
              const i = indices[k] as number;
              if (outcome.status === 'fulfilled') ahead.add(i);
              else if (isPermanentFailure(outcome.reason)) {
                refused.push(`${input.recipients[i]?.email}: ${(outcome.reason as Error).message}`);
                ahead.add(i);
              } else failure ??= outcome.reason;
            });
            while (ahead.delete(sent)) sent++;
            progress = { sent, refused: [...refused], ahead: [...ahead] };
            beat();
          }
          // A temporary failure (or a message that cannot be rendered): Temporal retries the ones not sent yet.
          if (failure !== undefined) throw failure;
          return { sent, refused };
        },
        () => progress,
      );
    },

    /** Seals the facts of an accepted input with the cycle's key. */
    async signReceipt(facts: ReceiptFacts): Promise<SignedReceipt> {
      return signReceipt(deps.receiptKey, facts);
    },
  };
}

/** How far a mailing got: the first `sent` recipients are done, and so are those in `ahead`. */
interface MailingProgress extends MailingResult {
  ahead: number[];
}

function mailingMessage(input: MailingInput, index: number): SendEmailInput {
  const recipient = input.recipients[index] as MailingInput['recipients'][number];
  return {
    event: {
      cycleId: input.cycleId,
      providerId: recipient.providerId,
      kind: input.kind,
      sequence: input.sequence,
    },
    to: [recipient.email],
    data: { ...input.data, recipient: { name: recipient.name } } as TemplateData<TemplateKind>,
    reportTo: input.reportTo,
    calendar: input.calendar,
  };
}

/** The attachments of a message: the deadlines it names as .ics, and the signed receipt it carries. */
function attachmentsOf(input: SendEmailInput, rendered: RenderedMessage) {
  const attachments: { filename: string; content: string; contentType: string }[] = [];
  if (rendered.deadlines.length > 0)
    attachments.push({
      filename: 'termijnen.ics',
      content: deadlineCalendar(input.calendar, rendered.deadlines),
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    });
  const receipt = (input.data as { receipt?: SignedReceipt }).receipt;
  if (receipt)
    attachments.push({
      filename: 'ontvangstbevestiging.json',
      content: `${JSON.stringify(receipt, null, 2)}\n`,
      contentType: 'application/json; charset=utf-8',
    });
  return attachments;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A warning in the activity's log, or on standard error outside an activity (a test calling it directly). */
function warn(message: string): void {
  const context = activityContext();
  if (context) context.log.warn(message);
  else console.error(message);
}

function isPermanentFailure(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === PERMANENT_DELIVERY_FAILURE;
}
