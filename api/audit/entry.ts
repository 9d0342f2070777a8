/**
 * One line of the audit log: who did what, and what came of it. Written for every request that changes something,
 * every refused attempt (401, 403), every read of the audit log itself, and every token made or revoked with
 * `oco token`. A line never holds a token's secret, an Authorization header, file bytes or free text: only ids,
 * roles, the route, small identifying fields (a region, a month) and the outcome.
 */
import { z } from 'zod';
import { truncate } from '../../support/text';
import { ROLES } from '../tokens';

/** Who: the token as far as it was shown and checked, or the local user of the command line. */
export const AuditWhoSchema = z.object({
  /** The token's id (the part before its secret); null without a token, or with one not of the form oco_<id>_<secret>. */
  tokenId: z.string().nullable(),
  /** The whole token matched one that was issued (also when that one is revoked or expired). */
  verified: z.boolean(),
  role: z.enum(ROLES).optional(),
  label: z.string().optional(),
  /** The provider a provider token acts for, and the cycle a token is bound to. */
  providerId: z.string().optional(),
  cycleId: z.string().optional(),
  /** On the command line: the operating-system user who ran `oco`. */
  localUser: z.string().optional(),
});
export type AuditWho = z.infer<typeof AuditWhoSchema>;

export const AuditFieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type AuditFieldValue = z.infer<typeof AuditFieldValueSchema>;

/** What: the business action, and for a request its method, route pattern, concrete path and the ids it names. */
export const AuditWhatSchema = z.object({
  /** e.g. "submission", "nvi.publish", "assessment", "token.create"; "read" for a refused read. */
  action: z.string(),
  method: z.string().optional(),
  /** The route pattern, e.g. /cycles/:cycleId/providers/:providerId/submission. */
  route: z.string().optional(),
  /** The path as requested, without its query. */
  path: z.string().optional(),
  cycleId: z.string().optional(),
  providerId: z.string().optional(),
  region: z.string().optional(),
  /** Small identifying fields of the request (a region, a month, a triage number). */
  fields: z.record(z.string(), AuditFieldValueSchema).optional(),
});
export type AuditWhat = z.infer<typeof AuditWhatSchema>;

/** The outcome: the status; for an accepted input what it became, for a refusal the error code and its reason. */
export const AuditOutcomeSchema = z.object({
  ok: z.boolean(),
  /** The HTTP status (absent on the command line). */
  status: z.int().optional(),
  /** The error code (unauthorized, forbidden, invalid, refused, ...) and its message, shortened. */
  error: z.string().optional(),
  reason: z.string().optional(),
  /** The workflow the accepted input went to. */
  workflowId: z.string().optional(),
  receipt: z.object({ kind: z.string(), sequence: z.int(), code: z.string() }).optional(),
  /** The number of an amendment, decision or triage item, the version of an assessment. */
  number: z.int().optional(),
  version: z.int().optional(),
  /** An uploaded file's SHA-256. */
  sha256: z.string().optional(),
  /** A cycle started or resumed. */
  state: z.string().optional(),
  /** The token made or revoked. */
  tokenId: z.string().optional(),
  /** The caller went away before it had the whole answer (what the server did stands, and is recorded). */
  disconnected: z.literal(true).optional(),
});
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

export const AuditEntrySchema = z.object({
  /** When the request arrived (or the command ran), ISO-8601 UTC with milliseconds. */
  at: z.iso.datetime(),
  requestId: z.string(),
  channel: z.enum(['api', 'cli']),
  who: AuditWhoSchema,
  what: AuditWhatSchema,
  outcome: AuditOutcomeSchema,
  /** The caller's address; null on the command line. */
  remoteAddress: z.string().nullable(),
  /** How long the request took. */
  durationMs: z.number().optional(),
  /**
   * A line that stands for many refused attempts (401, 429) from one address in one window: how many, and the last
   * one's arrival (`at` is the first's). See api/audit/repeated.ts.
   */
  repeated: z.object({ count: z.int().positive(), until: z.iso.datetime() }).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const MAX_TEXT = 200;

/** A string as the log keeps it: at most `max` characters. */
export function shortened(text: string, max = MAX_TEXT): string {
  return truncate(text, max);
}

/** A request field as the log may keep it: a short string, a number, a boolean or a short list of strings. */
export function fieldValue(value: unknown): AuditFieldValue | undefined {
  if (typeof value === 'string') return shortened(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.length <= 50 && value.every((v) => typeof v === 'string'))
    return value.map((v) => shortened(v));
  return undefined;
}
