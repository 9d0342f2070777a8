/**
 * The receipt time of an input is when the system accepted it, stamped by the receiving side (API, mail reader) with
 * the trusted clock, not when a workflow got round to it: a worker backlog at 16:59 must not turn an on-time
 * submission late. The workflow checks the stamp against its own clock and refuses one from the future (beyond a
 * small clock skew) or from too long ago (a stamp that old was not made on receipt).
 */
export interface StampLimits {
  /** How far a stamp may lie ahead of the workflow clock (clock skew between machines). */
  maxAheadMs: number;
  /** How far a stamp may lie behind the workflow clock (the longest backlog tolerated). */
  maxBehindMs: number;
}

export const DEFAULT_STAMP_LIMITS: StampLimits = { maxAheadMs: 5_000, maxBehindMs: 60 * 60_000 };

/**
 * For decisions one workflow passes to another (a transfer the coordinator approved): the stamp is the decision's
 * instant, and an activity retried hours later still carries it, so only a stamp from the future is refused.
 */
export const DECISION_STAMP_LIMITS: StampLimits = {
  maxAheadMs: 5_000,
  maxBehindMs: Number.POSITIVE_INFINITY,
};

/**
 * For an e-mail (input `via: 'mailbox'`): the stamp is the mail server's internal date, kept in the inbound ledger.
 * The message is legally received then, however late we read or route it: a reader down over a long weekend, or an
 * officer routing a triage item weeks later, must still get that time. Another machine's clock, so a minute of skew.
 */
export const MAILBOX_STAMP_LIMITS: StampLimits = {
  maxAheadMs: 60_000,
  maxBehindMs: 60 * 24 * 60 * 60_000,
};

export type StampCheck = { ok: true } | { ok: false; rule: string };

function duration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms >= 2 * 24 * 60 * 60_000) return `${Math.round(ms / (24 * 60 * 60_000))} days`;
  return `${Math.round(ms / 60_000)} min`;
}

export function checkReceiptStamp(
  stampMs: number,
  nowMs: number,
  limits: StampLimits = DEFAULT_STAMP_LIMITS,
): StampCheck {
  if (!Number.isFinite(stampMs)) return { ok: false, rule: 'receivedAt must be an instant' };
  const ahead = stampMs - nowMs;
  if (ahead > limits.maxAheadMs) {
    return {
      ok: false,
      rule: `receivedAt lies ${duration(ahead)} ahead of the system clock (at most ${duration(limits.maxAheadMs)} allowed): a receipt time cannot be in the future`,
    };
  }
  if (-ahead > limits.maxBehindMs) {
    return {
      ok: false,
      rule: `receivedAt lies ${duration(-ahead)} behind the system clock (at most ${duration(limits.maxBehindMs)} allowed): stamp inputs when they are received`,
    };
  }
  return { ok: true };
}
