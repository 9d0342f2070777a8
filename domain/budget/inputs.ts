/**
 * What officers and providers put into the contract period besides production and prognoses: a reported threat,
 * the ladder's decisions, ceilings and tariffs, and the recurring obligations. Each schema names the field and the
 * rule of a bad input; the rules that need the contract's state are in the workflow's validators. Pure.
 */
import { z } from 'zod';
import { receivedAtSchema } from '../inputs';
import { localDateSchema } from '../local-time';
import { eurosSchema } from './money';

const text = (max: number) =>
  z
    .string({ message: 'must be text' })
    .refine((s) => s.trim() !== '', 'must not be empty')
    .max(max, `must be at most ${max} characters`);

const region = text(200);
const year = z.int('must be a contract year such as 2027');
/** The officer who decides: kept with every transition. */
const officer = text(200);
const reason = text(2000);

/** The provider reports a threatened overrun (000:L709-710). */
export const OverrunReportInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region,
  year: year.optional(),
  note: text(4000).optional(),
});
export type OverrunReportInput = z.output<typeof OverrunReportInputSchema>;

/** Maatwerk: the custom agreements the officer made with the provider, or none. */
export const MaatwerkInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region,
  year,
  by: officer,
  /** null: no agreements could be made. */
  agreements: text(4000).nullable(),
  /** The projection for the year the agreements lead to (euros); the current projection when absent. */
  projectedAfter: eurosSchema.optional(),
});
export type MaatwerkInput = z.output<typeof MaatwerkInputSchema>;

/** The officer decides a step brought no solution and moves the case on (no transfer possible, say). */
export const MoveOnInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region,
  year,
  by: officer,
  reason,
});
export type MoveOnInput = z.output<typeof MoveOnInputSchema>;

/** The threat disappeared: the officer closes the case early. */
export const CloseCaseInputSchema = MoveOnInputSchema;
export type CloseCaseInput = MoveOnInput;

/** The zorgkantoor sets a region's ceiling for a contract year (the final one, or a correction). */
export const CeilingInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region,
  year,
  amount: eurosSchema,
  final: z.boolean().default(true),
  by: officer,
  reason: reason.optional(),
});
export type CeilingInput = z.output<typeof CeilingInputSchema>;

/** The tariff of a later contract year. */
export const YearTariffInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  year,
  hourlyRate: eurosSchema.refine((v) => v > 0, 'must be more than zero'),
  by: officer,
});
export type YearTariffInput = z.output<typeof YearTariffInputSchema>;

/** Overheveling approved by the officer: budget room moved from one provider (and region) to another. */
export const TransferInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  from: text(100),
  to: text(100),
  region,
  /** The receiving region when it differs (a transfer between the Wlz-uitvoerder's regions). */
  toRegion: region.optional(),
  year,
  amount: eurosSchema.refine((v) => v > 0, 'must be more than zero'),
  by: officer,
  reason: reason.optional(),
});
export type TransferInput = z.output<typeof TransferInputSchema>;

/** The consultation with VWS on extra funds: requested, then its outcome. */
export const VwsRequestInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  year,
  by: officer,
  note: text(4000).optional(),
});
export type VwsRequestInput = z.output<typeof VwsRequestInputSchema>;

export const VwsOutcomeInputSchema = z
  .strictObject({
    receivedAt: receivedAtSchema,
    year,
    by: officer,
    granted: z.boolean({ message: 'must be true or false' }),
    /** Extra funds granted (euros); required when granted. */
    amount: eurosSchema.optional(),
    note: text(4000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.granted && (v.amount === undefined || v.amount <= 0))
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        input: v.amount,
        message: 'must be the amount granted when granted is true',
      });
    if (!v.granted && v.amount !== undefined && v.amount > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        input: v.amount,
        message: 'must be absent when granted is false',
      });
  });
export type VwsOutcomeInput = z.output<typeof VwsOutcomeInputSchema>;

const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter as "YYYY-Qn", e.g. "2027-Q1"');

/** An obligation met: a report, a meeting, survey results, staff and their registration, a subcontractor. */
export const ObligationInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('signalReport'), receivedAt: receivedAtSchema, quarter }),
    z.strictObject({
      kind: z.literal('meeting'),
      receivedAt: receivedAtSchema,
      on: localDateSchema(),
      /** false: planned; true: held. */
      held: z.boolean({ message: 'must be true or false' }),
      topic: text(300).optional(),
    }),
    z.strictObject({ kind: z.literal('survey'), receivedAt: receivedAtSchema, year }),
    z.strictObject({
      kind: z.literal('staffJoined'),
      receivedAt: receivedAtSchema,
      name: text(200),
      joinedOn: localDateSchema(),
    }),
    z.strictObject({
      kind: z.literal('bcmbRegistered'),
      receivedAt: receivedAtSchema,
      /** "provider", or the staff member's name. */
      subject: text(200),
      registeredOn: localDateSchema(),
    }),
    z.strictObject({
      kind: z.literal('subcontractor'),
      receivedAt: receivedAtSchema,
      name: text(200),
      /** The first day the subcontractor works: the announcement must come before it (art. 19 lid 1). */
      from: localDateSchema(),
      shares: z
        .array(
          z.strictObject({
            region,
            percent: z.number().gt(0, 'must be more than 0 percent').max(100, 'must be at most 100 percent'),
          }),
        )
        .min(1, 'must give the share per region'),
    }),
  ],
  { message: 'must be one of signalReport, meeting, survey, staffJoined, bcmbRegistered, subcontractor' },
);
export type ObligationInput = z.output<typeof ObligationInputSchema>;

/** A ceiling change decided by the budget coordinator (a transfer, VWS funds), applied to one contract. */
export const CeilingAdjustmentSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region,
  year,
  deltaCents: z
    .int('must be a whole number of cents')
    .refine((v) => v !== 0, 'must not be zero')
    .refine((v) => Math.abs(v) <= 1e12, 'must be at most 10 billion euros'),
  kind: z.enum(['transfer', 'vws'], { message: 'must be transfer or vws' }),
  by: officer,
  reason: text(6000),
  /** The business event ("transfer-3-give"): a change with an id already recorded is not made again. */
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/, 'must be lower-case letters, digits and hyphens (at most 100)')
    .optional(),
  /** For a transfer: the other side, by name, as the case records it. */
  counterpart: text(300).optional(),
});

/** The outcome of the consultation with VWS for one case, from the budget coordinator. */
export const VwsDecisionSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  region,
  year,
  grantedCents: z.int('must be a whole number of cents').min(0, 'must not be negative'),
  by: officer,
  /** The officer's note on the outcome (up to 4000 characters) with the system's words around it. */
  reason: text(6000),
});

/** The officer's finding that the provider is new to the Wlz-uitvoerder (2027-2028 definition), or not. */
export const NewProviderInputSchema = z.strictObject({
  receivedAt: receivedAtSchema,
  by: officer,
  newProvider: z.boolean({ message: 'must be true or false' }),
  reason: reason.optional(),
});
export type NewProviderInput = z.output<typeof NewProviderInputSchema>;
