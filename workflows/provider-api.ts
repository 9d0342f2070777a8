/**
 * The provider workflow's interface for clients: its input, the Updates that carry a provider's inputs (each returns
 * its signed receipt), the signal that brings the cycle's news, and the queries.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProviderNews } from '../domain/cycle-news';
import type {
  ProviderRef,
  QuestionInput,
  SubmissionInput,
  SupplementInput,
  WithdrawalInput,
} from '../domain/inputs';
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
  reminders: { key: string; daysBefore: number; sentAt: string }[];
  deliveryFailures: string[];
}

export const providerViewQuery = defineQuery<ProviderView>('providerView');
