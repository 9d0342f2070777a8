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
import type { z } from 'zod';
import type { AssessmentInputSchema, AssessmentRecord } from '../domain/assessment';
import type { Amendment, NviNotice, TariffNotice } from '../domain/cycle-news';
import {
  type AmendmentInput,
  type DocumentInput,
  MAX_REGISTRATION_BATCH,
  type NviInput,
  NviInputSchema,
  parseInput,
  type RegistrationInput,
} from '../domain/inputs';
import type { EvidenceFile, ObjectionOutcome } from '../domain/objection';
import { type RegionProposal, rankRegion, type SelectionDecision } from '../domain/selection';
import { formatProblem, type Problem } from '../domain/validation';
import type { SignedReceipt } from '../mail/receipt';
import {
  type AnnouncementRelease,
  amendScheduleUpdate,
  announceTariffUpdate,
  cycleStatusQuery,
  decideSelectionUpdate,
  publishNviUpdate,
  type RegistrationResult,
  registerProvidersUpdate,
  releaseAnnouncementUpdate,
} from '../workflows/cycle-api';
import { cycleWorkflowId, providerWorkflowId } from '../workflows/ids';
import {
  answerObjectionUpdate,
  askQuestionUpdate,
  fileObjectionUpdate,
  type ProviderView,
  recordAssessmentUpdate,
  recordKortGedingUpdate,
  signContractUpdate,
  submitUpdate,
  supplementUpdate,
  withdrawUpdate,
} from '../workflows/provider-api';
import { INPUT_REFUSED, INVALID_INPUT } from '../workflows/refusals';
import { candidatesFor, proposals } from './assessment';
import { providerViews } from './provider-views';

export class InputRefusedError extends Error {
  constructor(
    message: string,
    /** 'invalid': malformed input (see problems); 'refused': well-formed but not allowed now. */
    readonly reason: 'invalid' | 'refused',
    readonly problems: Problem[] = [],
    /** The workflow it was meant for does not exist (an unknown provider or cycle). */
    readonly notFound = false,
  ) {
    super(message);
    this.name = 'InputRefusedError';
  }
}

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export async function send<Ret, Arg>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, [Arg]>,
  input: Arg,
  notFound: string,
  /** An id from the business event: the server applies an Update with the same id once. */
  updateId?: string,
): Promise<Ret> {
  try {
    return await handle.executeUpdate(update, { args: [input], ...(updateId ? { updateId } : {}) });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new InputRefusedError(notFound, 'refused', [], true);
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

/** A read before an Update: a workflow that does not exist gets the refusal the Update itself would give. */
async function reading<T>(read: Promise<T>, notFound: string): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new InputRefusedError(notFound, 'refused', [], true);
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
  /**
   * For an e-mail: the clock is the time it reached the mailbox (checked against the mailbox's wider window, see
   * receipt-time.ts) and the Update's id comes from its Message-ID, so the server applies it once.
   */
  mail?: { updateId: string },
) {
  const handle = client.workflow.getHandle(providerWorkflowId(cycleId, providerId));
  const notFound = `provider ${providerId} is not registered in cycle ${cycleId}`;
  const stamp = () => ({ receivedAt: clock().toISOString(), ...(mail ? { via: 'mailbox' as const } : {}) });
  const updateId = mail?.updateId;
  return {
    askQuestion: (text: string): Promise<SignedReceipt> =>
      send(handle, askQuestionUpdate, { ...stamp(), text }, notFound, updateId),
    submit: (content: SubmissionContent): Promise<SignedReceipt> =>
      send(handle, submitUpdate, { ...stamp(), ...content }, notFound, updateId),
    supplement: (documents: DocumentInput[]): Promise<SignedReceipt> =>
      send(handle, supplementUpdate, { ...stamp(), documents }, notFound, updateId),
    withdraw: (reason?: string): Promise<SignedReceipt> =>
      send(handle, withdrawUpdate, { ...stamp(), ...(reason ? { reason } : {}) }, notFound, updateId),
    /** An objection (bezwaar) to the announced outcome, with arguments and evidence files. */
    object: (objection: {
      text: string;
      regions?: string[];
      files?: EvidenceFile[];
    }): Promise<SignedReceipt> =>
      send(handle, fileObjectionUpdate, { ...stamp(), ...objection }, notFound, updateId),
    /** The signed contract, returned by the provider. */
    signContract: (signed: { signer?: string; file?: EvidenceFile } = {}): Promise<SignedReceipt> =>
      send(
        handle,
        signContractUpdate,
        { receivedAt: clock().toISOString(), by: 'provider', ...signed },
        notFound,
      ),
  };
}

/** What the procurement officer can do to a running cycle. */
export function officerActions(client: Client, cycleId: string, clock: Clock = systemClock) {
  const handle = client.workflow.getHandle(cycleWorkflowId(cycleId));
  const notFound = `cycle ${cycleId} is not running`;
  const receivedAt = () => clock().toISOString();
  return {
    /**
     * Registers providers in batches (the cycle's history grows per batch); returns every id's fate. `progress` hears
     * after each batch how many of them were sent.
     */
    async registerProviders(
      providers: RegistrationInput['providers'],
      progress?: (sent: number, result: RegistrationResult) => void,
    ): Promise<RegistrationResult> {
      const result: RegistrationResult = { registered: [], alreadyRegistered: [] };
      for (let i = 0; i < providers.length; i += MAX_REGISTRATION_BATCH) {
        const batch = providers.slice(i, i + MAX_REGISTRATION_BATCH);
        const done = await send(handle, registerProvidersUpdate, { providers: batch }, notFound);
        result.registered.push(...done.registered);
        result.alreadyRegistered.push(...done.alreadyRegistered);
        progress?.(i + batch.length, result);
      }
      return result;
    },
    /** Publishes the NvI, after checking that every question it answers exists and was received in time. */
    async publishNvi(answers: NviInput['answers']): Promise<NviNotice> {
      const input = { receivedAt: receivedAt(), answers };
      const shaped = parseInput(NviInputSchema, input);
      if (!shaped.ok)
        throw new InputRefusedError(
          shaped.problems.map(formatProblem).join('; '),
          'invalid',
          shaped.problems,
        );
      const problems = await reading(unanswerableQuestions(client, cycleId, answers), notFound);
      if (problems.length > 0)
        throw new InputRefusedError(problems.map(formatProblem).join('; '), 'refused', problems);
      return send(handle, publishNviUpdate, input, notFound);
    },
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
    /** Records the assessment of one provider in one region. */
    assess: (
      providerId: string,
      assessment: Omit<z.input<typeof AssessmentInputSchema>, 'receivedAt'>,
    ): Promise<AssessmentRecord> =>
      send(
        client.workflow.getHandle(providerWorkflowId(cycleId, providerId)),
        recordAssessmentUpdate,
        { receivedAt: receivedAt(), ...assessment },
        `provider ${providerId} is not registered in cycle ${cycleId}`,
      ),
    /** The proposal per region, from the assessments recorded so far. */
    async proposals(): Promise<RegionProposal[]> {
      const status = await handle.query(cycleStatusQuery);
      return proposals(status.config, await providerViews(client, cycleId));
    },
    /**
     * Decides a region's selection on the current proposal: confirms it when `selected` is absent, otherwise selects
     * those named (an override, a tie or a decision after the announcement needs `reason`).
     */
    async decideSelection(
      region: string,
      choice: { selected?: string[]; reason?: string; allocation?: Record<string, number> } = {},
      /** The region's proposal from proposals(), when the caller has just read it (saves reading every provider). */
      current?: RegionProposal,
    ): Promise<SelectionDecision> {
      let proposal = current;
      if (!proposal) {
        const status = await reading(handle.query(cycleStatusQuery), notFound);
        const views = await providerViews(client, cycleId);
        const regionConfig = status.config.regions.find((r) => r.name === region);
        proposal = rankRegion(region, regionConfig?.maxProviders ?? 0, candidatesFor(region, views));
      }
      return send(
        handle,
        decideSelectionUpdate,
        {
          receivedAt: receivedAt(),
          region,
          selected: choice.selected ?? proposal.proposed,
          ...(choice.reason ? { reason: choice.reason } : {}),
          ...(choice.allocation ? { allocation: choice.allocation } : {}),
          proposal: {
            proposed: proposal.proposed,
            suitable: proposal.candidates.filter((c) => c.suitable).map((c) => c.providerId),
            tie: proposal.tie?.providers ?? null,
            notAssessed: proposal.notAssessed,
            basis: proposal.basis,
          },
        },
        notFound,
      );
    },
    /** Checks a held-back announcement again, and announces if the assessment is now complete. */
    releaseAnnouncement: (): Promise<AnnouncementRelease> =>
      send(handle, releaseAnnouncementUpdate, { receivedAt: receivedAt() }, notFound),
    /** The signed contract, received by the officer on the provider's behalf. */
    recordSignedContract: (
      providerId: string,
      signed: { signer?: string; file?: EvidenceFile } = {},
    ): Promise<SignedReceipt> =>
      send(
        client.workflow.getHandle(providerWorkflowId(cycleId, providerId)),
        signContractUpdate,
        { receivedAt: receivedAt(), by: 'officer', ...signed },
        `provider ${providerId} is not registered in cycle ${cycleId}`,
      ),
  };
}

/** What legal can do: answer objections and record kort gedingen. */
export function legalActions(client: Client, cycleId: string, clock: Clock = systemClock) {
  const receivedAt = () => clock().toISOString();
  const provider = (id: string) => client.workflow.getHandle(providerWorkflowId(cycleId, id));
  const notFound = (id: string) => `provider ${id} is not registered in cycle ${cycleId}`;
  return {
    answerObjection: (
      providerId: string,
      answer: { outcome: ObjectionOutcome; text: string; objection?: number },
    ) =>
      send(
        provider(providerId),
        answerObjectionUpdate,
        { receivedAt: receivedAt(), ...answer },
        notFound(providerId),
      ),
    recordKortGeding: (providerId: string, served: { court: string; servedOn: string; objection?: number }) =>
      send(
        provider(providerId),
        recordKortGedingUpdate,
        { receivedAt: receivedAt(), ...served },
        notFound(providerId),
      ),
  };
}

/**
 * What keeps an NvI from being published: a question it names that was never asked, or that was received after the
 * question deadline (its sender was told it is not taken into the NvI); and a question received in time that no
 * answer names (each is answered, or bundled with similar ones under one answer). The questions live in the
 * providers' workflows, not in the cycle, so the receiving side asks them before the cycle is sent the NvI. A question
 * never disappears and never changes whether it came in time, so the answer stays true.
 */
async function unanswerableQuestions(
  client: Client,
  cycleId: string,
  answers: NviInput['answers'],
): Promise<Problem[]> {
  const refs = answers.flatMap((answer, a) =>
    answer.questions.map((question, q) => ({ ...question, path: `answers[${a}].questions[${q}]` })),
  );
  const views = new Map<string, ProviderView>(
    (await providerViews(client, cycleId)).map((v) => [v.provider.id, v]),
  );
  const problems: Problem[] = [];
  for (const ref of refs) {
    const view = views.get(ref.provider);
    if (!view) {
      problems.push({
        path: `${ref.path}.provider`,
        message: `provider ${ref.provider} is not registered in this cycle`,
      });
      continue;
    }
    const question = view.questions.find((q) => q.number === ref.number);
    if (!question)
      problems.push({
        path: ref.path,
        message: `provider ${ref.provider} asked ${view.questions.length} question(s); there is no question ${ref.number}`,
      });
    else if (!question.onTime)
      problems.push({
        path: ref.path,
        message:
          `question ${ref.number} of provider ${ref.provider} was received after the question deadline ` +
          `(${question.receivedAt}); it is not taken into the NvI`,
      });
  }
  const named = new Set(refs.map((r) => `${r.provider}#${r.number}`));
  for (const [id, view] of views)
    for (const question of view.questions)
      if (question.onTime && !named.has(`${id}#${question.number}`))
        problems.push({
          path: 'answers',
          message:
            `question ${question.number} of provider ${id} (received ${question.receivedAt}) is not answered; ` +
            'answer it, or bundle it with a similar question under one answer',
        });
  return problems;
}
