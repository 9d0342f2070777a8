/**
 * Sending e-mail from a workflow without waiting for it: each message is an activity (retried by Temporal while the
 * mail server is down, with the same Message-ID), numbered per kind so its Message-ID follows from the business
 * event. A notice to many providers is a mailing: one activity per batch of recipients, each recipient still getting
 * a message of its own. A permanent refusal has already been reported to the officer by the activity; the workflow
 * records it and goes on. Before a workflow ends it waits until the outbox is empty.
 */
import { ActivityFailure, ApplicationFailure, condition, log, proxyActivities } from '@temporalio/workflow';
import type { createEmailActivities, MailingInput, SendEmailInput } from '../activities/email';
import { EMAIL_ACTIVITY_OPTIONS, MAILING_ACTIVITY_OPTIONS } from '../activities/email-options';
import type { CycleConfig } from '../domain/config';
import type { ProviderRef } from '../domain/inputs';
import { titleOf } from '../domain/labels';
import type { CalendarContext } from '../mail/calendar';
import type { TemplateData, TemplateKind } from '../mail/catalog';

type EmailActivities = ReturnType<typeof createEmailActivities>;
const { sendEmail } = proxyActivities<EmailActivities>(EMAIL_ACTIVITY_OPTIONS);
const { sendMailing } = proxyActivities<EmailActivities>(MAILING_ACTIVITY_OPTIONS);

/** Recipients per mailing activity: its input (names and addresses) stays a modest payload in history. */
export const MAILING_BATCH = 500;

/** The fields every template shares but the recipient: what a mailing sends to everyone. */
export function noticeBase(config: CycleConfig) {
  return {
    wlzUitvoerder: { name: config.wlzUitvoerder.name, email: config.wlzUitvoerder.email },
    cycle: {
      id: config.id,
      title: titleOf(config),
      timezone: config.timezone,
    },
  };
}

/** The fields every template shares. */
export function mailBase(config: CycleConfig, recipientName: string) {
  return { ...noticeBase(config), recipient: { name: recipientName } };
}

/** The fields of a message to the Wlz-uitvoerder's procurement officers. */
export function officerMailBase(config: CycleConfig) {
  return mailBase(config, `Zorginkoop OCO ${config.wlzUitvoerder.name}`);
}

export function calendarOf(config: CycleConfig): CalendarContext {
  return {
    cycleId: config.id,
    cycleTitle: titleOf(config),
    timezone: config.timezone,
    organizer: { name: config.wlzUitvoerder.name, email: config.wlzUitvoerder.email },
  };
}

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? cause.message : String(error);
}

export class Outbox {
  private readonly counters = new Map<string, number>();
  private inflight = 0;
  readonly failures: string[] = [];

  /**
   * `about` names whom the messages concern: a provider id, or "officer". `counts` continues the numbering of a
   * workflow that continued as new, so no Message-ID is used twice.
   */
  constructor(
    private readonly about: string,
    counts: Record<string, number> = {},
  ) {
    for (const [kind, n] of Object.entries(counts)) this.counters.set(kind, n);
  }

  /** Messages of each kind so far, to carry over continue-as-new. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  send<K extends TemplateKind>(
    config: CycleConfig,
    kind: K,
    to: string,
    data: TemplateData<K>,
    inReplyTo?: string[],
  ): void {
    void this.deliver(config, kind, to, data, inReplyTo);
  }

  /**
   * Sends a message like send(), and tells when it went out: true once the mail server accepted it (retries
   * included), false if it was refused for good (recorded in failures, the officer told by the activity).
   */
  deliver<K extends TemplateKind>(
    config: CycleConfig,
    kind: K,
    to: string,
    data: TemplateData<K>,
    inReplyTo?: string[],
  ): Promise<boolean> {
    const sequence = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, sequence);
    const input: SendEmailInput<K> = {
      event: { cycleId: config.id, providerId: this.about, kind, sequence },
      to: [to],
      data,
      reportTo: config.wlzUitvoerder.email,
      calendar: calendarOf(config),
      ...(inReplyTo ? { inReplyTo } : {}),
    };
    const sending = sendEmail(input as SendEmailInput);
    this.watch(sending, `${kind} #${sequence} to ${to}`);
    return sending.then(
      () => true,
      () => false,
    );
  }

  /**
   * Sends a notice to each of `recipients`, in batches. `sequence` makes each message's Message-ID: the n-th notice
   * of this kind to that provider (1 for the publication, the amendment's number for a schedule amendment).
   */
  mailing<K extends TemplateKind>(
    config: CycleConfig,
    kind: K,
    sequence: number,
    recipients: readonly ProviderRef[],
    data: Omit<TemplateData<K>, 'recipient'>,
  ): void {
    for (let i = 0; i < recipients.length; i += MAILING_BATCH) {
      const batch = recipients.slice(i, i + MAILING_BATCH);
      const input: MailingInput<K> = {
        cycleId: config.id,
        kind,
        sequence,
        data,
        recipients: batch.map((p) => ({ providerId: p.id, name: p.name, email: p.email })),
        reportTo: config.wlzUitvoerder.email,
        calendar: calendarOf(config),
      };
      const label = `${kind} #${sequence} to ${batch.length} providers`;
      this.watch(
        sendMailing(input as MailingInput).then(({ refused }) => {
          for (const refusal of refused) this.failures.push(`${kind} #${sequence} to ${refusal}`);
        }),
        label,
      );
    }
  }

  /**
   * Keeps track of a side effect running in the background (a message, a mailing, a website notice): a failure is
   * recorded, and idle() waits for it.
   */
  watch(sending: Promise<unknown>, label: string): void {
    this.inflight++;
    sending
      .catch((error: unknown) => {
        const message = failureMessage(error);
        this.failures.push(`${label}: ${message}`);
        log.warn('message not delivered', { what: label, about: this.about, message });
      })
      .finally(() => {
        this.inflight--;
      });
  }

  isIdle(): boolean {
    return this.inflight === 0;
  }

  idle(): Promise<void> {
    return condition(() => this.inflight === 0);
  }
}
