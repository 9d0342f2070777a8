/**
 * The HTTP API (Fastify): every actor's way into the same workflow Updates the command line and the mail reader use.
 * Requests and bodies are checked with zod (fastify-type-provider-zod), and the same schemas make the OpenAPI document
 * at /openapi.json. Every route states who may call it; a bearer token names the caller's role and, for a provider, the
 * provider it acts for, so a provider's token never reads or acts for another provider. Request size limits, a
 * rate limit per address before the token is even looked at (api/address-limit.ts) and one per token after; every
 * error is JSON with field paths (api/errors.ts), never a stack trace. Every request that changes something and every
 * refused attempt is recorded in the audit log (api/audit/hook.ts), refusals that repeat counted per address.
 */
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AttachmentStore } from '../attachments/store';
import { type Clock, systemClock } from '../client/inputs';
import { type AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS } from '../domain/attachment-limits';
import type { ProviderDirectory } from '../inbound/directory';
import type { InboundLedger } from '../inbound/ledger';
import type { SentMailJournal } from '../mail/outbox-journal';
import { addressLimit, type RateLimit } from './address-limit';
import { auditHooks, requestIdOf, requireAuditRule } from './audit/hook';
import type { AuditLog } from './audit/journal';
import type { RepeatedRefusalOptions } from './audit/repeated';
import { ApiError, errorBody, handleError } from './errors';
import { registerAuditRoutes } from './routes/audit';
import { registerDashboardRoutes } from './routes/dashboard';
import { registerFileRoutes } from './routes/files';
import { registerLegalRoutes } from './routes/legal';
import { registerOfficerRoutes } from './routes/officer';
import { registerProviderRoutes } from './routes/provider';
import { registerTriageRoutes } from './routes/triage';
import { isDashboardPath, registerDashboard } from './static';
import type { Caller, Role, TokenStore } from './tokens';

export interface ApiDependencies {
  client: Client;
  store: AttachmentStore;
  tokens: TokenStore;
  limits?: AttachmentLimits;
  /** Stamps each input with its receipt time. */
  clock?: Clock;
  /** Requests per token (or per address, on a route without a token) in a window: 600 a minute. */
  rateLimit?: RateLimit;
  /**
   * Requests per address in a window, counted before the token is checked, so tokens that are not valid are limited
   * too: by default ten times `rateLimit` (6,000 a minute), room for several callers behind one address.
   */
  preAuthRateLimit?: RateLimit;
  /** Largest JSON body, in bytes (file uploads have their own limit). */
  bodyLimitBytes?: number;
  /** The task queue new cycles are started on. */
  taskQueue?: string;
  /** The mail reader's ledger and directory, when this server reads a mailbox: the triage queue. */
  inbound?: { ledger: InboundLedger; directory: ProviderDirectory };
  /** The messages the mail server accepted from us (the worker's outbox journal): the providers' threads. */
  outbox?: SentMailJournal;
  /** Who did what: every request that changes something and every refused attempt. Without it, nothing is recorded. */
  audit?: AuditLog;
  /** How refused attempts that repeat (401, 429) are counted in the audit log (api/audit/repeated.ts). */
  repeatedRefusals?: Partial<RepeatedRefusalOptions>;
  /** The cycles this server was started for: listed even when the Temporal server's list does not have them. */
  cycleIds?: readonly string[];
  logger?: boolean;
}

/** Who may call a route: the roles, and whether a provider may only name itself (the `providerId` parameter). */
export interface Access {
  roles: readonly Role[];
  /** A provider token must match the route's `providerId`. */
  ownProvider?: boolean;
  /**
   * A token bound to one cycle may only name that cycle (`cycleId`). On a route that names no cycle it is refused,
   * unless the route says: 'yes' (the route is about no cycle: who the token is, a file upload) or 'narrowed' (the
   * route answers only about the token's cycle).
   */
  boundToCycle?: 'yes' | 'narrowed';
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    /** When the request arrived (the first hook); inputs are stamped with it. */
    arrivedAt?: Date;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with its access rule. */
    routeTable: RouteEntry[];
  }
}

export type Api = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ApiContext {
  deps: ApiDependencies;
  limits: AttachmentLimits;
  clock: Clock;
  /** The caller as the route's access rule let it in. */
  caller(request: FastifyRequest): Caller;
  /** The receipt time of a request's input: the moment the request arrived, not when its handler ran. */
  stamp(request: FastifyRequest): Clock;
}

const PUBLIC = new Set(['/openapi.json', '/health']);

interface RouteParams {
  providerId?: string;
  cycleId?: string;
}

/** Throws 403 unless the route's access rule lets the caller in. */
function permit(access: Access | undefined, caller: Caller, params: RouteParams): void {
  if (!access) throw new ApiError(403, 'forbidden', 'this route has no access rule');
  if (!access.roles.includes(caller.role))
    throw new ApiError(
      403,
      'forbidden',
      `a ${caller.role} token may not do this (allowed: ${access.roles.join(', ')})`,
    );
  if (caller.role === 'provider' && access.ownProvider && params.providerId !== caller.providerId)
    throw new ApiError(
      403,
      'forbidden',
      `this token acts for provider ${caller.providerId}, not ${params.providerId}`,
    );
  if (!caller.cycleId) return;
  if (params.cycleId !== undefined && params.cycleId !== caller.cycleId)
    throw new ApiError(403, 'forbidden', `this token is for cycle ${caller.cycleId}, not ${params.cycleId}`);
  if (params.cycleId === undefined && !access.boundToCycle)
    throw new ApiError(
      403,
      'forbidden',
      `this token is for cycle ${caller.cycleId} only, and this route is not about one cycle`,
    );
}

/** A route as the authorization tests walk them: method, path and who may call it. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | null;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

export async function buildApi(deps: ApiDependencies): Promise<Api> {
  const limits = deps.limits ?? DEFAULT_ATTACHMENT_LIMITS;
  const app = Fastify({
    logger: deps.logger ?? false,
    // The audit log's request id: made here, never taken from the caller.
    genReqId: requestIdOf,
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    // Header and URL limits of Node's HTTP server stay as they are (16 KiB of headers).
    // What the router refuses before any route (a path parameter over 100 characters, a broken %-escape) is
    // answered as every other error is.
    frameworkErrors: handleError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        errorBody(new ApiError(404, 'notFound', `no route ${request.method} ${request.url.split('?')[0]}`)),
      );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OCO contracting API',
        version: '1',
        description:
          'Providers, procurement officers and legal officers act on the contracting cycle of independent client ' +
          'support (Wlz). Every request needs a bearer token from `oco token create`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // The receipt time: taken first, so a busy server does not make an input that arrived on time late.
  const clock = deps.clock ?? systemClock;
  app.addHook('onRequest', async (request) => {
    request.arrivedAt = clock();
  });

  // The audit log follows every request from here: also one refused by the limits and the token check below.
  const audit = auditHooks(deps.audit, deps.repeatedRefusals);
  app.addHook('onRequest', audit.onRequest);

  // The limit per token; its hooks run on each route, after the token check below.
  const perToken: RateLimit = deps.rateLimit ?? { max: 600, windowMs: 60_000 };
  await app.register(rateLimit, {
    max: perToken.max,
    timeWindow: perToken.windowMs,
    keyGenerator: (request) => request.caller?.tokenId ?? normalizeIP(request.ip),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `too many requests: at most ${context.max} in ${context.after}; try again later`,
    }),
  });

  // The limit per address: before the token is looked at, so trying tokens costs the caller its budget too.
  app.addHook(
    'onRequest',
    addressLimit(app, deps.preAuthRateLimit ?? { max: 10 * perToken.max, windowMs: perToken.windowMs }),
  );

  // Who is calling: before the limit per token, so it counts per token.
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    // No route: the not-found handler answers 404.
    if (route === undefined || PUBLIC.has(route) || isDashboardPath(route)) return;
    const token = bearer(request);
    if (token === null)
      throw new ApiError(
        401,
        'unauthorized',
        'Authorization: a bearer token is required (Authorization: Bearer oco_…)',
      );
    const check = await deps.tokens.verify(token);
    request.presentedToken = check.ok
      ? { tokenId: check.caller.tokenId }
      : { tokenId: check.tokenId ?? null, ...(check.caller ? { caller: check.caller } : {}) };
    if (!check.ok) throw new ApiError(401, 'unauthorized', `Authorization: ${check.reason}`);
    request.caller = check.caller;
    // What the caller may do, before the body is even read: the route's roles, and a provider only for itself.
    permit(request.routeOptions.config.access, check.caller, request.params as RouteParams);
  });

  const context: ApiContext = {
    deps,
    limits,
    clock,
    stamp: (request) => {
      const arrived = request.arrivedAt ?? clock();
      return () => arrived;
    },
    caller: (request) => {
      if (!request.caller)
        throw new ApiError(401, 'unauthorized', 'Authorization: a bearer token is required');
      return request.caller;
    },
  };

  // The audit log: what the answer said, then the entry once it went out; at the end, the counts not yet written.
  app.addHook('onSend', audit.onSend);
  app.addHook('onResponse', audit.onResponse);
  app.addHook('onClose', audit.onClose);

  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    requireAuditRule(route);
    for (const method of [route.method].flat())
      if (method !== 'HEAD')
        routes.push({
          method,
          url: route.url,
          access: (route.config as { access?: Access } | undefined)?.access ?? null,
        });
  });
  app.decorate('routeTable', routes);

  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerFileRoutes(app, context);
  registerProviderRoutes(app, context);
  registerOfficerRoutes(app, context);
  registerLegalRoutes(app, context);
  registerTriageRoutes(app, context);
  registerDashboardRoutes(app, context);
  registerAuditRoutes(app, context);
  await registerDashboard(app);
  await app.ready();
  return app;
}
