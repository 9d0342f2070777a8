/**
 * POST /files: a provider (or an officer, for a provider) uploads one file as the raw request body, its name in the
 * query. The file is checked against the size limit, inspected (media type, PDF text layer) and kept by its SHA-256;
 * the answer is what a submission, supplement or objection then refers to. Files never travel inside Temporal
 * payloads. Uploading the same file twice keeps it once.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FilesRefusedError, type ReceivedFile, receiveFiles } from '../../attachments/intake';
import { ApiError, filesRefusal } from '../errors';
import type { Api, ApiContext } from '../server';

export const ReceivedFileSchema = z.object({
  name: z.string(),
  sizeBytes: z.int(),
  sha256: z.string(),
  mediaType: z.string(),
  textLayer: z.enum(['present', 'absent', 'unreadable']).optional(),
});

export function registerFileRoutes(app: Api, ctx: ApiContext): void {
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Any type but JSON arrives as bytes, up to the per-file limit (and a little, so the intake names the limit).
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: ctx.limits.maxFileBytes + 1 },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/files',
      {
        config: {
          access: { roles: ['provider', 'officer'], boundToCycle: 'yes' },
          audit: { action: 'file.upload' },
        },
        bodyLimit: ctx.limits.maxFileBytes + 1,
        schema: {
          summary: 'Upload one file (the raw body); refer to it by its SHA-256 afterwards',
          tags: ['files'],
          querystring: z.strictObject({
            name: z.string().trim().min(1, 'must name the file (?name=Bestuursverklaring.pdf)').max(255),
          }),
          response: { 201: ReceivedFileSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body))
          throw new ApiError(
            415,
            'unsupportedMediaType',
            'body: send the file itself, not JSON (Content-Type of the file)',
          );
        try {
          const [file] = await receiveFiles(
            ctx.deps.store,
            [{ name: request.query.name, declaredType: request.headers['content-type'], content: body }],
            { ...ctx.limits, maxMessageBytes: Number.POSITIVE_INFINITY },
          );
          return reply.status(201).send(file as ReceivedFile);
        } catch (error) {
          if (error instanceof FilesRefusedError)
            // The one file is the request body.
            throw filesRefusal(error.problems.map((p) => ({ ...p, path: 'body' })));
          throw error;
        }
      },
    );
  });
}
