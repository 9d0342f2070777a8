/**
 * The cycle's reach into its providers' workflows: start each one (if it is not running yet) and hand it the cycle's
 * news, in one activity per batch; and count the questions they hold. An activity, not child workflows or signals
 * from the cycle, so the cycle's history grows with batches, not with providers.
 *
 * Delivering the same news twice is harmless: a provider workflow ignores news it already has.
 */
import { Context } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { readiness } from '../client/assessment';
import { providerViews } from '../client/provider-views';
import type { CycleConfig } from '../domain/config';
import type { CycleNews } from '../domain/cycle-news';
import type { ProviderRef } from '../domain/inputs';
import type { RegionReadiness } from '../domain/selection';
import { inPool } from '../support/pool';
import type { BudgetCoordinatorInput } from '../workflows/budget-coordinator-api';
import type { ContractHandover } from '../workflows/contract-period-api';
import { budgetWorkflowId, contractWorkflowId, providerWorkflowId } from '../workflows/ids';
import { cycleNewsSignal, type ProviderView, providerViewQuery } from '../workflows/provider-api';

export interface ProviderActivityDependencies {
  client: Client;
  /** Calls to Temporal at once; the default suits a small server. */
  concurrency?: number;
}

export interface NewsDelivery {
  news: CycleNews;
  /**
   * Who gets the news: `provider` (id, name, address) only for a provider whose workflow is to be started, its id
   * alone otherwise, so the cycle's history does not carry the roster again with every piece of news.
   */
  recipients: {
    id: string;
    provider?: ProviderRef;
    answered?: { number: number; changesDocuments: boolean }[];
  }[];
}

export function createProviderActivities(deps: ProviderActivityDependencies) {
  const concurrency = deps.concurrency ?? 16;
  return {
    /** Starts every recipient's provider workflow if need be, and sends it the news. Returns how many. */
    async deliverCycleNews({ news, recipients }: NewsDelivery): Promise<number> {
      const context = Context.current();
      // Provider workflows run on the task queue of the cycle that schedules this activity.
      const taskQueue = context.info.taskQueue;
      let done = 0;
      await inPool(recipients, concurrency, async ({ id, provider, answered = [] }) => {
        // A delivery scheduled by an earlier version of the cycle names its recipients by their full reference only.
        const workflowId = providerWorkflowId(news.config.id, id ?? (provider as ProviderRef).id);
        try {
          if (provider)
            await deps.client.workflow.signalWithStart('providerWorkflow', {
              workflowId,
              taskQueue,
              args: [{ cycleId: news.config.id, provider }],
              signal: cycleNewsSignal,
              signalArgs: [{ ...news, answered }],
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            });
          else
            await deps.client.workflow.getHandle(workflowId).signal(cycleNewsSignal, { ...news, answered });
        } catch (error) {
          // A provider workflow that has already ended needs no news.
          if (
            !(error instanceof WorkflowExecutionAlreadyStartedError || error instanceof WorkflowNotFoundError)
          )
            throw error;
        }
        done++;
        context.heartbeat(done);
      });
      return done;
    },

    /** The questions received on time by the given providers' workflows. */
    async countOnTimeQuestions({ cycleId, providerIds }: { cycleId: string; providerIds: string[] }) {
      const context = Context.current();
      let count = 0;
      let done = 0;
      await inPool(providerIds, concurrency, async (id) => {
        const view = await deps.client.workflow
          .getHandle(providerWorkflowId(cycleId, id))
          .query(providerViewQuery);
        count += view.questions.filter((q) => q.onTime).length;
        context.heartbeat(++done);
      });
      return count;
    },

    /** Per region: applicants, how many are not assessed, and whether its decision stands on the current assessments. */
    async assessmentReadiness(input: {
      cycleId: string;
      providerIds: string[];
      regions: string[];
      decisionBasis: Record<string, string>;
    }): Promise<RegionReadiness[]> {
      const views = await viewsOf(input.cycleId, input.providerIds);
      return readiness(input.regions, views, input.decisionBasis);
    },

    /** The objections received in time and not yet answered. */
    async openObjections(input: { cycleId: string; providerIds: string[] }) {
      const views = await viewsOf(input.cycleId, input.providerIds);
      return views.flatMap((v) =>
        v.objections
          .filter((o) => o.onTime && !o.answer)
          .map((o) => ({ providerId: v.provider.id, provider: v.provider.name, filedAt: o.receivedAt })),
      );
    },

    /** The contracts sent and not signed. */
    async unsignedContracts(input: { cycleId: string; providerIds: string[] }) {
      const views = await viewsOf(input.cycleId, input.providerIds);
      return views
        .filter((v) => v.contract && !v.contract.signedAt)
        .map((v) => ({
          providerId: v.provider.id,
          provider: v.provider.name,
          sentAt: v.contract?.sentAt ?? null,
        }));
    },

    /**
     * Starts the contract-period workflow of every signed contract (once: a second start is recognised by its id).
     * Returns who was handed over and whose contract was not signed.
     */
    async handOverContracts(input: {
      cycleId: string;
      providerIds: string[];
      wlzUitvoerder: { name: string; email: string };
      timezone: string;
      /** The cycle's configuration: its budget and obligation terms govern the contract period. */
      config?: CycleConfig;
    }): Promise<{ handedOver: string[]; unsigned: string[] }> {
      const taskQueue = Context.current().info.taskQueue;
      const views = await viewsOf(input.cycleId, input.providerIds);
      const handedOver: string[] = [];
      const handedOverRefs: ProviderRef[] = [];
      const unsigned: string[] = [];
      await inPool(views, concurrency, async (v) => {
        if (!v.contract) return;
        if (!v.contract.signedAt) {
          unsigned.push(v.provider.id);
          return;
        }
        const handover: ContractHandover = {
          cycleId: input.cycleId,
          provider: v.provider,
          wlzUitvoerder: input.wlzUitvoerder,
          timezone: input.timezone,
          contract: v.contract,
          ...(input.config ? { config: input.config } : {}),
        };
        try {
          await deps.client.workflow.start('contractPeriodWorkflow', {
            workflowId: contractWorkflowId(input.cycleId, v.provider.id),
            taskQueue,
            args: [handover],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
        handedOver.push(v.provider.id);
        handedOverRefs.push(v.provider);
        Context.current().heartbeat(handedOver.length);
      });
      if (input.config && handedOverRefs.length > 0) {
        const coordinator: BudgetCoordinatorInput = {
          cycleId: input.cycleId,
          config: input.config,
          providers: handedOverRefs.sort((a, b) => a.id.localeCompare(b.id)),
        };
        try {
          await deps.client.workflow.start('budgetCoordinatorWorkflow', {
            workflowId: budgetWorkflowId(input.cycleId),
            taskQueue,
            args: [coordinator],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }
      return { handedOver: handedOver.sort(), unsigned: unsigned.sort() };
    },
  };

  function viewsOf(cycleId: string, providerIds: string[]): Promise<ProviderView[]> {
    const context = Context.current();
    return providerViews(deps.client, cycleId, providerIds, {
      concurrency,
      progress: (done) => context.heartbeat(done),
    });
  }
}
