/**
 * What the browser dashboard reads (the answers' types are in api/dashboard-views.ts): who the token is, every cycle
 * with what needs attention, a cycle's timeline and its calendar, its providers, the mail exchanged with one provider,
 * and the contract period's budgets. Officers and legal read everything; a provider reads only its own thread.
 */
import { cycleBudgets } from '../../client/budgets';
import { cycleOverview } from '../../client/cycle-overview';
import { cycleStatus, listCycles } from '../../client/cycles';
import { providerViews } from '../../client/provider-views';
import { mailThread } from '../../domain/mail-thread';
import { sentReminders, timelineMilestones } from '../../domain/timeline-view';
import { acknowledgmentAbout } from '../../inbound/take-in';
import { cycleCalendar } from '../../mail/calendar';
import { inPool } from '../../support/pool';
import { providerWorkflowId } from '../../workflows/ids';
import { providerViewQuery } from '../../workflows/provider-api';
import type {
  BudgetsResponse,
  CycleOverview,
  CyclesResponse,
  MeView,
  ProvidersResponse,
  ThreadResponse,
  TimelineResponse,
} from '../dashboard-views';
import type { Api, ApiContext } from '../server';
import { notFoundAs404 } from '../workflow-reads';
import { CycleParamsSchema } from './officer';
import { ProviderParamsSchema } from './provider';

const readers = { access: { roles: ['officer', 'legal'] as const } };
const tags = ['dashboard'];

export function registerDashboardRoutes(app: Api, ctx: ApiContext): void {
  const client = ctx.deps.client;
  const status = (cycleId: string) =>
    notFoundAs404(cycleStatus(client, cycleId), `there is no cycle ${cycleId}`);

  app.get(
    '/me',
    {
      config: { access: { roles: ['provider', 'officer', 'legal'], boundToCycle: 'yes' } },
      schema: { tags, summary: 'Who this token is: role, label, and the provider and cycle it is bound to' },
    },
    async (request): Promise<MeView> => {
      const caller = ctx.caller(request);
      return {
        role: caller.role,
        tokenId: caller.tokenId,
        label: caller.label ?? null,
        providerId: caller.providerId ?? null,
        cycleId: caller.cycleId ?? null,
        now: ctx.clock().toISOString(),
      };
    },
  );

  app.get(
    '/cycles',
    {
      config: { access: { roles: ['officer', 'legal'], boundToCycle: 'narrowed' } },
      schema: { tags, summary: 'Every cycle on the server: phase, next milestone and what needs attention' },
    },
    async (request): Promise<CyclesResponse> => {
      // A token bound to one cycle sees that cycle only.
      const bound = ctx.caller(request).cycleId;
      const listed = (await listCycles(client, ctx.deps.cycleIds ?? [])).filter(
        (c) => !bound || c.cycleId === bound,
      );
      const now = ctx.clock();
      const cycles = new Map<string, CycleOverview>();
      await inPool(listed, 4, async (c) => {
        cycles.set(c.cycleId, await cycleOverview(client, c, now));
      });
      return { cycles: listed.map((c) => cycles.get(c.cycleId) as CycleOverview) };
    },
  );

  app.get(
    '/cycles/:cycleId/timeline',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Every milestone (reached or not, with its amendments) and the reminders sent',
        params: CycleParamsSchema,
      },
    },
    async (request): Promise<TimelineResponse> => {
      const current = await status(request.params.cycleId);
      const views = await providerViews(client, current.cycleId);
      const timezone = current.config.timezone;
      return {
        cycleId: current.cycleId,
        timezone,
        now: ctx.clock().toISOString(),
        milestones: timelineMilestones(current),
        reminders: sentReminders(
          views.map((v) => v.reminders),
          timezone,
        ),
      };
    },
  );

  app.get(
    '/cycles/:cycleId/calendar.ics',
    {
      config: readers,
      schema: {
        tags,
        summary: "The running cycle's schedule (amendments included) as an iCalendar file",
        params: CycleParamsSchema,
      },
    },
    async (request, reply) => {
      const current = await status(request.params.cycleId);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${current.cycleId}.ics"`)
        .send(cycleCalendar(current.config, current.timeline));
    },
  );

  app.get(
    '/cycles/:cycleId/providers',
    {
      config: readers,
      schema: { tags, summary: "Every registered provider's state", params: CycleParamsSchema },
    },
    async (request): Promise<ProvidersResponse> => ({
      providers: await notFoundAs404(
        providerViews(client, request.params.cycleId),
        `there is no cycle ${request.params.cycleId}`,
      ),
    }),
  );

  app.get(
    '/cycles/:cycleId/providers/:providerId/thread',
    {
      config: { access: { roles: ['provider', 'officer', 'legal'], ownProvider: true } },
      schema: {
        tags,
        summary: 'Every e-mail sent to and received from the provider, oldest first',
        params: ProviderParamsSchema,
      },
    },
    async (request): Promise<ThreadResponse> => {
      const { cycleId, providerId } = request.params;
      const view = await notFoundAs404(
        client.workflow.getHandle(providerWorkflowId(cycleId, providerId)).query(providerViewQuery),
        `provider ${providerId} is not registered in cycle ${cycleId}`,
      );
      const { config } = await status(cycleId);
      const received = ctx.deps.inbound?.ledger.forProvider(cycleId, providerId, view.provider.email) ?? [];
      const outbox = ctx.deps.outbox;
      const sent = outbox
        ? [
            ...outbox.forProvider(cycleId, providerId),
            // The acknowledgment of a message in triage is about that message, not (yet) about a provider.
            ...received.flatMap((r) =>
              outbox.forProvider(r.cycleId ?? cycleId, acknowledgmentAbout(r.messageId)),
            ),
          ]
        : [];
      return { messages: mailThread({ sent, received, zone: config.timezone }) };
    },
  );

  app.get(
    '/cycles/:cycleId/budgets',
    {
      config: readers,
      schema: {
        tags: ['contract period'],
        summary: 'Each contract with its budget by month, the budget coordinator and the review per region',
        params: CycleParamsSchema,
      },
    },
    async (request): Promise<BudgetsResponse> => cycleBudgets(client, await status(request.params.cycleId)),
  );
}
