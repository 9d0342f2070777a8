/**
 * The rate limit per address, counted before the token is checked. The limit per token (@fastify/rate-limit on each
 * route) only sees requests whose token was valid: one with no token or a wrong one is answered 401 before it. This
 * counts every request by the caller's address (an IPv6 address by its /64, as the limit per token does) in an
 * app-wide onRequest hook that runs before the token check, so trying tokens by the thousand is answered 429 like any
 * other flood. Its counts live in @fastify/rate-limit's store of its own (a bounded LRU), apart from the per-token one.
 */
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

/** At most `max` requests in `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** "1 minute", "30 s": a window as a message says it. */
export function windowText(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  return `${Math.ceil(ms / 1000)} s`;
}

/**
 * An onRequest hook that answers 429 once an address made more than `limit.max` requests in its window. `app` is a
 * server with @fastify/rate-limit registered (its `createRateLimit`).
 */
export function addressLimit(app: Pick<FastifyInstance, 'createRateLimit'>, limit: RateLimit) {
  const check = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (request) => normalizeIP(request.ip),
  });
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    void reply.header('retry-after', String(result.ttlInSeconds));
    throw new ApiError(
      429,
      'rateLimited',
      `too many requests from this address: at most ${limit.max} in ${windowText(limit.windowMs)}; try again later`,
    );
  };
}
