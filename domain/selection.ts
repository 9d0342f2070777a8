/**
 * Selection per region: rank the suitable providers on the selection criteria in the 2024-2025 policy's order of
 * importance, propose at most `maxProviders`, and check the officer's decision.
 *
 * Order of importance (000:L975-989): (1) experience, (a) a Wlz contract in the previous period, (b) a Wmo contract
 * in the region, (c) other demonstrable experience; (2) expertise matching the region's needs; (3) filling a gap in
 * the regional offer; then branch membership (a 2027-2028 criterion, 004:L233), last. Providers are compared on these
 * facts in that order, the first difference decides. Providers equal on every fact share a rank; when such a group
 * straddles the cut-off the tie is surfaced and the open places are left to the officer, who must give a reason
 * (2027-2028: "integrale afweging"). Nothing is ever broken by name, order of arrival or chance.
 */
import { z } from 'zod';
import { type AssessmentRecord, isSuitable, SELECTION_FACTS, type SelectionFact } from './assessment';
import type { CycleConfig } from './config';
import { receivedAtSchema } from './inputs';
import { scheduleInstant } from './timeline';

/** The facts in order of importance, most important first. */
export const RANKING_ORDER: readonly SelectionFact[] = SELECTION_FACTS;

/** One applicant for a region, as the assessment overview sees it. */
export interface Candidate {
  providerId: string;
  name: string;
  /** Whether the submission that counts was received in time; a late one is kept but not assessed. */
  onTime: boolean;
  /** What the submission lacks (the receipt's list); the assessment decides whether it matters. */
  missing: string[];
  assessment: AssessmentRecord | null;
}

export interface RankedCandidate extends Candidate {
  suitable: boolean;
  /** 1 for the best; equal facts, equal rank; null for the unsuitable, late and not assessed. */
  rank: number | null;
}

export interface RegionProposal {
  region: string;
  maxProviders: number;
  /** Every applicant: ranked suitable ones first, then the rest. */
  candidates: RankedCandidate[];
  /** Proposed for selection, best first; with a tie at the cut-off, only those ranked above the tie. */
  proposed: string[];
  /** A group of equally ranked providers straddling the cut-off, for `places` places; null without a tie. */
  tie: { rank: number; providers: string[]; places: number } | null;
  /** Applicants on time whose assessment has not been recorded: the region cannot be decided yet. */
  notAssessed: string[];
  /** Identifies the assessments the proposal rests on: a decision on another basis is stale. */
  basis: string;
}

function facts(c: Candidate): boolean[] {
  const selection = c.assessment?.selection;
  return RANKING_ORDER.map((f) => selection?.[f] === true);
}

/** Negative when a ranks above b. */
function compare(a: Candidate, b: Candidate): number {
  const fa = facts(a);
  const fb = facts(b);
  for (let i = 0; i < fa.length; i++) if (fa[i] !== fb[i]) return fa[i] ? -1 : 1;
  return 0;
}

/** The basis of a region's proposal: which assessment version of which applicant. */
export function basisOf(candidates: readonly Candidate[]): string {
  return candidates
    .filter((c) => c.onTime)
    .map((c) => `${c.providerId}@${c.assessment?.version ?? 0}`)
    .sort()
    .join(',');
}

export function rankRegion(
  region: string,
  maxProviders: number,
  candidates: readonly Candidate[],
): RegionProposal {
  const suitable = candidates
    .filter((c) => c.onTime && c.assessment && isSuitable(c.assessment))
    .sort((a, b) => compare(a, b) || a.providerId.localeCompare(b.providerId));
  const ranked: RankedCandidate[] = [];
  suitable.forEach((c, i) => {
    const previous = ranked[i - 1];
    const rank =
      previous && compare(suitable[i - 1] as Candidate, c) === 0 ? (previous.rank as number) : i + 1;
    ranked.push({ ...c, suitable: true, rank });
  });
  const rest = candidates
    .filter((c) => !suitable.includes(c))
    .map((c) => ({ ...c, suitable: false, rank: null }))
    .sort((a, b) => Number(b.onTime) - Number(a.onTime) || a.providerId.localeCompare(b.providerId));

  let proposed = ranked.slice(0, maxProviders);
  let tie: RegionProposal['tie'] = null;
  const last = ranked[maxProviders - 1];
  const first = ranked[maxProviders];
  if (last && first && last.rank === first.rank) {
    const group = ranked.filter((c) => c.rank === last.rank);
    proposed = ranked.filter((c) => (c.rank as number) < (last.rank as number));
    tie = {
      rank: last.rank as number,
      providers: group.map((c) => c.providerId),
      places: maxProviders - proposed.length,
    };
  }
  return {
    region,
    maxProviders,
    candidates: [...ranked, ...rest],
    proposed: proposed.map((c) => c.providerId),
    tie,
    notAssessed: candidates.filter((c) => c.onTime && !c.assessment).map((c) => c.providerId),
    basis: basisOf(candidates),
  };
}

const providerId = z.string().min(1, 'must name a provider id');

/** The officer's decision for one region: confirm the proposal, or override it with a written reason. */
export const SelectionDecisionInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region: z.string().trim().min(1, 'must name a region'),
  selected: z
    .array(providerId)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a provider twice'),
  /** Required when the decision differs from the proposal, when there is a tie, and after the announcement. */
  reason: z.string().trim().max(5_000, 'must be at most 5000 characters').optional(),
  /**
   * How the region's budget is split over the selected providers, as weights (expected clients or hours):
   * { "provider-id": 120, ... }. Absent: equal shares.
   */
  allocation: z
    .record(
      providerId,
      z.number().positive('must be a positive weight').refine(Number.isFinite, 'must be finite'),
    )
    .optional(),
  /** The proposal the decision was made on, as the assessment overview gave it. */
  proposal: z.strictObject({
    proposed: z.array(providerId),
    suitable: z.array(providerId),
    tie: z.array(providerId).nullable(),
    notAssessed: z.array(providerId),
    basis: z.string(),
  }),
});
export type SelectionDecisionInput = z.output<typeof SelectionDecisionInputSchema>;

export interface SelectionDecision {
  region: string;
  /** 1, 2, ... per region; a later one (after an upheld objection) replaces the earlier. */
  number: number;
  selected: string[];
  proposed: string[];
  override: boolean;
  reason: string | null;
  /** Yearly provisional ceiling per selected provider in euros; null when the region has no budget configured. */
  ceilings: Record<string, number> | null;
  decidedAt: string;
  basis: string;
}

/** What providers' workflows need of a decision to compose their outcome: no basis, no proposal. */
export type AnnouncedDecision = Pick<
  SelectionDecision,
  'region' | 'number' | 'selected' | 'reason' | 'ceilings'
>;

export function announcedDecision(d: SelectionDecision): AnnouncedDecision {
  return { region: d.region, number: d.number, selected: d.selected, reason: d.reason, ceilings: d.ceilings };
}

/** At least this much text makes a reason (a written motivation, not "ok"). */
export const MIN_REASON_LENGTH = 10;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

export function refuseDecision(
  config: CycleConfig,
  input: SelectionDecisionInput,
  stampMs: number,
  announced: boolean,
): string | null {
  const region = config.regions.find((r) => r.name === input.region);
  if (!region)
    return `region: ${JSON.stringify(input.region)} is not a region of this cycle; its regions are ${config.regions
      .map((r) => r.name)
      .join(', ')}`;
  const start = scheduleInstant(config, 'assessmentStart').toMillis();
  if (stampMs < start) return 'the assessment has not started yet (schedule.assessmentStart)';
  const dispatch = scheduleInstant(config, 'contractDispatch').toMillis();
  if (stampMs >= dispatch)
    return 'the contracts have been dispatched (schedule.contractDispatch); the selection can no longer change';
  const { proposal } = input;
  if (proposal.notAssessed.length > 0)
    return `the region cannot be decided before every applicant is assessed; not assessed: ${proposal.notAssessed.join(', ')}`;
  if (input.selected.length > region.maxProviders)
    return `selected: at most ${region.maxProviders} providers in ${region.name} (regions[].maxProviders), got ${input.selected.length}`;
  const unsuitable = input.selected.filter((id) => !proposal.suitable.includes(id));
  if (unsuitable.length > 0)
    return `selected: ${unsuitable.join(', ')} ${unsuitable.length === 1 ? 'does' : 'do'} not meet every suitability requirement (or ${unsuitable.length === 1 ? 'was' : 'were'} not assessed in time); only suitable providers can be selected`;
  const reasonGiven = (input.reason ?? '').length >= MIN_REASON_LENGTH;
  const deviates = !sameSet(input.selected, proposal.proposed);
  if (proposal.tie && !reasonGiven)
    return `reason: ${proposal.tie.join(', ')} are equal on every selection criterion at the cut-off; the officer decides and states why (at least ${MIN_REASON_LENGTH} characters)`;
  if (deviates && !reasonGiven)
    return `reason: the selection differs from the proposal (${proposal.proposed.join(', ') || 'nobody'}); an override needs a written reason (at least ${MIN_REASON_LENGTH} characters)`;
  if (announced && !reasonGiven)
    return `reason: the outcome has been announced; a new decision (after an objection) needs a written reason (at least ${MIN_REASON_LENGTH} characters)`;
  if (input.allocation) {
    const keys = Object.keys(input.allocation);
    const extra = keys.filter((id) => !input.selected.includes(id));
    const missing = input.selected.filter((id) => !keys.includes(id));
    if (extra.length > 0 || missing.length > 0)
      return `allocation: must give a weight for exactly the selected providers${
        missing.length > 0 ? `; missing ${missing.join(', ')}` : ''
      }${extra.length > 0 ? `; not selected ${extra.join(', ')}` : ''}`;
  }
  return null;
}

/**
 * Splits a yearly budget over providers by weight, in whole cents, exactly: the cents left by rounding down go one
 * each to the largest remainders (ties to the earlier provider in the list), so the ceilings add up to the budget.
 */
export function splitBudget(
  budget: number,
  providers: readonly string[],
  weights?: Readonly<Record<string, number>>,
): Record<string, number> {
  if (providers.length === 0) return {};
  const totalCents = Math.round(budget * 100);
  const w = providers.map((id) => weights?.[id] ?? 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const exact = w.map((x) => (totalCents * x) / sum);
  const cents = exact.map(Math.floor);
  let left = totalCents - cents.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    cents[i] = (cents[i] as number) + 1;
    left--;
  }
  return Object.fromEntries(providers.map((id, i) => [id, (cents[i] as number) / 100]));
}

export function toDecision(
  config: CycleConfig,
  input: SelectionDecisionInput,
  number: number,
): SelectionDecision {
  const region = config.regions.find((r) => r.name === input.region);
  const budget = region?.budget;
  return {
    region: input.region,
    number,
    selected: [...input.selected],
    proposed: [...input.proposal.proposed],
    override: !sameSet(input.selected, input.proposal.proposed) || input.proposal.tie !== null,
    reason: input.reason && input.reason.length > 0 ? input.reason : null,
    ceilings: budget === undefined ? null : splitBudget(budget, input.selected, input.allocation),
    decidedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
    basis: input.proposal.basis,
  };
}

/** What keeps a region from being announced: not every applicant assessed, no decision, or a decision gone stale. */
export interface RegionReadiness {
  region: string;
  applicants: number;
  notAssessed: number;
  decided: boolean;
  /** The assessments changed after the decision was made. */
  stale: boolean;
}

/** `decisionBasis`: the basis the region's decision was made on, absent when the region is not decided. */
export function regionReadiness(
  region: string,
  candidates: readonly Candidate[],
  decisionBasis: string | undefined,
): RegionReadiness {
  const applicants = candidates.filter((c) => c.onTime);
  return {
    region,
    applicants: applicants.length,
    notAssessed: applicants.filter((c) => !c.assessment).length,
    decided: decisionBasis !== undefined,
    stale: decisionBasis !== undefined && decisionBasis !== basisOf(candidates),
  };
}

export function isReady(r: RegionReadiness): boolean {
  return r.applicants === 0 || (r.notAssessed === 0 && r.decided && !r.stale);
}
