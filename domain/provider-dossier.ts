/**
 * A provider's dossier in one cycle: every question, submission version, supplement and withdrawal it sent, each with
 * its receipt, and the rules that decide whether a well-formed input is allowed. Pure: the provider workflow keeps
 * the dossier and calls these rules; tests call them directly.
 *
 * Nothing accepted is ever dropped: a late question is kept and marked late, a late submission or supplement is kept
 * with a receipt that says it was received after closing and is not taken into consideration.
 */
import type { ReceiptFacts } from '../mail/receipt';
import type { CycleConfig } from './config';
import type { CycleNews } from './cycle-news';
import { dutchDateTime } from './dutch-format';
import type { DocumentInput, ProviderRef } from './inputs';
import { MILESTONE_LABELS_NL } from './labels';
import { type SubmittedDocument, submissionIssues } from './submission-rules';
import { scheduleInstant } from './timeline';

export interface SignedReceiptRecord {
  facts: ReceiptFacts;
  code: string;
}

interface Recorded {
  /** Order of arrival among all of this provider's inputs. */
  order: number;
  /** The n-th input of its kind (question, submission, ...), as in its receipt and Message-ID. */
  sequence: number;
  receivedAt: string;
  onTime: boolean;
  /** Null only while the receipt is being signed. */
  receipt: SignedReceiptRecord | null;
}

export interface QuestionRecord extends Recorded {
  text: string;
  /** Set when the NvI answers it. */
  answeredAt: string | null;
  changesDocuments: boolean | null;
}

export interface StoredDocument extends DocumentInput {
  receivedAt: string;
}

export interface SubmissionRecord extends Recorded {
  kind: 'submission';
  regions: string[];
  documents: StoredDocument[];
  consortium: boolean;
}

export interface SupplementRecord extends Recorded {
  kind: 'supplement';
  documents: StoredDocument[];
  /** The submission version it adds to. */
  toVersion: number;
}

export interface WithdrawalRecord extends Recorded {
  reason: string | null;
}

export interface ProviderDossier {
  provider: ProviderRef;
  questions: QuestionRecord[];
  /** Every submission in order of arrival, on time or late; the on-time ones are the versions. */
  submissions: SubmissionRecord[];
  supplements: SupplementRecord[];
  withdrawals: WithdrawalRecord[];
  /** Inputs so far, for `order`. */
  inputs: number;
}

export function emptyDossier(provider: ProviderRef): ProviderDossier {
  return { provider, questions: [], submissions: [], supplements: [], withdrawals: [], inputs: 0 };
}

export type ProviderStatus = 'invited' | 'submitted' | 'incomplete' | 'withdrawn' | 'late';

const at = (config: CycleConfig, key: 'publication' | 'questionDeadline' | 'submissionDeadline') =>
  scheduleInstant(config, key).toMillis();

/** The on-time submissions, numbered 1, 2, ... as versions. */
export function versions(d: ProviderDossier): SubmissionRecord[] {
  return d.submissions.filter((s) => s.onTime);
}

/** The version that counts now: the last on-time one, unless withdrawn after it. */
export function standingVersion(d: ProviderDossier): { version: number; record: SubmissionRecord } | null {
  const all = versions(d);
  const last = all[all.length - 1];
  if (!last) return null;
  const lastWithdrawal = d.withdrawals[d.withdrawals.length - 1];
  if (lastWithdrawal && lastWithdrawal.order > last.order) return null;
  return { version: all.length, record: last };
}

/** The documents of the standing version with the supplements added to it. */
export function currentDocuments(d: ProviderDossier): StoredDocument[] {
  const standing = standingVersion(d);
  if (!standing) return [];
  const added = d.supplements.filter((s) => s.onTime && s.toVersion === standing.version);
  return [...standing.record.documents, ...added.flatMap((s) => s.documents)];
}

/** What is missing or doubtful in the standing submission, in Dutch. */
export function missingFor(d: ProviderDossier, config: CycleConfig): string[] {
  const standing = standingVersion(d);
  if (!standing) return [];
  return documentIssues(currentDocuments(d), standing.record.consortium, config);
}

export function documentIssues(
  documents: readonly StoredDocument[],
  consortium: boolean,
  config: CycleConfig,
): string[] {
  const latest = Math.max(...documents.map((doc) => Date.parse(doc.receivedAt)), 0);
  return submissionIssues({
    documents: documents.map((doc) => ({ ...doc, receivedAt: Date.parse(doc.receivedAt) })),
    consortium,
    receivedAt: latest,
    zone: config.timezone,
  });
}

export function providerStatus(d: ProviderDossier, config: CycleConfig): ProviderStatus {
  const lastWithdrawal = d.withdrawals[d.withdrawals.length - 1];
  const all = versions(d);
  const lastVersion = all[all.length - 1];
  if (lastWithdrawal && (!lastVersion || lastWithdrawal.order > lastVersion.order)) return 'withdrawn';
  if (lastVersion) return missingFor(d, config).length > 0 ? 'incomplete' : 'submitted';
  return d.submissions.length > 0 ? 'late' : 'invited';
}

/** The status officers may see: until the vault opens at closing, an incomplete submission reads as submitted. */
export function sealedStatus(status: ProviderStatus, opened: boolean): ProviderStatus {
  return !opened && status === 'incomplete' ? 'submitted' : status;
}

/** Whether the provider has acted on a deadline, so needs no reminder of it. */
export function hasActedOn(d: ProviderDossier, deadline: 'questionDeadline' | 'submissionDeadline'): boolean {
  const acted = d.submissions.length > 0 || d.withdrawals.length > 0;
  return deadline === 'questionDeadline' ? acted || d.questions.length > 0 : acted;
}

const display = (config: CycleConfig, ms: number) => dutchDateTime(ms, config.timezone, 'deadline');

function notPublished(config: CycleConfig, stampMs: number): string | null {
  const publication = at(config, 'publication');
  return stampMs < publication
    ? `the procedure is published at ${new Date(publication).toISOString()}; nothing can be received before that`
    : null;
}

/**
 * A provider's inputs are recorded in the order they were received, so "the last version counts" means the last by
 * receipt time too. An input stamped before the newest one already recorded (two requests that crossed on the way)
 * is refused; sent again, it gets a new stamp.
 */
export function refuseOutOfOrder(d: ProviderDossier, stampMs: number): string | null {
  const all = [...d.questions, ...d.submissions, ...d.supplements, ...d.withdrawals];
  const newest = all.reduce(
    (latest, r) => Math.max(latest, Date.parse(r.receivedAt)),
    Number.NEGATIVE_INFINITY,
  );
  return stampMs < newest
    ? `receivedAt ${new Date(stampMs).toISOString()} lies before this provider's latest input, received at ` +
        `${new Date(newest).toISOString()}; inputs are recorded in the order they are received: send it again`
    : null;
}

export function refuseQuestion(config: CycleConfig, stampMs: number): string | null {
  return notPublished(config, stampMs);
}

export function refuseSubmission(
  config: CycleConfig,
  regions: readonly string[],
  stampMs: number,
): string | null {
  const early = notPublished(config, stampMs);
  if (early) return early;
  const known = config.regions.map((r) => r.name);
  const unknown = regions.filter((r) => !known.includes(r));
  if (unknown.length > 0)
    return (
      `regions: ${unknown.map((r) => JSON.stringify(r)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a ` +
      `region of ${config.wlzUitvoerder.name}; its regions are ${known.join(', ')} (submit to the Wlz-uitvoerder ` +
      'of each region separately)'
    );
  return null;
}

export function refuseSupplement(d: ProviderDossier, config: CycleConfig, stampMs: number): string | null {
  const early = notPublished(config, stampMs);
  if (early) return early;
  const closing = at(config, 'submissionDeadline');
  if (stampMs >= closing)
    return (
      `the submission closed at ${display(config, closing)}; mandatory documents cannot be added after the closing ` +
      '(inkoopbeleid, chapter 6: it is the provider who sees to a complete submission in time)'
    );
  if (!standingVersion(d))
    return 'there is no submission to add documents to: submit first (a withdrawn submission cannot be supplemented)';
  return null;
}

export function refuseWithdrawal(
  d: ProviderDossier,
  config: CycleConfig,
  news: CycleNews,
  stampMs: number,
): string | null {
  if (!standingVersion(d)) return 'there is no standing submission to withdraw';
  const closing = at(config, 'submissionDeadline');
  if (stampMs < closing) return null;
  const tariff = news.tariff;
  if (!config.tariff.provisional)
    return (
      `the submission closed at ${display(config, closing)}; after closing a submission binds the provider ` +
      '(gestand doen) and cannot be withdrawn'
    );
  if (!tariff)
    return (
      'the tariff is provisional: after closing a submission can be withdrawn only within ' +
      `${config.terms.withdrawalWeeks} weeks after the final tariff is announced, and it has not been announced yet`
    );
  if (stampMs < Date.parse(tariff.announcedAt)) return 'received before the final tariff was announced';
  if (stampMs >= Date.parse(tariff.withdrawalDeadline))
    return (
      `the term to withdraw (${config.terms.withdrawalWeeks} weeks after the final tariff was announced) ended at ` +
      `${display(config, Date.parse(tariff.withdrawalDeadline))}; the right to withdraw has lapsed`
    );
  return null;
}

/** The deadline an input of this kind is measured against, for its receipt. */
export function deadlineFact(
  config: CycleConfig,
  key: 'questionDeadline' | 'submissionDeadline',
): { key: string; label: string; at: string } {
  return { key, label: MILESTONE_LABELS_NL[key], at: new Date(at(config, key)).toISOString() };
}

export function isBeforeDeadline(
  config: CycleConfig,
  key: 'questionDeadline' | 'submissionDeadline',
  stampMs: number,
): boolean {
  return stampMs < at(config, key);
}

/** The policy's rule for a submission or supplement after closing, as the receipt states it. */
export const AFTER_CLOSING_NL =
  'Ontvangen na de sluiting van de inschrijving. Inschrijvingen en verplichte documenten kunnen na de sluiting ' +
  'niet meer worden ingediend of aangevuld (inkoopbeleid, hoofdstuk 6); dit stuk wordt bewaard maar niet in de ' +
  'beoordeling betrokken.';

export function toStored(documents: readonly DocumentInput[], receivedAt: string): StoredDocument[] {
  return documents.map((doc) => ({ ...doc, receivedAt }));
}

export type { SubmittedDocument };
