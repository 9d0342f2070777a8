/**
 * Sending inputs into a running cycle as Temporal Updates: a provider's question, submission, supplement and
 * withdrawal, and the officer's registration of providers, NvI, schedule amendment and tariff announcement. Shared
 * by the command line, the simulator and (later) the HTTP API.
 *
 * This is the receiving side: it stamps each input with the trusted clock at the moment it accepts it, so the
 * workflow measures deadlines against the time of receipt, not the time a worker got round to it. A refusal comes
 * back synchronously as an InputRefusedError that names the rule (or, for malformed input, every field).
 */
import {
  type Client,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import type { Amendment, NviNotice, TariffNotice } from '../domain/cycle-news';
import {
  type AmendmentInput,
  type DocumentInput,
  MAX_REGISTRATION_BATCH,
  type NviInput,
  type RegistrationInput,
} from '../domain/inputs';
import type { Problem } from '../domain/validation';
import type { SignedReceipt } from '../mail/receipt';
import {
  amendScheduleUpdate,
  announceTariffUpdate,
  publishNviUpdate,
  type RegistrationResult,
  registerProvidersUpdate,
} from '../workflows/cycle-api';
import { cycleWorkflowId, providerWorkflowId } from '../workflows/ids';
import { askQuestionUpdate, submitUpdate, supplementUpdate, withdrawUpdate } from '../workflows/provider-api';
import { INPUT_REFUSED, INVALID_INPUT } from '../workflows/refusals';

export class InputRefusedError extends Error {
  constructor(
    message: string,
    /** 'invalid': malformed input (see problems); 'refused': well-formed but not allowed now. */
    readonly reason: 'invalid' | 'refused',
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'InputRefusedError';
  }
}

export type Clock = () => Date;
const systemClock: Clock = () => new Date();

async function send<Ret, Arg>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, [Arg]>,
  input: Arg,
  notFound: string,
): Promise<Ret> {
  try {
    return await handle.executeUpdate(update, { args: [input] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new InputRefusedError(notFound, 'refused');
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === INVALID_INPUT)
      throw new InputRefusedError(
        cause.message,
        'invalid',
        (cause.details?.[0] as Problem[] | undefined) ?? [],
      );
    if (cause instanceof ApplicationFailure && cause.type === INPUT_REFUSED)
      throw new InputRefusedError(cause.message, 'refused');
    throw error;
  }
}

export interface SubmissionContent {
  regions: string[];
  documents: DocumentInput[];
  consortium?: boolean;
}

/** What a provider can send, each returning its signed receipt. */
export function providerInputs(
  client: Client,
  cycleId: string,
  providerId: string,
  clock: Clock = systemClock,
) {
  const handle = client.workflow.getHandle(providerWorkflowId(cycleId, providerId));
  const notFound = `provider ${providerId} is not registered in cycle ${cycleId}`;
  const receivedAt = () => clock().toISOString();
  return {
    askQuestion: (text: string): Promise<SignedReceipt> =>
      send(handle, askQuestionUpdate, { receivedAt: receivedAt(), text }, notFound),
    submit: (content: SubmissionContent): Promise<SignedReceipt> =>
      send(handle, submitUpdate, { receivedAt: receivedAt(), ...content }, notFound),
    supplement: (documents: DocumentInput[]): Promise<SignedReceipt> =>
      send(handle, supplementUpdate, { receivedAt: receivedAt(), documents }, notFound),
    withdraw: (reason?: string): Promise<SignedReceipt> =>
      send(handle, withdrawUpdate, { receivedAt: receivedAt(), ...(reason ? { reason } : {}) }, notFound),
  };
}

/** What the procurement officer can do to a running cycle. */
export function officerActions(client: Client, cycleId: string, clock: Clock = systemClock) {
  const handle = client.workflow.getHandle(cycleWorkflowId(cycleId));
  const notFound = `cycle ${cycleId} is not running`;
  const receivedAt = () => clock().toISOString();
  return {
    /** Registers providers in batches (the cycle's history grows per batch); returns every id's fate. */
    async registerProviders(providers: RegistrationInput['providers']): Promise<RegistrationResult> {
      const result: RegistrationResult = { registered: [], alreadyRegistered: [] };
      for (let i = 0; i < providers.length; i += MAX_REGISTRATION_BATCH) {
        const batch = providers.slice(i, i + MAX_REGISTRATION_BATCH);
        const done = await send(handle, registerProvidersUpdate, { providers: batch }, notFound);
        result.registered.push(...done.registered);
        result.alreadyRegistered.push(...done.alreadyRegistered);
      }
      return result;
    },
    publishNvi: (answers: NviInput['answers']): Promise<NviNotice> =>
      send(handle, publishNviUpdate, { receivedAt: receivedAt(), answers }, notFound),
    amendSchedule: (
      milestone: AmendmentInput['milestone'],
      to: string,
      reason?: string,
    ): Promise<Amendment> =>
      send(
        handle,
        amendScheduleUpdate,
        { receivedAt: receivedAt(), milestone, to, ...(reason ? { reason } : {}) },
        notFound,
      ),
    announceTariff: (hourlyRate: number): Promise<TariffNotice> =>
      send(handle, announceTariffUpdate, { receivedAt: receivedAt(), hourlyRate }, notFound),
  };
}
