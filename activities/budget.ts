/**
 * The budget coordinator's reach into the contract-period workflows: read every contract's position in a year (for
 * transfer proposals and the June and October reviews), apply an approved transfer to the two contracts concerned,
 * and apply the outcome of the consultation with VWS to the contracts at that step. Each change is an Update with an
 * id derived from the business event, so a retried activity never applies it twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { contractPositions, regionReview } from '../client/contract-period';
import { InputRefusedError, send } from '../client/inputs';
import type { LadderStep } from '../domain/budget/ladder';
import { proposeTransfer, type TransferProposal } from '../domain/budget/transfer';
import type { ProviderRef } from '../domain/inputs';
import { coordinatorQuery, type TransferRecord } from '../workflows/budget-coordinator-api';
import {
  adjustCeilingUpdate,
  type ContractPosition,
  positionsQuery,
  vwsDecisionUpdate,
} from '../workflows/contract-period-api';
import { budgetWorkflowId, contractWorkflowId } from '../workflows/ids';
import { INPUT_REFUSED } from '../workflows/refusals';

export interface BudgetActivityDependencies {
  client: Client;
  concurrency?: number;
}

/** A transfer the coordinator approved, as the activity applies it. */
export type TransferOrder = TransferRecord & { cycleId: string; receivedAt: string };

export function createBudgetActivities(deps: BudgetActivityDependencies) {
  const concurrency = deps.concurrency ?? 16;
  const handle = (cycleId: string, providerId: string) =>
    deps.client.workflow.getHandle(contractWorkflowId(cycleId, providerId));

  const positions = (cycleId: string, providers: ProviderRef[], year: number) =>
    contractPositions(
      deps.client,
      cycleId,
      providers.map((p) => p.id),
      year,
      concurrency,
    );

  /** An Update that was refused becomes a non-retryable failure with the rule, for the officer. */
  async function refusedAsFailure<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof InputRefusedError)
        throw ApplicationFailure.create({ type: INPUT_REFUSED, message: error.message, nonRetryable: true });
      throw error;
    }
  }

  return {
    /** The positions of the contracts at one step (VWS, say): only those travel back into the coordinator's history. */
    async budgetPositions(input: {
      cycleId: string;
      providers: ProviderRef[];
      year: number;
      step: LadderStep;
    }) {
      return (await positions(input.cycleId, input.providers, input.year)).filter(
        (p) => p.step === input.step,
      );
    },

    /** The June and October review: every region's totals, summed here so the history holds regions, not providers. */
    async regionReview(input: { cycleId: string; providers: ProviderRef[]; year: number }) {
      return regionReview(
        deps.client,
        input.cycleId,
        input.providers.map((p) => p.id),
        input.year,
        concurrency,
      );
    },

    /** What the system proposes when a case reaches overheveling: the headroom of the cycle's other contracts. */
    async transferProposal(input: {
      cycleId: string;
      providerId: string;
      region: string;
      year: number;
    }): Promise<TransferProposal & { names: Record<string, string> }> {
      // Without a coordinator (a contract started on its own) the provider's own position is all there is.
      const providers = await deps.client.workflow
        .getHandle(budgetWorkflowId(input.cycleId))
        .query(coordinatorQuery)
        .then((c) => c.providers)
        .catch((error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return [{ id: input.providerId }] as ProviderRef[];
          throw error;
        });
      const all = await positions(input.cycleId, providers, input.year);
      const names = Object.fromEntries(all.map((p) => [p.providerId, p.providerName]));
      return { ...proposeTransfer(all, input.providerId, input.region), names };
    },

    /**
     * Takes the room from the giver (refused if it cannot spare it), then gives it to the receiver. Each half carries
     * the business event's id, so a retry never makes it twice, not even after a continue-as-new. A receiver that
     * refuses its half after the giver gave (its contract ended between the check and the change) gets the room
     * handed back to the giver, and the officer the refusal.
     */
    async applyTransfer(order: TransferOrder): Promise<void> {
      // The receiver is checked first: room taken from the giver must have somewhere to go.
      const positionsOf = (providerId: string) =>
        handle(order.cycleId, providerId)
          .query(positionsQuery, order.year)
          .catch((error: unknown) => {
            if (error instanceof WorkflowNotFoundError) return [] as ContractPosition[];
            throw error;
          });
      const [receiving, giving] = await Promise.all([positionsOf(order.to), positionsOf(order.from)]);
      if (!receiving.some((p) => p.region === order.toRegion))
        throw ApplicationFailure.create({
          type: INPUT_REFUSED,
          message: `toRegion: ${order.to} has no running contract for ${order.toRegion} in ${order.year}`,
          nonRetryable: true,
        });
      const nameOf = (list: ContractPosition[], id: string) => list[0]?.providerName ?? id;
      const event = `transfer-${order.number}`;
      /** One half (or the undoing of one) as an Update with the business event's id. */
      const adjust = (side: 'give' | 'receive' | 'give-undone', deltaCents: number, reason: string) => {
        const receiver = side === 'receive';
        return send(
          handle(order.cycleId, receiver ? order.to : order.from),
          adjustCeilingUpdate,
          {
            receivedAt: order.receivedAt,
            year: order.year,
            kind: 'transfer' as const,
            by: order.by,
            region: receiver ? order.toRegion : order.fromRegion,
            deltaCents,
            reason,
            id: `${event}-${side}`,
            counterpart: receiver ? nameOf(giving, order.from) : nameOf(receiving, order.to),
          },
          `provider ${receiver ? order.to : order.from} has no running contract in cycle ${order.cycleId}`,
          `${order.cycleId}-${event}-${side}`,
        );
      };
      await refusedAsFailure(() =>
        adjust(
          'give',
          -order.amountCents,
          `Overheveling ${order.number}: naar ${order.toRegion === order.fromRegion ? 'een andere aanbieder' : order.toRegion}. ${order.reason}`,
        ),
      );
      try {
        await adjust(
          'receive',
          order.amountCents,
          `Overheveling ${order.number}: extra budgetruimte. ${order.reason}`,
        );
      } catch (error) {
        if (!(error instanceof InputRefusedError)) throw error;
        await refusedAsFailure(() =>
          adjust(
            'give-undone',
            order.amountCents,
            `Overheveling ${order.number} teruggedraaid: de ontvanger kon het budget niet ontvangen (${error.message}).`,
          ),
        );
        throw ApplicationFailure.create({
          type: INPUT_REFUSED,
          message: `${error.message}; the room taken from ${order.from} was handed back`,
          nonRetryable: true,
        });
      }
    },

    /** The outcome of the consultation with VWS, shared by the coordinator: each share to its contract, once. */
    async applyVwsShares(input: {
      cycleId: string;
      year: number;
      /** The consultation's number: part of the Update ids. */
      number: number;
      shares: { providerId: string; region: string; grantedCents: number }[];
      by: string;
      reason: string;
      receivedAt: string;
    }): Promise<void> {
      for (const share of input.shares)
        await refusedAsFailure(() =>
          send(
            handle(input.cycleId, share.providerId),
            vwsDecisionUpdate,
            {
              receivedAt: input.receivedAt,
              region: share.region,
              year: input.year,
              grantedCents: share.grantedCents,
              by: input.by,
              reason: input.reason,
            },
            `provider ${share.providerId} has no running contract in cycle ${input.cycleId}`,
            `${input.cycleId}-vws-${input.year}-${input.number}-${share.providerId}-${share.region}`,
          ),
        );
    },
  };
}
