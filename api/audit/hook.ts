/**
 * The API's side of the audit log: Fastify hooks that record, after the answer went out, every request that changes
 * something (any method but GET and HEAD), every refused attempt (401, 403) on any route, and every call of a route
 * that asks to be recorded (reading the audit log). Recording happens here, not in the handlers, so a new route cannot
 * forget it; and a route that changes something must name its business action (`config.audit`), or the server does
 * not start.
 *
 * Each request is recorded once: when its answer went out, or, when the caller went away first, as soon as both the
 * answer is known and the connection is gone (an input accepted for a caller that hung up is recorded all the same,
 * marked `disconnected`). Refused attempts that repeat (401, 429) are counted per address (./repeated.ts).
 */
import { randomUUID } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  budgetWorkflowId,
  contractWorkflowId,
  cycleWorkflowId,
  providerWorkflowId,
} from '../../workflows/ids';
import type { Caller } from '../tokens';
import { type AuditEntry, type AuditOutcome, type AuditWho, fieldValue, shortened } from './entry';
import type { AuditLog } from './journal';
import { isRepeatable, type RepeatedRefusalOptions, RepeatedRefusals } from './repeated';

/** What a route records: its business action, the workflow it acts on, and small fields of its body. */
export interface AuditRule {
  /** e.g. "submission", "nvi.publish", "assessment". */
  action: string;
  /** The workflow an accepted request went to, named from the cycle and provider of the request. */
  workflow?: 'cycle' | 'provider' | 'contract' | 'budget';
  /**
   * Small identifying fields of the body or query (never free text or files): the name in the log, and the field.
   * `cycleId`, `providerId` and `region` fill those of the entry when the route's path does not name them.
   */
  fields?: Readonly<Record<string, string>>;
}

/** The token a request showed: its id as claimed, and the caller when its secret matched (also if refused). */
export interface PresentedToken {
  tokenId: string | null;
  caller?: Caller;
}

declare module 'fastify' {
  interface FastifyRequest {
    presentedToken?: PresentedToken;
    /** What the answer said, read as it was sent. */
    auditOutcome?: Partial<AuditOutcome>;
    /** Where the request stands for the audit log: answered (status known), caller gone, entry written. */
    auditState?: { answered: boolean; gone: boolean; written: boolean };
  }
  interface FastifyContextConfig {
    audit?: AuditRule;
  }
}

const READS = new Set(['GET', 'HEAD']);
const MAX_PAYLOAD_READ = 1024 * 1024;

/** Throws when a route that changes something names no business action: checked as each route is added. */
export function requireAuditRule(route: { method: string | string[]; url: string; config?: unknown }): void {
  const config = route.config as { access?: unknown; audit?: AuditRule } | undefined;
  if (!config?.access) return;
  for (const method of [route.method].flat())
    if (!READS.has(method) && !config.audit?.action)
      throw new Error(`route ${method} ${route.url}: names no audit action (config.audit.action)`);
}

/** Whether a request is recorded: see the module comment. */
function recorded(request: FastifyRequest, status: number): boolean {
  const config = request.routeOptions.config as { access?: unknown; audit?: AuditRule };
  // No route (404), or a public one: nothing to record.
  if (request.routeOptions.url === undefined || !config.access) return false;
  return !READS.has(request.method) || status === 401 || status === 403 || config.audit !== undefined;
}

/** The details of an answer worth keeping: a receipt, a number, a file's hash, or the error's code and reason. */
export function outcomeOf(body: unknown): Partial<AuditOutcome> {
  if (!isRecord(body)) return {};
  if (isRecord(body.error))
    return {
      ...(typeof body.error.code === 'string' ? { error: body.error.code } : {}),
      ...(typeof body.error.message === 'string' ? { reason: shortened(body.error.message, 300) } : {}),
    };
  const outcome: Partial<AuditOutcome> = {};
  const facts = body.facts;
  if (isRecord(facts) && Number.isInteger(facts.sequence) && typeof body.code === 'string')
    outcome.receipt = { kind: String(facts.kind), sequence: facts.sequence as number, code: body.code };
  if (Number.isInteger(body.number)) outcome.number = body.number as number;
  if (Number.isInteger(body.version)) outcome.version = body.version as number;
  if (typeof body.sha256 === 'string' && /^[0-9a-f]{64}$/.test(body.sha256)) outcome.sha256 = body.sha256;
  if (typeof body.state === 'string') outcome.state = shortened(body.state, 40);
  return outcome;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function whoOf(request: FastifyRequest): AuditWho {
  const caller = request.caller ?? request.presentedToken?.caller;
  const tokenId = caller?.tokenId ?? request.presentedToken?.tokenId ?? null;
  return {
    tokenId,
    verified: caller !== undefined,
    ...(caller
      ? {
          role: caller.role,
          ...(caller.label ? { label: caller.label } : {}),
          ...(caller.providerId ? { providerId: caller.providerId } : {}),
          ...(caller.cycleId ? { cycleId: caller.cycleId } : {}),
        }
      : {}),
  };
}

function workflowIdOf(
  rule: AuditRule | undefined,
  cycleId: string | undefined,
  providerId: string | undefined,
): string | undefined {
  if (!rule?.workflow || !cycleId) return undefined;
  if (rule.workflow === 'cycle') return cycleWorkflowId(cycleId);
  if (rule.workflow === 'budget') return budgetWorkflowId(cycleId);
  if (!providerId) return undefined;
  return rule.workflow === 'provider'
    ? providerWorkflowId(cycleId, providerId)
    : contractWorkflowId(cycleId, providerId);
}

/** The entry for a request that was answered with `status`. */
export function entryOf(request: FastifyRequest, status: number, durationMs: number): AuditEntry {
  const rule = (request.routeOptions.config as { audit?: AuditRule }).audit;
  const params = isRecord(request.params) ? request.params : {};
  // The body's fields, else the query's (never the body of a file upload, which is not a record).
  const source = {
    ...(isRecord(request.query) ? request.query : {}),
    ...(isRecord(request.body) ? request.body : {}),
  };
  const fields: Record<string, ReturnType<typeof fieldValue>> = {};
  for (const [name, field] of Object.entries(rule?.fields ?? {})) fields[name] = fieldValue(source[field]);
  const id = (name: 'cycleId' | 'providerId' | 'region') => {
    const value = typeof params[name] === 'string' ? shortened(params[name]) : fields[name];
    delete fields[name];
    return typeof value === 'string' ? value : undefined;
  };
  const [cycleId, providerId, region] = [id('cycleId'), id('providerId'), id('region')];
  const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const ok = status < 400;
  const workflowId = ok ? workflowIdOf(rule, cycleId, providerId) : undefined;
  return {
    at: (request.arrivedAt ?? new Date()).toISOString(),
    requestId: String(request.id),
    channel: 'api',
    who: whoOf(request),
    what: {
      action: rule?.action ?? 'read',
      method: request.method,
      route: request.routeOptions.url as string,
      path: shortened(request.url.split('?')[0] ?? '', 1000),
      ...(cycleId ? { cycleId } : {}),
      ...(providerId ? { providerId } : {}),
      ...(region ? { region } : {}),
      ...(Object.keys(kept).length > 0 ? { fields: kept as NonNullable<AuditEntry['what']['fields']> } : {}),
    },
    outcome: {
      ok,
      status,
      ...(workflowId ? { workflowId } : {}),
      ...(request.auditOutcome ?? {}),
    },
    remoteAddress: request.ip ?? null,
    durationMs: Math.round(durationMs * 10) / 10,
  };
}

/** A fresh id per request, not taken from the caller: the audit log's request id, also sent as X-Request-Id. */
export const requestIdOf = (): string => randomUUID();

/** What an answer says (a receipt, an error code) for a request that will be recorded. */
function readOutcome(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
  // A recorded read (the audit log itself) keeps its status only: its answer may be long.
  if (READS.has(request.method) && reply.statusCode < 400) return;
  const text =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (text !== null && text.length <= MAX_PAYLOAD_READ) {
    try {
      request.auditOutcome = outcomeOf(JSON.parse(text));
    } catch {
      // Not JSON: the status says enough.
    }
  }
}

export interface AuditHooks {
  /** onRequest, first: follows the connection, so a caller that goes away before the answer is still recorded. */
  onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** onSend: the request id header, and what the answer says. */
  onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown>;
  /** onResponse: the entry, once the answer went out. */
  onResponse(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** onClose: the counts of repeated refusals not yet written. */
  onClose(): Promise<void>;
}

/** The hooks that write the audit log `audit` (nothing without one). */
export function auditHooks(
  audit: AuditLog | undefined,
  repeatedRefusals: Partial<RepeatedRefusalOptions> = {},
): AuditHooks {
  const repeated = audit ? new RepeatedRefusals(audit, repeatedRefusals) : undefined;
  const stateOf = (request: FastifyRequest) => {
    request.auditState ??= { answered: false, gone: false, written: false };
    return request.auditState;
  };
  const write = (request: FastifyRequest, reply: FastifyReply) => {
    const state = stateOf(request);
    if (!audit || !repeated || state.written || !recorded(request, reply.statusCode)) return;
    state.written = true;
    const entry = entryOf(request, reply.statusCode, reply.elapsedTime);
    if (state.gone) entry.outcome.disconnected = true;
    // Counted per address (an IPv6 address by its /64, as the rate limits count); one gone unknown counts as one.
    if (isRepeatable(reply.statusCode)) repeated.record(normalizeIP(entry.remoteAddress ?? 'unknown'), entry);
    else audit.record(entry);
  };
  return {
    async onRequest(request, reply) {
      stateOf(request);
      // 'close' without 'finish': the caller went away before it had the whole answer, and Fastify's onResponse
      // will not run. Recorded here once the answer is known, or in onSend when the handler ends later.
      reply.raw.once('close', () => {
        if (reply.raw.writableFinished) return;
        const state = stateOf(request);
        state.gone = true;
        if (state.answered) write(request, reply);
      });
    },
    async onSend(request, reply, payload) {
      void reply.header('x-request-id', String(request.id));
      if (!recorded(request, reply.statusCode)) return payload;
      readOutcome(request, reply, payload);
      const state = stateOf(request);
      state.answered = true;
      if (state.gone) write(request, reply);
      return payload;
    },
    async onResponse(request, reply) {
      write(request, reply);
    },
    async onClose() {
      repeated?.flush();
    },
  };
}
