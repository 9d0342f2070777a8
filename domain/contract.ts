/**
 * The contract a selected provider receives at `schedule.contractDispatch`, its signed return, the reminders until it
 * is signed, and the escalation of an unsigned contract before `contract.start`. Pure.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CycleConfig } from './config';
import { receivedAtSchema } from './inputs';
import { startOfLocalDate } from './local-time';
import { EvidenceFileSchema } from './objection';

export const ContractSignatureInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  /** Who records the signed return: the provider itself, or the officer who received it. */
  by: z.enum(['provider', 'officer'], { message: 'must be provider or officer' }),
  /** Who signed for the provider. */
  signer: z.string().trim().min(1, 'must not be empty').max(300).optional(),
  /** The signed document. */
  file: EvidenceFileSchema.optional(),
});
export type ContractSignatureInput = z.output<typeof ContractSignatureInputSchema>;

/** What the provider's workflow keeps of its contract. */
export interface ContractRecord {
  regions: { name: string; ceiling: number | null }[];
  hourlyRate: number;
  provisional: boolean;
  /** contract.start, local YYYY-MM-DD, and the number of years. */
  start: string;
  years: number;
  /** First instant at which an unsigned contract escalates to the officer (ISO-8601 UTC). */
  signBefore: string;
  /** When the contract message went out; null while it is being sent. */
  sentAt: string | null;
  signedAt: string | null;
  signedBy: 'provider' | 'officer' | null;
  signer: string | null;
  receiptCode: string | null;
  /** When each reminder went out. */
  reminders: string[];
}

/** The instant an unsigned contract escalates: `contract.escalationDaysBefore` calendar days before the start. */
export function escalationInstant(config: CycleConfig): number {
  return startOfLocalDate(config.contract.start, config.timezone)
    .minus({ days: config.contract.escalationDaysBefore })
    .toMillis();
}

/** Reminders every `contract.signReminderDays` calendar days after the dispatch, at the same local time, before the start. */
export function contractReminderTimes(config: CycleConfig, sentAtMs: number): number[] {
  const start = startOfLocalDate(config.contract.start, config.timezone).toMillis();
  const sent = DateTime.fromMillis(sentAtMs, { zone: config.timezone });
  const times: number[] = [];
  for (let k = 1; ; k++) {
    const at = sent.plus({ days: k * config.contract.signReminderDays }).toMillis();
    if (at >= start) break;
    times.push(at);
  }
  return times;
}

export function refuseSignature(
  config: CycleConfig,
  contract: ContractRecord | null,
  stampMs: number,
): string | null {
  if (!contract) return 'no contract has been sent to this provider: only selected providers receive one';
  if (contract.signedAt) return `the contract was already signed, at ${contract.signedAt}`;
  const start = startOfLocalDate(config.contract.start, config.timezone).toMillis();
  if (stampMs >= start)
    return `the contract period started on ${config.contract.start}; a contract unsigned by then was escalated to the officer`;
  return null;
}
