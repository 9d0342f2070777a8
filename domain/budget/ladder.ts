/**
 * The budget-overrun escalation ladder for one provider, region and contract year (000:L707-735; DOMAIN.md 6):
 *
 *   none -> maatwerk -> overheveling -> vws -> referral
 *
 * A case opens when the provider reports a threatened overrun or the system sees one. Each step has its deadline and
 * its recorded outcome; a step closes the case when it brings the projection within the ceiling, and any step can be
 * closed early when the threat disappears. Every transition keeps who decided, when and why. The referral ends when
 * the ceiling is raised above the projection or the year ends. Pure: the contract-period workflow keeps the cases.
 */
import { DateTime } from 'luxon';

export const LADDER_STEPS = ['none', 'maatwerk', 'overheveling', 'vws', 'referral'] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

export const STEP_LABELS_NL: Record<LadderStep, string> = {
  none: 'geen',
  maatwerk: 'maatwerkoplossingen',
  overheveling: 'overheveling van budget',
  vws: 'overleg met VWS',
  referral: 'verwijzing van nieuwe cliënten naar het zorgkantoor',
};

export interface LadderTerms {
  /** Days the officer has to record custom agreements (or none). */
  maatwerkDays: number;
  /** Days the officer has to decide on a transfer. */
  overhevelingDays: number;
  /** While the consultation with VWS is open, the officer is reminded every this many days. */
  vwsReminderDays: number;
}

export const DEFAULT_LADDER_TERMS: LadderTerms = {
  maatwerkDays: 14,
  overhevelingDays: 14,
  vwsReminderDays: 14,
};

export interface Transition {
  from: LadderStep;
  to: LadderStep;
  at: string;
  /** 'system', 'provider', or the officer's name. */
  by: string;
  reason: string;
}

export interface OverrunCase {
  number: number;
  region: string;
  year: number;
  trigger: 'provider' | 'system';
  openedAt: string;
  step: LadderStep;
  /** When the current step's outcome is due; null for referral and closed cases. */
  stepDeadline: string | null;
  closedAt: string | null;
  transitions: Transition[];
  maatwerk: { agreements: string | null; projectedCents: number; recordedAt: string; by: string } | null;
  transfers: { amountCents: number; counterpart: string; approvedAt: string; by: string; reason: string }[];
  vws: {
    requestedAt: string;
    by: string;
    outcome: { granted: boolean; amountCents: number; recordedAt: string; by: string } | null;
  } | null;
  /** The instant the referral ends at the latest: the end of the contract year. */
  referralEndsAt: string | null;
}

export interface Decision {
  at: number;
  by: string;
  reason: string;
}

export function stepDeadline(
  step: LadderStep,
  atMs: number,
  terms: LadderTerms,
  timezone: string,
): string | null {
  const days =
    step === 'maatwerk' ? terms.maatwerkDays : step === 'overheveling' ? terms.overhevelingDays : null;
  if (days === null) return null;
  return DateTime.fromMillis(atMs, { zone: timezone }).plus({ days }).toUTC().toISO() as string;
}

export function openCase(input: {
  number: number;
  region: string;
  year: number;
  trigger: 'provider' | 'system';
  decision: Decision;
  terms: LadderTerms;
  timezone: string;
}): OverrunCase {
  const at = iso(input.decision.at);
  return {
    number: input.number,
    region: input.region,
    year: input.year,
    trigger: input.trigger,
    openedAt: at,
    step: 'maatwerk',
    stepDeadline: stepDeadline('maatwerk', input.decision.at, input.terms, input.timezone),
    closedAt: null,
    transitions: [{ from: 'none', to: 'maatwerk', at, by: input.decision.by, reason: input.decision.reason }],
    maatwerk: null,
    transfers: [],
    vws: null,
    referralEndsAt: null,
  };
}

/** Moves a case to a step (or closes it with 'none'), recording the transition. */
export function moveTo(
  c: OverrunCase,
  to: LadderStep,
  decision: Decision,
  terms: LadderTerms,
  timezone: string,
): Transition {
  const transition: Transition = {
    from: c.step,
    to,
    at: iso(decision.at),
    by: decision.by,
    reason: decision.reason,
  };
  c.transitions.push(transition);
  c.step = to;
  c.stepDeadline = stepDeadline(to, decision.at, terms, timezone);
  if (to === 'none') c.closedAt = transition.at;
  return transition;
}

export const isOpen = (c: OverrunCase): boolean => c.step !== 'none';

/** The refusal for an input that needs the case at `step`. */
export function refuseUnlessAt(c: OverrunCase | undefined, step: LadderStep, what: string): string | null {
  if (!c || !isOpen(c)) return `${what}: there is no open overrun case for this region and year`;
  if (c.step !== step)
    return `${what}: the case is at ${c.step} (${STEP_LABELS_NL[c.step]}), not at ${step} (${STEP_LABELS_NL[step]})`;
  return null;
}

/**
 * The step after an outcome that left the projection above the ceiling; the case closes when the outcome brought it
 * within. Maatwerk leads to overheveling, overheveling to VWS, and VWS without enough funds to the referral.
 */
export function nextStep(c: OverrunCase, withinCeiling: boolean): LadderStep {
  if (withinCeiling) return 'none';
  if (c.step === 'maatwerk') return 'overheveling';
  if (c.step === 'overheveling') return 'vws';
  if (c.step === 'vws') return 'referral';
  return c.step;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
