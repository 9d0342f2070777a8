/**
 * What the procurement officer does through the API: start a cycle from a configuration, read cycles, register
 * providers, publish the NvI, amend the schedule, announce the tariff, record assessments, decide the selection per
 * region, release a held-back announcement; in the contract period steer the escalation ladder, set ceilings, approve
 * transfers and record the consultation with VWS. The officer's name in the record is the token's label.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { budgetActions, contractActions } from '../../client/contract-period';
import { cycleStatus, plannedStatus, startOrResumeCycle } from '../../client/cycles';
import { officerActions } from '../../client/inputs';
import { AssessmentInputSchema } from '../../domain/assessment';
import {
  CeilingInputSchema,
  MaatwerkInputSchema,
  MoveOnInputSchema,
  TransferInputSchema,
  VwsRequestInputSchema,
} from '../../domain/budget/inputs';
import { validateCycleConfig } from '../../domain/config';
import {
  AmendmentInputSchema,
  NviInputSchema,
  RegistrationInputSchema,
  TariffInputSchema,
} from '../../domain/inputs';
import type { AuditRule } from '../audit/hook';
import { permitCycle } from '../cycle-binding';
import { ApiError } from '../errors';
import type { Api, ApiContext } from '../server';
import { notFoundAs404 } from '../workflow-reads';
import { ProviderParamsSchema } from './provider';

export const CycleParamsSchema = ProviderParamsSchema.pick({ cycleId: true });
const officerOnly = { access: { roles: ['officer'] as const } };
/** A route only the officer may call, recorded in the audit log as `action`. */
const officerAction = (audit: AuditRule) => ({ ...officerOnly, audit });
const officerOrLegal = { access: { roles: ['officer', 'legal'] as const } };
const tags = ['officer'];

export function registerOfficerRoutes(app: Api, ctx: ApiContext): void {
  const client = ctx.deps.client;
  const officerName = (request: Parameters<ApiContext['caller']>[0]) => {
    const caller = ctx.caller(request);
    return caller.label ?? `officer (token ${caller.tokenId})`;
  };
  const officer = (cycleId: string, request: FastifyRequest) =>
    officerActions(client, cycleId, ctx.stamp(request));
  const running = (cycleId: string) => `cycle ${cycleId} is not running`;

  app.post(
    '/cycles',
    {
      config: {
        access: { roles: ['officer'], boundToCycle: 'narrowed' },
        audit: { action: 'cycle.start', workflow: 'cycle', fields: { cycleId: 'id' } },
      },
      schema: {
        tags,
        summary:
          'Start a cycle from a configuration (the same as a configuration file, as JSON); resumes a running one',
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (request, reply) => {
      permitCycle(ctx.caller(request), request.body.id);
      const result = validateCycleConfig(request.body);
      if (!result.ok)
        throw new ApiError(
          400,
          'invalid',
          `invalid cycle configuration: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
          result.problems,
        );
      const started = await startOrResumeCycle(client, result.config, ctx.deps.taskQueue);
      if (started.state === 'closed')
        throw new ApiError(
          409,
          'refused',
          `id: cycle ${result.config.id} has ended; a cycle id is used once`,
        );
      const status = await plannedStatus(started.handle);
      return reply
        .status(started.state === 'started' ? 201 : 200)
        .send({ cycleId: result.config.id, state: started.state, differences: started.differences, status });
    },
  );

  app.get(
    '/cycles/:cycleId',
    {
      config: officerOrLegal,
      schema: { tags, summary: "A cycle's phase, timeline, NvI, decisions", params: CycleParamsSchema },
    },
    async (request) =>
      notFoundAs404(cycleStatus(client, request.params.cycleId), running(request.params.cycleId)),
  );

  app.post(
    '/cycles/:cycleId/providers',
    {
      config: officerAction({ action: 'providers.register', workflow: 'cycle' }),
      schema: {
        tags,
        summary: 'Register providers in the cycle',
        params: CycleParamsSchema,
        body: RegistrationInputSchema,
      },
    },
    async (request) => officer(request.params.cycleId, request).registerProviders(request.body.providers),
  );

  app.post(
    '/cycles/:cycleId/nvi',
    {
      config: officerAction({ action: 'nvi.publish', workflow: 'cycle' }),
      schema: {
        tags,
        summary: 'Publish the Nota van Inlichtingen',
        params: CycleParamsSchema,
        body: NviInputSchema.omit({ receivedAt: true }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await officer(request.params.cycleId, request).publishNvi(request.body.answers)),
  );

  app.post(
    '/cycles/:cycleId/schedule-amendments',
    {
      config: officerAction({
        action: 'schedule.amend',
        workflow: 'cycle',
        fields: { milestone: 'milestone', to: 'to' },
      }),
      schema: {
        tags,
        summary: 'Amend a milestone of the schedule',
        params: CycleParamsSchema,
        body: AmendmentInputSchema.omit({ receivedAt: true }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await officer(request.params.cycleId, request).amendSchedule(
            request.body.milestone,
            request.body.to,
            request.body.reason,
          ),
        ),
  );

  app.post(
    '/cycles/:cycleId/tariff',
    {
      config: officerAction({
        action: 'tariff.announce',
        workflow: 'cycle',
        fields: { hourlyRate: 'hourlyRate' },
      }),
      schema: {
        tags,
        summary: 'Announce the final tariff',
        params: CycleParamsSchema,
        body: TariffInputSchema.omit({ receivedAt: true }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await officer(request.params.cycleId, request).announceTariff(request.body.hourlyRate)),
  );

  app.post(
    '/cycles/:cycleId/providers/:providerId/assessments',
    {
      config: officerAction({ action: 'assessment', workflow: 'provider', fields: { region: 'region' } }),
      schema: {
        tags,
        summary: 'Record the assessment of a provider in a region',
        params: ProviderParamsSchema,
        body: AssessmentInputSchema.omit({ receivedAt: true }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await officer(request.params.cycleId, request).assess(request.params.providerId, request.body)),
  );

  app.get(
    '/cycles/:cycleId/proposals',
    {
      config: officerOnly,
      schema: { tags, summary: 'The proposed selection per region', params: CycleParamsSchema },
    },
    async (request) => ({
      proposals: await notFoundAs404(
        officer(request.params.cycleId, request).proposals(),
        running(request.params.cycleId),
      ),
    }),
  );

  app.post(
    '/cycles/:cycleId/regions/:region/selection',
    {
      config: officerAction({
        action: 'selection.decide',
        workflow: 'cycle',
        fields: { selected: 'selected' },
      }),
      schema: {
        tags,
        summary: "Decide a region's selection: confirm the proposal, or name those selected with a reason",
        params: CycleParamsSchema.extend({ region: z.string().min(1).max(200) }),
        body: z.strictObject({
          selected: z.array(z.string().min(1)).optional(),
          reason: z.string().trim().min(1).max(10_000).optional(),
          allocation: z.record(z.string(), z.number()).optional(),
        }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await officer(request.params.cycleId, request).decideSelection(request.params.region, request.body),
        ),
  );

  app.post(
    '/cycles/:cycleId/announcement/release',
    {
      config: officerAction({ action: 'announcement.release', workflow: 'cycle' }),
      schema: { tags, summary: 'Release a held-back announcement', params: CycleParamsSchema },
    },
    async (request) => officer(request.params.cycleId, request).releaseAnnouncement(),
  );

  // The contract period.
  const ladder = (p: z.infer<typeof ProviderParamsSchema>, request: Parameters<ApiContext['caller']>[0]) =>
    contractActions(client, p.cycleId, p.providerId, officerName(request), ctx.stamp(request));
  const budget = (cycleId: string, request: Parameters<ApiContext['caller']>[0]) =>
    budgetActions(client, cycleId, officerName(request), ctx.stamp(request));
  const contractTags = ['contract period'];

  app.post(
    '/cycles/:cycleId/providers/:providerId/budget/maatwerk',
    {
      config: officerAction({
        action: 'ladder.maatwerk',
        workflow: 'contract',
        fields: { region: 'region', year: 'year' },
      }),
      schema: {
        tags: contractTags,
        summary: 'Record the custom agreements (maatwerk) of an overrun case, or that none could be made',
        params: ProviderParamsSchema,
        body: MaatwerkInputSchema.omit({ receivedAt: true, by: true }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ladder(request.params, request).recordMaatwerk(request.body)),
  );

  for (const [path, summary, action] of [
    ['move-on', 'Move an overrun case to its next step', 'moveOn'],
    ['close-case', 'Close an overrun case early: the threat disappeared', 'closeCase'],
  ] as const)
    app.post(
      `/cycles/:cycleId/providers/:providerId/budget/${path}`,
      {
        config: officerAction({
          action: `ladder.${action}`,
          workflow: 'contract',
          fields: { region: 'region', year: 'year' },
        }),
        schema: {
          tags: contractTags,
          summary,
          params: ProviderParamsSchema,
          body: MoveOnInputSchema.omit({ receivedAt: true, by: true }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await ladder(request.params, request)[action](request.body)),
    );

  app.post(
    '/cycles/:cycleId/providers/:providerId/budget/ceiling',
    {
      config: officerAction({
        action: 'ceiling.set',
        workflow: 'contract',
        fields: { region: 'region', year: 'year', amount: 'amount', final: 'final' },
      }),
      schema: {
        tags: contractTags,
        summary: "Set a region's ceiling for a contract year (the final one, or a correction)",
        params: ProviderParamsSchema,
        body: CeilingInputSchema.omit({ receivedAt: true, by: true }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ladder(request.params, request).setCeiling(request.body)),
  );

  app.post(
    '/cycles/:cycleId/budget/transfers',
    {
      config: officerAction({
        action: 'budget.transfer',
        workflow: 'budget',
        fields: {
          from: 'from',
          to: 'to',
          region: 'region',
          toRegion: 'toRegion',
          year: 'year',
          amount: 'amount',
        },
      }),
      schema: {
        tags: contractTags,
        summary: 'Approve a transfer of budget room (overheveling)',
        params: CycleParamsSchema,
        body: TransferInputSchema.omit({ receivedAt: true, by: true }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await budget(request.params.cycleId, request).transfer(request.body)),
  );

  app.post(
    '/cycles/:cycleId/budget/vws-requests',
    {
      config: officerAction({ action: 'vws.request', workflow: 'budget', fields: { year: 'year' } }),
      schema: {
        tags: contractTags,
        summary: 'Record the request to VWS for extra funds',
        params: CycleParamsSchema,
        body: VwsRequestInputSchema.omit({ receivedAt: true, by: true }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await budget(request.params.cycleId, request).requestVws(request.body)),
  );

  app.post(
    '/cycles/:cycleId/budget/vws-outcomes',
    {
      config: officerAction({
        action: 'vws.outcome',
        workflow: 'budget',
        fields: { year: 'year', granted: 'granted', amount: 'amount' },
      }),
      schema: {
        tags: contractTags,
        summary: 'Record the outcome of the consultation with VWS',
        params: CycleParamsSchema,
        body: z.strictObject({
          year: z.int(),
          granted: z.boolean({ message: 'must be true or false' }),
          amount: z.number().optional(),
          note: z.string().max(4000).optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await budget(request.params.cycleId, request).vwsOutcome(request.body)),
  );
}
