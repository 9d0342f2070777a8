/**
 * What needs the officer's attention in a cycle, read from what the workflows report: the NvI overdue, an assessment
 * not complete, the announcement held back, objections unanswered, contracts unsigned, overrun cases open, messages
 * not delivered. Each finding has a Dutch sentence for the dashboard and one English line per item for `oco cycle
 * status`. A part not given (the providers, the legal register, the contracts) is not looked at. Pure.
 */
import { dutchDateTime } from './dutch-format';
import { isReady, type RegionReadiness } from './selection';

export const ATTENTION_KINDS = [
  'nviOverdue',
  'assessmentIncomplete',
  'announcementHeldBack',
  'objectionsUnanswered',
  'contractsUnsigned',
  'budgetLadders',
  'deliveryFailures',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface Attention {
  kind: AttentionKind;
  /** One Dutch sentence. */
  message: string;
  count: number;
}

export interface AttentionFinding extends Attention {
  /** One line per item, as the command line shows them. */
  details: string[];
}

/** What of a cycle's status the findings read (a CycleStatus has it all). */
export interface CycleFacts {
  timeline: readonly { key: string; at: string }[];
  config: { timezone: string };
  nvi: unknown | null;
  selection?: unknown | null;
  announcementBlocked?: { since: string; incomplete: readonly RegionReadiness[] } | null;
  handover?: { unsigned: readonly string[] } | null;
  deliveryFailures: readonly string[];
}

export interface ProviderFacts {
  provider: { id: string };
  contract: { sentAt: string | null; signedAt: string | null } | null;
  deliveryFailures: readonly string[];
}

export interface ObjectionFacts {
  providerId: string;
  objection: number;
  onTime: boolean;
  answeredAt: string | null;
  answerDueAt: string | null;
}

export interface ContractFacts {
  provider: { id: string };
  cases?: readonly { number: number; region: string; year: number; step: string }[];
}

export interface AttentionInput {
  status: CycleFacts;
  now: Date;
  /** Every registered provider's view. */
  providers?: readonly ProviderFacts[];
  /** Per region: applicants, not assessed, decided (from the providers' views and the decisions). */
  readiness?: readonly RegionReadiness[];
  /** The legal register's rows. */
  objections?: readonly ObjectionFacts[];
  /** The contract-period views of the providers handed over. */
  contracts?: readonly ContractFacts[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function attentionOf(input: AttentionInput): AttentionFinding[] {
  const findings = [
    nviOverdue(input),
    assessmentIncomplete(input),
    announcementHeldBack(input),
    objectionsUnanswered(input),
    contractsUnsigned(input),
    budgetLadders(input),
    deliveryFailures(input),
  ];
  return findings.filter((f): f is AttentionFinding => f !== null && f.count > 0);
}

const instantOf = (status: CycleFacts, key: string): number => {
  const at = status.timeline.find((m) => m.key === key)?.at;
  return at === undefined ? Number.NaN : Date.parse(at);
};

/** Past its planned instant and still unpublished, while it can still be published (before the closing). */
function nviOverdue({ status, now }: AttentionInput): AttentionFinding | null {
  const planned = instantOf(status, 'nviPublication');
  if (status.nvi || !(now.getTime() >= planned) || now.getTime() >= instantOf(status, 'submissionDeadline'))
    return null;
  const display = dutchDateTime(planned, status.config.timezone, 'event');
  return {
    kind: 'nviOverdue',
    count: 1,
    message: `De Nota van Inlichtingen is nog niet gepubliceerd; die stond gepland op ${display}.`,
    details: [`Nota van Inlichtingen overdue: planned for ${new Date(planned).toISOString()}, not published`],
  };
}

/** From the start of the assessment until the announcement, regions whose applicants are not all assessed or decided. */
function assessmentIncomplete({ status, now, readiness }: AttentionInput): AttentionFinding | null {
  if (!readiness || status.selection || status.announcementBlocked) return null;
  if (!(now.getTime() >= instantOf(status, 'assessmentStart'))) return null;
  const open = readiness.filter((r) => !isReady(r));
  return {
    kind: 'assessmentIncomplete',
    count: open.length,
    message: `De beoordeling is nog niet compleet in ${plural(open.length, 'regio', "regio's")}: ${open.map((r) => r.region).join(', ')}.`,
    details: open.map(
      (r) =>
        `assessment incomplete in ${r.region}: ${r.notAssessed} of ${r.applicants} applicant(s) not assessed` +
        `${r.decided ? (r.stale ? ', the decision predates the assessments' : '') : ', not decided'}`,
    ),
  };
}

function announcementHeldBack({ status }: AttentionInput): AttentionFinding | null {
  const blocked = status.announcementBlocked;
  if (!blocked) return null;
  const regions = blocked.incomplete.map((r) => r.region).join(', ');
  const since = dutchDateTime(Date.parse(blocked.since), status.config.timezone, 'event');
  return {
    kind: 'announcementHeldBack',
    count: blocked.incomplete.length,
    message: `De bekendmaking wordt sinds ${since} tegengehouden: de beoordeling is niet compleet in ${regions}.`,
    details: [`announcement held back since ${blocked.since}: assessment incomplete in ${regions}`],
  };
}

function objectionsUnanswered({ objections }: AttentionInput): AttentionFinding | null {
  if (!objections) return null;
  const open = objections.filter((o) => o.onTime && o.answeredAt === null);
  return {
    kind: 'objectionsUnanswered',
    count: open.length,
    message: `${plural(open.length, 'tijdig ingediend bezwaar is', 'tijdig ingediende bezwaren zijn')} nog niet beantwoord.`,
    details: open.map(
      (o) => `objection ${o.objection} of ${o.providerId} not answered (due ${o.answerDueAt ?? 'not set'})`,
    ),
  };
}

/** Sent and not signed: from the providers' views, or after the hand-over from its list. */
function contractsUnsigned({ status, providers }: AttentionInput): AttentionFinding | null {
  const unsigned = providers
    ? providers.filter((p) => p.contract?.sentAt && !p.contract.signedAt).map((p) => p.provider.id)
    : [...(status.handover?.unsigned ?? [])];
  return {
    kind: 'contractsUnsigned',
    count: unsigned.length,
    message: `${plural(unsigned.length, 'verzonden overeenkomst is', 'verzonden overeenkomsten zijn')} nog niet ondertekend terug.`,
    details: unsigned.map((id) => `contract of ${id} sent, not signed`),
  };
}

function budgetLadders({ contracts }: AttentionInput): AttentionFinding | null {
  if (!contracts) return null;
  const open = contracts.flatMap((c) =>
    (c.cases ?? []).filter((k) => k.step !== 'none').map((k) => ({ providerId: c.provider.id, ...k })),
  );
  return {
    kind: 'budgetLadders',
    count: open.length,
    message: `${plural(open.length, 'traject', 'trajecten')} van de escalatieladder bij budgetoverschrijding ${open.length === 1 ? 'staat' : 'staan'} open.`,
    details: open.map(
      (k) => `overrun case ${k.number} of ${k.providerId} in ${k.region} ${k.year} open at ${k.step}`,
    ),
  };
}

function deliveryFailures({ status, providers }: AttentionInput): AttentionFinding | null {
  const failures = [
    ...status.deliveryFailures,
    ...(providers ?? []).flatMap((p) => p.deliveryFailures.map((f) => `${p.provider.id}: ${f}`)),
  ];
  return {
    kind: 'deliveryFailures',
    count: failures.length,
    message: `${plural(failures.length, 'bericht kon', 'berichten konden')} niet worden afgeleverd.`,
    details: failures.map((f) => `not delivered: ${f}`),
  };
}
