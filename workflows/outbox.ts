/**
 * Sending e-mail from a workflow without waiting for it: each message is an activity (retried by Temporal while the
 * mail server is down, with the same Message-ID), numbered per kind so its Message-ID follows from the business
 * event. A permanent refusal has already been reported to the officer by the activity; the workflow records it and
 * goes on. Before a workflow ends it waits until the outbox is empty.
 */
import { ActivityFailure, ApplicationFailure, condition, log, proxyActivities } from '@temporalio/workflow';
import type { createEmailActivities, SendEmailInput } from '../activities/email';
import { EMAIL_ACTIVITY_OPTIONS } from '../activities/email-options';
import type { CycleConfig } from '../domain/config';
import { titleOf } from '../domain/labels';
import type { TemplateData, TemplateKind } from '../mail/catalog';

const { sendEmail } = proxyActivities<ReturnType<typeof createEmailActivities>>(EMAIL_ACTIVITY_OPTIONS);

/** The fields every template shares. */
export function mailBase(config: CycleConfig, recipientName: string) {
  return {
    wlzUitvoerder: { name: config.wlzUitvoerder.name, email: config.wlzUitvoerder.email },
    cycle: {
      id: config.id,
      title: titleOf(config),
      timezone: config.timezone,
    },
    recipient: { name: recipientName },
  };
}

export class Outbox {
  private readonly counters = new Map<string, number>();
  private inflight = 0;
  readonly failures: string[] = [];

  /** `about` names whom the messages concern: a provider id, or "officer". */
  constructor(private readonly about: string) {}

  send<K extends TemplateKind>(
    config: CycleConfig,
    kind: K,
    to: string,
    data: TemplateData<K>,
    inReplyTo?: string[],
  ): void {
    const sequence = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, sequence);
    const input: SendEmailInput<K> = {
      event: { cycleId: config.id, providerId: this.about, kind, sequence },
      to: [to],
      data,
      reportTo: config.wlzUitvoerder.email,
      calendar: {
        cycleId: config.id,
        cycleTitle: titleOf(config),
        timezone: config.timezone,
        organizer: { name: config.wlzUitvoerder.name, email: config.wlzUitvoerder.email },
      },
      ...(inReplyTo ? { inReplyTo } : {}),
    };
    this.inflight++;
    sendEmail(input as SendEmailInput)
      .catch((error: unknown) => {
        const cause = error instanceof ActivityFailure ? error.cause : error;
        const message = cause instanceof ApplicationFailure ? cause.message : String(error);
        this.failures.push(`${kind} #${sequence} to ${to}: ${message}`);
        log.warn('message not delivered', { kind, sequence, about: this.about, message });
      })
      .finally(() => {
        this.inflight--;
      });
  }

  /** How many messages of a kind were sent (or are being sent). */
  count(kind: TemplateKind): number {
    return this.counters.get(kind) ?? 0;
  }

  idle(): Promise<void> {
    return condition(() => this.inflight === 0);
  }
}
