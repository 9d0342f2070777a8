/**
 * The triage queue of inbound e-mail: what the mail reader could not route with certainty, for the officer to route
 * (GET /triage, POST /triage/{id}/route). The input is stamped with the time the message reached the mailbox.
 */
import { z } from 'zod';
import { MAIL_KINDS } from '../../domain/mail-routing';
import { routeTriageItem } from '../../inbound/take-in';
import { ApiError } from '../errors';
import type { Api, ApiContext } from '../server';
import { ProviderParamsSchema } from './provider';

const officerOnly = { access: { roles: ['officer'] as const } };
const tags = ['mailbox'];

export function registerTriageRoutes(app: Api, ctx: ApiContext): void {
  const inbound = () => {
    const configured = ctx.deps.inbound;
    if (!configured) throw new ApiError(404, 'notFound', 'this server reads no mailbox (set OCO_IMAP_URL)');
    return configured;
  };

  app.get(
    '/triage',
    {
      config: officerOnly,
      schema: {
        tags,
        summary: 'Inbound messages that could not be routed with certainty',
        querystring: z.strictObject({ state: z.enum(['open', 'routed', 'all']).default('open') }),
      },
    },
    async (request) => {
      const { ledger } = inbound();
      const state = request.query.state;
      return { items: ledger.triage(state === 'all' ? undefined : state) };
    },
  );

  app.post(
    '/triage/:id/route',
    {
      config: {
        ...officerOnly,
        audit: {
          action: 'triage.route',
          workflow: 'provider',
          fields: { cycleId: 'cycleId', providerId: 'providerId', kind: 'kind', regions: 'regions' },
        },
      },
      schema: {
        tags,
        summary:
          'Route a triage item to a provider as a question, submission, supplement, objection or withdrawal',
        params: z.strictObject({ id: z.coerce.number().int().min(1, 'must be a triage number') }),
        body: ProviderParamsSchema.extend({
          kind: z.enum(MAIL_KINDS, { message: `must be one of ${MAIL_KINDS.join(', ')}` }),
          regions: z.array(z.string().min(1)).min(1).optional(),
        }),
      },
    },
    async (request, reply) => {
      const caller = ctx.caller(request);
      const receipt = await routeTriageItem(
        { ...inbound(), client: ctx.deps.client, store: ctx.deps.store },
        request.params.id,
        { ...request.body, by: caller.label ?? `officer (token ${caller.tokenId})` },
      );
      return reply.status(201).send(receipt);
    },
  );
}
