/**
 * What actors send into a running cycle, as zod schemas: the shape checked by every Update's validator before
 * anything enters history. Whether a well-formed input is allowed (in time, in this phase, for this region) is
 * decided by the rules in provider-rules.ts and cycle-rules.ts.
 *
 * Every input carries `receivedAt`: the instant the receiving side (API, mail reader, command line) accepted it,
 * stamped with the trusted clock. The workflow checks the stamp (receipt-time.ts) and measures deadlines against it.
 */
import { z } from 'zod';
import { SCHEDULE_KEYS } from './schedule-keys';
import { SubmittedDocumentSchema } from './submission-rules';
import { type Problem, zodProblems } from './validation';

const text = (max: number) =>
  z
    .string()
    .refine((s) => s.trim() !== '', 'must not be empty')
    .max(max, `must be at most ${max} characters`);

export const receivedAtSchema = z.iso.datetime({
  message: 'must be an ISO-8601 UTC instant such as 2023-08-01T14:59:59.999Z',
});
const receivedAt = receivedAtSchema;

/**
 * How a provider's input reached us, when its stamp is not our own clock: 'mailbox' for an e-mail, stamped with the
 * time it reached the Wlz-uitvoerder's mailbox (the mail server's internal date). Such a stamp may be days old when
 * the input is sent (a reader that was down, the officer routing a triage item), so it is checked against a wider
 * window (MAILBOX_STAMP_LIMITS). Set by the mail reader only; the API's bodies have no such field.
 */
export const viaSchema = z
  .literal('mailbox', { message: "must be 'mailbox' (an e-mail stamped with its mailbox time) or absent" })
  .optional();
const via = viaSchema;

/** A file as a workflow sees it: never its content, always its name, size and SHA-256. */
export const DocumentInputSchema = SubmittedDocumentSchema.extend({
  sizeBytes: z.int('must be a whole number of bytes').min(0, 'must not be negative'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 as 64 lower-case hex digits'),
});
export type DocumentInput = z.infer<typeof DocumentInputSchema>;

export const QuestionInputSchema = z.strictObject({ receivedAt, via, text: text(20_000) });
export type QuestionInput = z.infer<typeof QuestionInputSchema>;

export const SubmissionInputSchema = z.strictObject({
  receivedAt,
  via,
  regions: z
    .array(text(200))
    .min(1, 'must name at least one region')
    .refine((rs) => new Set(rs).size === rs.length, 'must not name a region twice'),
  documents: z.array(DocumentInputSchema).max(200, 'must hold at most 200 documents'),
  /** Submitting as a samenwerkingsverband (consortium); defaults to what the provider registered as. */
  consortium: z.boolean().optional(),
});
export type SubmissionInput = z.infer<typeof SubmissionInputSchema>;

export const SupplementInputSchema = z.strictObject({
  receivedAt,
  via,
  documents: z
    .array(DocumentInputSchema)
    .min(1, 'must hold at least one document')
    .max(200, 'must hold at most 200 documents'),
});
export type SupplementInput = z.infer<typeof SupplementInputSchema>;

export const WithdrawalInputSchema = z.strictObject({
  receivedAt,
  via,
  reason: text(5_000).optional(),
});
export type WithdrawalInput = z.infer<typeof WithdrawalInputSchema>;

const questionRef = z.strictObject({
  provider: z.string().min(1, 'must name a provider id'),
  number: z.int().min(1, 'must be the question number from its receipt (1, 2, ...)'),
});
export type QuestionRef = z.infer<typeof questionRef>;

export const NviInputSchema = z.strictObject({
  receivedAt,
  answers: z
    .array(
      z.strictObject({
        /** One question, or several similar ones bundled under one answer. */
        questions: z.array(questionRef).min(1, 'must name at least one question'),
        answer: text(50_000),
        /** "Heeft dit invloed op het document?": the procurement documents are amended. */
        changesDocuments: z.boolean(),
      }),
    )
    .min(1, 'must hold at least one answer'),
});
export type NviInput = z.infer<typeof NviInputSchema>;

export const AmendmentInputSchema = z.strictObject({
  receivedAt,
  milestone: z.enum(SCHEDULE_KEYS, { message: `must be one of ${SCHEDULE_KEYS.join(', ')}` }),
  /** The new local time, YYYY-MM-DDTHH:mm in the cycle's zone. */
  to: z.string().min(1, 'must be a local time YYYY-MM-DDTHH:mm'),
  reason: text(5_000).optional(),
});
export type AmendmentInput = z.infer<typeof AmendmentInputSchema>;

export const TariffInputSchema = z.strictObject({
  receivedAt,
  hourlyRate: z
    .number()
    .refine(Number.isFinite, 'must be a finite amount in euros')
    .min(0, 'must not be negative')
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'must be whole cents'),
});
export type TariffInput = z.infer<typeof TariffInputSchema>;

const providerId = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by single hyphens');

export const ProviderRefSchema = z.strictObject({
  id: providerId,
  name: text(300),
  email: z.email('must be an e-mail address'),
  consortium: z.boolean().default(false),
});
export type ProviderRef = z.output<typeof ProviderRefSchema>;

/** Providers are registered in batches, so a cycle's history grows with batches, not with providers. */
export const MAX_REGISTRATION_BATCH = 500;

export const RegistrationInputSchema = z.strictObject({
  providers: z
    .array(ProviderRefSchema)
    .min(1, 'must list at least one provider')
    .max(MAX_REGISTRATION_BATCH, `must list at most ${MAX_REGISTRATION_BATCH} providers per call`)
    .superRefine((providers, ctx) => {
      const seen = new Map<string, number>();
      providers.forEach((p, i) => {
        const first = seen.get(p.id);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'id'],
            message: `must be unique: "${p.id}" is already providers[${first}]`,
          });
        else seen.set(p.id, i);
      });
    }),
});
export type RegistrationInput = z.input<typeof RegistrationInputSchema>;

/** Parses an input or returns every problem with its path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; value: z.output<S> } | { ok: false; problems: Problem[] } {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problems: zodProblems(parsed.error) };
}
