/**
 * The cycle's reach into its providers' workflows: start each one (if it is not running yet) and hand it the cycle's
 * news, in one activity per batch; and count the questions they hold. An activity, not child workflows or signals
 * from the cycle, so the cycle's history grows with batches, not with providers.
 *
 * Delivering the same news twice is harmless: a provider workflow ignores news it already has.
 */
import { Context } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CycleNews } from '../domain/cycle-news';
import type { ProviderRef } from '../domain/inputs';
import { inPool } from '../support/pool';
import { providerWorkflowId } from '../workflows/ids';
import { cycleNewsSignal, providerViewQuery } from '../workflows/provider-api';

export interface ProviderActivityDependencies {
  client: Client;
  /** Calls to Temporal at once; the default suits a small server. */
  concurrency?: number;
}

export interface NewsDelivery {
  news: CycleNews;
  recipients: { provider: ProviderRef; answered: { number: number; changesDocuments: boolean }[] }[];
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
      await inPool(recipients, concurrency, async ({ provider, answered }) => {
        try {
          await deps.client.workflow.signalWithStart('providerWorkflow', {
            workflowId: providerWorkflowId(news.config.id, provider.id),
            taskQueue,
            args: [{ cycleId: news.config.id, provider }],
            signal: cycleNewsSignal,
            signalArgs: [{ ...news, answered }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          // A provider workflow that has already ended needs no news.
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
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
  };
}
