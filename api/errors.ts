/**
 * Every error the API answers is JSON with a status, a code, a message and, for bad input, the problems by field path:
 *
 *   { "error": { "status": 400, "code": "invalid", "message": "...", "problems": [{ "path": "regions[0]", "message": "..." }] } }
 *
 * Never a stack trace: an error the API does not know is logged and answered as "internal" without detail.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FilesRefusedError } from '../attachments/intake';
import { InputRefusedError } from '../client/inputs';
import { formatProblem, type Problem, pathKey } from '../domain/validation';

export type ErrorCode =
  | 'invalid'
  | 'refused'
  | 'notFound'
  | 'unauthorized'
  | 'forbidden'
  | 'tooLarge'
  | 'rateLimited'
  | 'unsupportedMediaType'
  | 'internal';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  error: { status: number; code: ErrorCode; message: string; problems?: Problem[] };
}

export function errorBody(error: ApiError): ErrorBody {
  return {
    error: {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.problems.length > 0 ? { problems: error.problems } : {}),
    },
  };
}

/** A zod issue path as the rest of the system writes it: "documents[0].sha256". */
function pathOf(instancePath: string, prefix: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  return parts.reduce(
    (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${pathKey(part)}` : pathKey(part)),
    prefix,
  );
}

/** Files refused: 413 when one is over a size or count limit ("at most"), else 400; every problem by field. */
export function filesRefusal(problems: Problem[]): ApiError {
  const tooLarge = problems.some((p) => /at most/.test(p.message));
  return new ApiError(
    tooLarge ? 413 : 400,
    tooLarge ? 'tooLarge' : 'invalid',
    problems.map(formatProblem).join('; '),
    problems,
  );
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InputRefusedError) {
    if (error.notFound) return new ApiError(404, 'notFound', error.message);
    return error.reason === 'invalid'
      ? new ApiError(400, 'invalid', error.message, error.problems)
      : new ApiError(409, 'refused', error.message, error.problems);
  }
  if (error instanceof FilesRefusedError) return filesRefusal(error.problems);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const problems = error.validation.map((v) => ({
      path: pathOf(v.instancePath, where === 'body' ? '' : where),
      message: v.message ?? 'is not valid',
    }));
    return new ApiError(
      400,
      'invalid',
      problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '),
      problems,
    );
  }
  const fastifyError = error as FastifyError;
  // Fastify says "not valid JSON" also for valid JSON it refuses: an object with a __proto__ or constructor.prototype
  // key (prototype poisoning). The message names both, so a caller is not left looking for a syntax error.
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    const message = 'must be valid JSON, without a "__proto__" or "constructor": { "prototype" } key';
    return new ApiError(400, 'invalid', `body: ${message}`, [{ path: '', message }]);
  }
  if (fastifyError?.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new ApiError(414, 'invalid', 'params: a path parameter is longer than 100 characters', [
      { path: 'params', message: 'must be at most 100 characters each' },
    ]);
  if (fastifyError?.code === 'FST_ERR_BAD_URL')
    return new ApiError(400, 'invalid', 'params: the path is not a valid URL (a broken %-escape)', [
      { path: 'params', message: 'must be valid URL-encoded text' },
    ]);
  if (fastifyError?.statusCode === 413 || fastifyError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new ApiError(413, 'tooLarge', 'the request body is larger than this endpoint accepts');
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new ApiError(415, 'unsupportedMediaType', fastifyError.message);
  if (fastifyError?.statusCode === 429) return new ApiError(429, 'rateLimited', fastifyError.message);
  if (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500)
    return new ApiError(
      fastifyError.statusCode,
      fastifyError.statusCode === 404 ? 'notFound' : 'invalid',
      fastifyError.message,
    );
  return new ApiError(500, 'internal', 'internal error; the request was not carried out');
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const api = toApiError(error);
  if (api.status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.status(api.status).send(errorBody(api));
}
