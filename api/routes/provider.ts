/**
 * What a provider does through the API, each answered with its signed receipt: ask a question, submit, supplement,
 * withdraw, object, report production and prognosis, report a threatened overrun; and read its own state, receipts and
 * budget. Routes name the provider (`/cycles/:cycleId/providers/:providerId/…`); a provider token may only name itself,
 * and officers (and for reading, legal) may name any provider.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contractInputs } from '../../client/contract-period';
import { providerInputs } from '../../client/inputs';
import { MONTH_PATTERN } from '../../domain/budget/months';
import { type DOCUMENT_KINDS, SubmittedDocumentSchema } from '../../domain/submission-rules';
import { providerWorkflowId } from '../../workflows/ids';
import { providerViewQuery } from '../../workflows/provider-api';
import { FileRefSchema, resolveFiles } from '../file-refs';
import type { Api, ApiContext } from '../server';
import { notFoundAs404 } from '../workflow-reads';

export const ProviderParamsSchema = z.strictObject({
  cycleId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be a cycle id such as vgz-2027-2028'),
  providerId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a provider id'),
});

const text = (max: number) =>
  z
    .string()
    .refine((s) => s.trim() !== '', 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** A document of a submission as the workflow's schema has it (kind, issue date), its file named by hash. */
const DocumentRefSchema = FileRefSchema.extend(
  SubmittedDocumentSchema.pick({ kind: true, issuedOn: true }).shape,
);

const receipt = { tags: ['provider'] };
const own = (...extra: ('officer' | 'legal')[]) => ({
  access: { roles: ['provider', ...extra] as const, ownProvider: true },
});
/** A provider's input, recorded in the audit log as `action` on its workflow (with small fields of its body). */
const input = (
  action: string,
  workflow: 'provider' | 'contract',
  fields?: Record<string, string>,
  ...extra: 'officer'[]
) => ({ ...own(...extra), audit: { action, workflow, ...(fields ? { fields } : {}) } });

export function registerProviderRoutes(app: Api, ctx: ApiContext): void {
  type Request = FastifyRequest & { params: z.infer<typeof ProviderParamsSchema> };
  const inputs = (request: Request) =>
    providerInputs(ctx.deps.client, request.params.cycleId, request.params.providerId, ctx.stamp(request));
  const contract = (request: Request) =>
    contractInputs(ctx.deps.client, request.params.cycleId, request.params.providerId, ctx.stamp(request));
  const base = '/cycles/:cycleId/providers/:providerId';
  const documents = (refs: z.infer<typeof DocumentRefSchema>[], field: string) =>
    resolveFiles(ctx.deps.store, refs, ctx.limits, field).then((files) =>
      files.map((f, i) => ({
        ...f,
        kind: refs[i]?.kind as (typeof DOCUMENT_KINDS)[number],
        ...(refs[i]?.issuedOn ? { issuedOn: refs[i]?.issuedOn } : {}),
      })),
    );

  app.get(
    base,
    {
      config: own('officer', 'legal'),
      schema: { ...receipt, summary: "The provider's state in the cycle", params: ProviderParamsSchema },
    },
    async (request) =>
      notFoundAs404(
        ctx.deps.client.workflow
          .getHandle(providerWorkflowId(request.params.cycleId, request.params.providerId))
          .query(providerViewQuery),
        `provider ${request.params.providerId} is not registered in cycle ${request.params.cycleId}`,
      ),
  );

  app.get(
    `${base}/receipts`,
    {
      config: own('officer'),
      schema: { ...receipt, summary: 'Every receipt the provider was sent', params: ProviderParamsSchema },
    },
    async (request) => {
      const view = await notFoundAs404(
        ctx.deps.client.workflow
          .getHandle(providerWorkflowId(request.params.cycleId, request.params.providerId))
          .query(providerViewQuery),
        `provider ${request.params.providerId} is not registered in cycle ${request.params.cycleId}`,
      );
      const receipts = [
        ...view.questions.map((q) => ({
          kind: 'question',
          number: q.number,
          receivedAt: q.receivedAt,
          onTime: q.onTime,
          code: q.receiptCode,
        })),
        ...view.history.map((h) => ({
          kind: h.kind,
          number: h.sequence,
          receivedAt: h.receivedAt,
          onTime: h.onTime,
          code: h.receiptCode,
        })),
        // The provider's view does not say whether a withdrawal was on time (one after its term is refused, never
        // recorded), so a withdrawal's receipt says nothing about it rather than something assumed.
        ...view.withdrawals.map((w) => ({
          kind: 'withdrawal',
          number: w.sequence,
          receivedAt: w.receivedAt,
          code: w.receiptCode,
        })),
        ...view.objections.map((o) => ({
          kind: 'objection',
          number: o.number,
          receivedAt: o.receivedAt,
          onTime: o.onTime,
          code: o.receiptCode,
        })),
      ].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
      return { receipts };
    },
  );

  app.post(
    `${base}/questions`,
    {
      config: input('question', 'provider'),
      schema: {
        ...receipt,
        summary: 'Ask a question for the Nota van Inlichtingen',
        params: ProviderParamsSchema,
        body: z.strictObject({ text: text(20_000) }),
      },
    },
    async (request, reply) => reply.status(201).send(await inputs(request).askQuestion(request.body.text)),
  );

  app.post(
    `${base}/submission`,
    {
      config: input('submission', 'provider', { regions: 'regions', consortium: 'consortium' }),
      schema: {
        ...receipt,
        summary: 'Submit (or replace the submission): regions and the uploaded documents',
        params: ProviderParamsSchema,
        body: z.strictObject({
          regions: z.array(text(200)).min(1, 'must name at least one region'),
          documents: z.array(DocumentRefSchema).max(200, 'must hold at most 200 documents'),
          consortium: z.boolean().optional(),
        }),
      },
    },
    async (request, reply) => {
      const { regions, consortium } = request.body;
      const docs = await documents(request.body.documents, 'documents');
      return reply.status(201).send(
        await inputs(request).submit({
          regions,
          documents: docs,
          ...(consortium === undefined ? {} : { consortium }),
        }),
      );
    },
  );

  app.post(
    `${base}/supplements`,
    {
      config: input('supplement', 'provider'),
      schema: {
        ...receipt,
        summary: 'Add documents to the submission',
        params: ProviderParamsSchema,
        body: z.strictObject({
          documents: z.array(DocumentRefSchema).min(1, 'must hold at least one document').max(200),
        }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await inputs(request).supplement(await documents(request.body.documents, 'documents'))),
  );

  app.post(
    `${base}/withdrawal`,
    {
      config: input('withdrawal', 'provider'),
      schema: {
        ...receipt,
        summary: 'Withdraw the submission',
        params: ProviderParamsSchema,
        body: z.strictObject({ reason: text(5_000).optional() }),
      },
    },
    async (request, reply) => reply.status(201).send(await inputs(request).withdraw(request.body.reason)),
  );

  app.post(
    `${base}/objections`,
    {
      config: input('objection', 'provider', { regions: 'regions' }),
      schema: {
        ...receipt,
        summary: 'Object (bezwaar) to the announced outcome',
        params: ProviderParamsSchema,
        body: z.strictObject({
          text: text(50_000),
          regions: z.array(text(200)).min(1).optional(),
          files: z.array(FileRefSchema).max(100, 'must hold at most 100 files').default([]),
        }),
      },
    },
    async (request, reply) => {
      const files = (await resolveFiles(ctx.deps.store, request.body.files, ctx.limits, 'files')).map(
        (f) => ({
          name: f.name,
          sizeBytes: f.sizeBytes,
          sha256: f.sha256,
          type: f.mediaType,
        }),
      );
      return reply.status(201).send(
        await inputs(request).object({
          text: request.body.text,
          ...(request.body.regions ? { regions: request.body.regions } : {}),
          files,
        }),
      );
    },
  );

  app.get(
    `${base}/budget`,
    {
      config: own('officer', 'legal'),
      schema: {
        tags: ['contract period'],
        summary: 'The budget per region, the ladder cases and the obligations',
        params: ProviderParamsSchema,
      },
    },
    async (request) =>
      notFoundAs404(
        contract(request).view(),
        `provider ${request.params.providerId} has no contract in cycle ${request.params.cycleId}`,
      ),
  );

  app.post(
    `${base}/production`,
    {
      config: input(
        'production',
        'contract',
        { month: 'month', region: 'region', hours: 'hours', clientRegion: 'clientRegion' },
        'officer',
      ),
      schema: {
        tags: ['contract period'],
        summary: 'Hours delivered in a region in a month (an officer sends the import)',
        params: ProviderParamsSchema,
        body: z.strictObject({
          month: z.string().regex(MONTH_PATTERN, 'must be a month as "YYYY-MM"'),
          region: text(200),
          hours: z.number({ message: 'must be a number of hours' }),
          clientRegion: text(200).optional(),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await contract(request).reportProduction({
          ...request.body,
          by: ctx.caller(request).role === 'officer' ? 'officer' : 'provider',
        }),
      ),
  );

  app.post(
    `${base}/prognosis`,
    {
      config: input('prognosis', 'contract', { year: 'year', region: 'region' }),
      schema: {
        tags: ['contract period'],
        summary: "The year's prognosis: twelve monthly amounts in euros",
        params: ProviderParamsSchema,
        body: z.strictObject({ year: z.int(), region: text(200).optional(), months: z.array(z.number()) }),
      },
    },
    async (request, reply) => reply.status(201).send(await contract(request).submitPrognosis(request.body)),
  );

  app.post(
    `${base}/overrun-reports`,
    {
      config: input('overrun.report', 'contract', { region: 'region', year: 'year' }),
      schema: {
        tags: ['contract period'],
        summary: 'Report a threatened budget overrun',
        params: ProviderParamsSchema,
        body: z.strictObject({
          region: text(200),
          year: z.int().optional(),
          note: z.string().max(4000).optional(),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await contract(request).reportOverrun(request.body)),
  );
}
