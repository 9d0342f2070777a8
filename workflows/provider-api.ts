/**
 * The provider workflow's interface for clients: its input, the Updates that carry a provider's inputs (each returns
 * its signed receipt), the signal that brings the cycle's news, and the queries.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { AssessmentInputSchema, AssessmentRecord } from '../domain/assessment';
import type { ContractRecord, ContractSignatureInputSchema } from '../domain/contract';
import type { ProviderNews } from '../domain/cycle-news';
import type {
  ProviderRef,
  QuestionInput,
  SubmissionInput,
  SupplementInput,
  WithdrawalInput,
} from '../domain/inputs';
import type { LegalRow } from '../domain/legal-register';
import type {
  KortGedingInputSchema,
  ObjectionAnswerInputSchema,
  ObjectionInputSchema,
  ObjectionOutcome,
  ObjectionRecord,
} from '../domain/objection';
import type { RegionOutcome } from '../domain/outcome';
import type { ProviderStatus } from '../domain/provider-dossier';
import type { SignedReceipt } from '../mail/receipt';

export interface ProviderWorkflowInput {
  cycleId: string;
  provider: ProviderRef;
}

export const cycleNewsSignal = defineSignal<[ProviderNews]>('cycleNews');

export const askQuestionUpdate = defineUpdate<SignedReceipt, [QuestionInput]>('askQuestion');
export const submitUpdate = defineUpdate<SignedReceipt, [SubmissionInput]>('submit');
export const supplementUpdate = defineUpdate<SignedReceipt, [SupplementInput]>('supplement');
export const withdrawUpdate = defineUpdate<SignedReceipt, [WithdrawalInput]>('withdraw');

/** The officer's assessment of this provider in one region. */
export const recordAssessmentUpdate = defineUpdate<AssessmentRecord, [z.input<typeof AssessmentInputSchema>]>(
  'recordAssessment',
);
/** The provider's objection (bezwaar) to the announced outcome; returns its signed receipt. */
export const fileObjectionUpdate = defineUpdate<SignedReceipt, [z.input<typeof ObjectionInputSchema>]>(
  'fileObjection',
);
/** Legal's answer to an objection; the kort-geding term runs from when it goes out. */
export const answerObjectionUpdate = defineUpdate<
  { objection: number; outcome: ObjectionOutcome; recordedAt: string },
  [z.input<typeof ObjectionAnswerInputSchema>]
>('answerObjection');
/** Legal records a kort geding served; it does not suspend the procedure. */
export const recordKortGedingUpdate = defineUpdate<
  { objection: number; court: string; servedOn: string; recordedAt: string; afterTerm: boolean },
  [z.input<typeof KortGedingInputSchema>]
>('recordKortGeding');
/** The signed contract came back (recorded by the provider or the officer); returns its signed receipt. */
export const signContractUpdate = defineUpdate<SignedReceipt, [z.input<typeof ContractSignatureInputSchema>]>(
  'signContract',
);

/** One announcement of the outcome to this provider (a second one only when an objection changed it). */
export interface AnnouncementView {
  number: number;
  outcome: RegionOutcome[];
  revised: boolean;
  /** When the message went out; the objection term counts from this day. Null while sending or if refused. */
  sentAt: string | null;
  /** First late instant of the objection term. */
  termEndsAt: string | null;
  termLastDay: string | null;
  termWarnings: string[];
  /** The mail server refused the message for good (the officer was told). */
  failed: boolean;
}

export type ContractView = ContractRecord;

export interface SubmissionView {
  /** The version that counts (1, 2, ...), or null for a late submission. */
  version: number | null;
  receivedAt: string;
  onTime: boolean;
  receiptCode: string | null;
  /** Sealed until closing: null while the vault is closed. */
  regions: string[] | null;
  documents: { kind: string; name: string; sizeBytes: number; sha256: string; receivedAt: string }[] | null;
  missing: string[] | null;
}

export interface ProviderView {
  cycleId: string;
  provider: ProviderRef;
  status: ProviderStatus;
  /** False until the submission deadline: officers see who submitted and when, not what. */
  opened: boolean;
  questions: {
    number: number;
    receivedAt: string;
    onTime: boolean;
    receiptCode: string | null;
    text: string;
    answeredAt: string | null;
  }[];
  /** The submission that counts, else the latest late one, else null. */
  submission: SubmissionView | null;
  /** Every submission received, in order (versions and late ones): who submitted and when. */
  history: {
    kind: string;
    sequence: number;
    receivedAt: string;
    onTime: boolean;
    receiptCode: string | null;
  }[];
  withdrawnAt: string | null;
  /** Every withdrawal received, in order, with its receipt. */
  withdrawals: { sequence: number; receivedAt: string; receiptCode: string | null }[];
  reminders: { key: string; daysBefore: number; sentAt: string }[];
  deliveryFailures: string[];
  /** The latest assessment per region (after closing). */
  assessments: AssessmentRecord[];
  announcements: AnnouncementView[];
  objections: ObjectionRecord[];
  contract: ContractView | null;
}

export const providerViewQuery = defineQuery<ProviderView>('providerView');
/** This provider's rows of the legal register. */
export const legalRowsQuery = defineQuery<LegalRow[]>('legalRows');
