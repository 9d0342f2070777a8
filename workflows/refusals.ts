/**
 * How an Update validator says no, as ApplicationFailure types the client tells apart:
 * - INVALID_INPUT: the input is malformed; `details[0]` lists every problem with its field path.
 * - INPUT_REFUSED: well-formed, but the procedure does not allow it now (too late, unknown region, nothing to
 *   withdraw); the message states the rule.
 * Either way the input never enters the workflow's history.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { parseInput } from '../domain/inputs';
import {
  checkReceiptStamp,
  DEFAULT_STAMP_LIMITS,
  MAILBOX_STAMP_LIMITS,
  type StampLimits,
} from '../domain/receipt-time';
import { formatProblem } from '../domain/validation';

export const INVALID_INPUT = 'InvalidInput';
export const INPUT_REFUSED = 'InputRefused';

/** Throws INPUT_REFUSED with the rule, if there is one. */
export function refuse(rule: string | null): void {
  if (rule) throw ApplicationFailure.create({ type: INPUT_REFUSED, message: rule, nonRetryable: true });
}

/** Checks an input's shape (throws INVALID_INPUT with every problem) and returns the parsed value. */
export function parsed<T>(schema: Parameters<typeof parseInput>[0], input: unknown): T {
  const result = parseInput(schema, input);
  if (!result.ok)
    throw ApplicationFailure.create({
      type: INVALID_INPUT,
      message: result.problems.map(formatProblem).join('; '),
      details: [result.problems],
      nonRetryable: true,
    });
  return result.value as T;
}

/**
 * Checks shape and the receipt stamp against the workflow clock; returns the value and the stamp in epoch ms. An
 * input that came by e-mail (`via: 'mailbox'`) is checked against the mailbox's window instead.
 */
export function accept<T extends { receivedAt: string }>(
  schema: Parameters<typeof parseInput>[0],
  input: unknown,
  limits: StampLimits = DEFAULT_STAMP_LIMITS,
): { value: T; stampMs: number } {
  const value = parsed<T>(schema, input);
  const stampMs = Date.parse(value.receivedAt);
  const window = (value as { via?: string }).via === 'mailbox' ? MAILBOX_STAMP_LIMITS : limits;
  const stamp = checkReceiptStamp(stampMs, Date.now(), window);
  if (!stamp.ok) refuse(stamp.rule);
  return { value, stampMs };
}
