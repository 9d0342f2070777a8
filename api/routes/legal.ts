/**
 * What legal does through the API: read the legal register (every objection with its terms), record the answer to an
 * objection and a kort geding served. Officers may read the register too.
 */
import type { FastifyRequest } from 'fastify';
import { legalActions } from '../../client/inputs';
import { legalRegister } from '../../client/legal';
import { KortGedingInputSchema, ObjectionAnswerInputSchema } from '../../domain/objection';
import type { Api, ApiContext } from '../server';
import { notFoundAs404 } from '../workflow-reads';
import { CycleParamsSchema } from './officer';
import { ProviderParamsSchema } from './provider';

const tags = ['legal'];

export function registerLegalRoutes(app: Api, ctx: ApiContext): void {
  const legal = (cycleId: string, request: FastifyRequest) =>
    legalActions(ctx.deps.client, cycleId, ctx.stamp(request));

  app.get(
    '/cycles/:cycleId/legal-register',
    {
      config: { access: { roles: ['legal', 'officer'] } },
      schema: {
        tags,
        summary: 'Every objection with its terms, answer and kort geding',
        params: CycleParamsSchema,
      },
    },
    async (request) => ({
      rows: await notFoundAs404(
        legalRegister(ctx.deps.client, request.params.cycleId),
        `cycle ${request.params.cycleId} is not running`,
      ),
    }),
  );

  app.post(
    '/cycles/:cycleId/providers/:providerId/objection-answers',
    {
      config: {
        access: { roles: ['legal'] },
        audit: {
          action: 'objection.answer',
          workflow: 'provider',
          fields: { objection: 'objection', outcome: 'outcome' },
        },
      },
      schema: {
        tags,
        summary: "Record the answer to a provider's objection",
        params: ProviderParamsSchema,
        body: ObjectionAnswerInputSchema.omit({ receivedAt: true }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await legal(request.params.cycleId, request).answerObjection(
            request.params.providerId,
            request.body,
          ),
        ),
  );

  app.post(
    '/cycles/:cycleId/providers/:providerId/kort-gedingen',
    {
      config: {
        access: { roles: ['legal'] },
        audit: {
          action: 'kortGeding.record',
          workflow: 'provider',
          fields: { objection: 'objection', servedOn: 'servedOn' },
        },
      },
      schema: {
        tags,
        summary: 'Record a kort geding served by the provider',
        params: ProviderParamsSchema,
        body: KortGedingInputSchema.omit({ receivedAt: true }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await legal(request.params.cycleId, request).recordKortGeding(
            request.params.providerId,
            request.body,
          ),
        ),
  );
}
