/**
 * GET /audit: the audit log for officers and legal, filtered by cycle, provider and time, the latest `limit` entries
 * in the order they were recorded. A token bound to one cycle sees that cycle's entries only. Every read of the log is
 * itself recorded.
 */
import { z } from 'zod';
import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from '../audit/journal';
import { permitCycle } from '../cycle-binding';
import { ApiError } from '../errors';
import type { Api, ApiContext } from '../server';
import { ProviderParamsSchema } from './provider';

export const AuditQuerySchema = z.strictObject({
  cycle: ProviderParamsSchema.shape.cycleId.optional(),
  provider: ProviderParamsSchema.shape.providerId.optional(),
  since: z.iso
    .datetime({ offset: true, message: 'must be an ISO-8601 instant such as 2023-08-01T15:00:00Z' })
    .optional(),
  limit: z.coerce
    .number({ message: `must be a whole number from 1 to ${MAX_AUDIT_LIMIT}` })
    .int(`must be a whole number from 1 to ${MAX_AUDIT_LIMIT}`)
    .min(1, `must be a whole number from 1 to ${MAX_AUDIT_LIMIT}`)
    .max(MAX_AUDIT_LIMIT, `must be a whole number from 1 to ${MAX_AUDIT_LIMIT}`)
    .default(DEFAULT_AUDIT_LIMIT),
});

export function registerAuditRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/audit',
    {
      config: {
        access: { roles: ['officer', 'legal'], boundToCycle: 'narrowed' },
        audit: { action: 'audit.read', fields: { cycle: 'cycle', provider: 'provider', since: 'since' } },
      },
      schema: {
        tags: ['audit'],
        summary: 'Who did what: every request that changed something, and every refused attempt',
        querystring: AuditQuerySchema,
      },
    },
    async (request) => {
      const audit = ctx.deps.audit;
      if (!audit) throw new ApiError(404, 'notFound', 'this server keeps no audit log');
      const caller = ctx.caller(request);
      const { cycle, provider, since, limit } = request.query;
      permitCycle(caller, cycle);
      const cycleId = caller.cycleId ?? cycle;
      return audit.read({
        ...(cycleId ? { cycleId } : {}),
        ...(provider ? { providerId: provider } : {}),
        ...(since ? { since: new Date(since) } : {}),
        limit,
      });
    },
  );
}
