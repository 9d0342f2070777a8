/**
 * Every message the system sends: its template file, who reads it, its subject, the zod type of its data, and the
 * deadlines it announces (which travel as an .ics attachment). A wrong field is an error when rendering, never a
 * blank in a sent mail.
 */
import { z } from 'zod';
import { ReceiptFactsSchema } from './receipt';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const instant = z.iso.datetime({ message: 'must be an ISO-8601 UTC instant' });
const euros = z.number().min(0).refine(Number.isFinite);
/** A link in a message: http or https only (a `javascript:` or `data:` URL in an e-mail is never wanted). */
const url = z
  .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
  .nullable()
  .default(null);
const termDays = z.int().min(1).max(365);

const base = {
  wlzUitvoerder: z.strictObject({ name: text(200), email: z.email() }),
  cycle: z.strictObject({ id: text(64), title: text(200), timezone: text(64) }),
  recipient: z.strictObject({ name: text(300) }),
};

const receipt = z.strictObject({
  facts: ReceiptFactsSchema,
  code: z.string().regex(/^OCO(-[0-9A-F]{4}){8}$/),
});

const milestone = z.strictObject({ key: text(64), label: text(200), at: instant });

const regionOutcome = z.strictObject({
  name: text(200),
  selected: z.boolean(),
  ceiling: euros.optional(),
  reasons: z.array(text(2000)).optional(),
});

/** The figures behind every budget message: what was spent, what is projected and against which ceiling. */
const projection = z.strictObject({
  ceiling: euros,
  spent: euros,
  /** The last month counted ("maart 2027"), or null before the first report. */
  through: z.string().nullable(),
  monthsCounted: z.int().min(0).max(12),
  expectedToDate: euros,
  expectedSource: z.enum(['prognosis', 'evenSpread']),
  projected: euros,
  projectedByPrognosis: euros,
});

/** A calendar key from Dutch text: "productieverantwoording maart 2027" -> "productieverantwoording-maart-2027". */
const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export interface Deadline {
  key: string;
  label: string;
  at: string;
}

export type Audience = 'provider' | 'officer' | 'legal';

interface TemplateSpec<S extends z.ZodType> {
  audience: Audience;
  schema: S;
  subject: (data: z.output<S>) => string;
  deadlines?: (data: z.output<S>) => Deadline[];
}

function spec<S extends z.ZodType>(s: TemplateSpec<S>): TemplateSpec<S> {
  return s;
}

const data = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...base, ...shape });

export const CATALOG = {
  publication: spec({
    audience: 'provider',
    schema: data({
      questionDeadline: instant,
      nviPublication: instant,
      submissionDeadline: instant,
      regions: z.array(text(200)).min(1),
      hourlyRate: euros,
      tariffProvisional: z.boolean(),
      documentsUrl: url,
    }),
    subject: (d) => `Publicatie inkoopprocedure: ${d.cycle.title}`,
    deadlines: (d) => [
      { key: 'questionDeadline', label: 'Termijn voor vragen', at: d.questionDeadline },
      { key: 'submissionDeadline', label: 'Sluiting inschrijving', at: d.submissionDeadline },
    ],
  }),
  questionReceipt: spec({
    audience: 'provider',
    schema: data({ receipt, question: text(20_000), nviPublication: instant }),
    subject: (d) => `Ontvangstbevestiging van uw vraag (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  questionLate: spec({
    audience: 'provider',
    schema: data({ receipt, question: text(20_000) }),
    subject: (d) => `Uw vraag is na de termijn ontvangen (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  nviPublished: spec({
    audience: 'provider',
    schema: data({
      publishedAt: instant,
      questionCount: z.int().min(0),
      answerCount: z.int().min(0),
      changesDocuments: z.boolean(),
      documentsUrl: url,
      submissionDeadline: instant,
    }),
    subject: (d) => `Nota van Inlichtingen gepubliceerd – ${d.cycle.title}`,
    deadlines: (d) => [
      { key: 'submissionDeadline', label: 'Sluiting inschrijving', at: d.submissionDeadline },
    ],
  }),
  deadlineReminder: spec({
    audience: 'provider',
    schema: data({ milestone, daysBefore: z.int().min(1), action: text(500) }),
    subject: (d) =>
      `Herinnering: ${d.milestone.label} over ${d.daysBefore} ${d.daysBefore === 1 ? 'dag' : 'dagen'} – ${d.cycle.title}`,
    deadlines: (d) => [d.milestone],
  }),
  submissionReceipt: spec({
    audience: 'provider',
    schema: data({
      receipt,
      regions: z.array(text(200)).min(1),
      version: z.int().min(1),
      consortium: z.boolean(),
    }),
    subject: (d) => `Ontvangstbevestiging van uw inschrijving (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  supplementReceipt: spec({
    audience: 'provider',
    schema: data({ receipt, submissionVersion: z.int().min(1), documentsAdded: z.int().min(1) }),
    subject: (d) => `Ontvangstbevestiging van uw aanvulling (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  submissionRefused: spec({
    audience: 'provider',
    schema: data({ receipt, what: z.enum(['inschrijving', 'aanvulling']) }),
    subject: (d) => `Uw ${d.what} is na de sluiting ontvangen (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  tariffAnnounced: spec({
    audience: 'provider',
    schema: data({
      hourlyRate: euros,
      announcedAt: instant,
      withdrawalDeadline: instant,
      withdrawalWeeks: z.int().min(1).max(52),
    }),
    subject: (d) => `Definitief tarief bekendgemaakt – ${d.cycle.title}`,
    deadlines: (d) => [
      { key: 'withdrawalDeadline', label: 'Einde termijn intrekking inschrijving', at: d.withdrawalDeadline },
    ],
  }),
  scheduleAmended: spec({
    audience: 'provider',
    schema: data({
      amendedAt: instant,
      changes: z
        .array(z.strictObject({ key: text(64), label: text(200), from: instant, to: instant }))
        .min(1),
    }),
    subject: (d) => `Wijziging planning inkoopprocedure – ${d.cycle.title}`,
    deadlines: (d) => d.changes.map((c) => ({ key: c.key, label: c.label, at: c.to })),
  }),
  withdrawalReceipt: spec({
    audience: 'provider',
    schema: data({ receipt }),
    subject: (d) => `Ontvangstbevestiging van uw intrekking (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  selected: spec({
    audience: 'provider',
    schema: data({
      regions: z
        .array(regionOutcome)
        .min(1)
        .refine((rs) => rs.some((r) => r.selected), 'must select at least one region'),
      announcedAt: instant,
      objectionDeadline: instant,
      objectionDays: termDays,
      /** A new outcome after an objection changed the selection. */
      revised: z.boolean().default(false),
    }),
    subject: (d) =>
      `${d.revised ? 'Herziene uitkomst' : 'Uitkomst'} selectie: u bent geselecteerd – ${d.cycle.title}`,
    deadlines: (d) => [{ key: 'objectionDeadline', label: 'Einde bezwaartermijn', at: d.objectionDeadline }],
  }),
  notSelected: spec({
    audience: 'provider',
    schema: data({
      regions: z
        .array(
          regionOutcome.extend({
            selected: z.literal(false),
            reasons: z.array(text(2000)).min(1, 'a rejection states its reasons'),
          }),
        )
        .min(1),
      announcedAt: instant,
      objectionDeadline: instant,
      objectionDays: termDays,
      revised: z.boolean().default(false),
    }),
    subject: (d) =>
      `${d.revised ? 'Herziene uitkomst' : 'Uitkomst'} selectie: u bent niet geselecteerd – ${d.cycle.title}`,
    deadlines: (d) => [{ key: 'objectionDeadline', label: 'Einde bezwaartermijn', at: d.objectionDeadline }],
  }),
  objectionReceipt: spec({
    audience: 'provider',
    schema: data({ receipt, objectionAnswerDeadline: instant }),
    subject: (d) => `Ontvangstbevestiging van uw bezwaar (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  objectionRefused: spec({
    audience: 'provider',
    schema: data({ receipt, objectionDays: termDays }),
    subject: (d) => `Uw bezwaar is na de bezwaartermijn ontvangen (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  objectionAnswer: spec({
    audience: 'provider',
    schema: data({
      outcome: z.enum(['upheld', 'partlyUpheld', 'rejected']),
      answer: text(50_000),
      answeredAt: instant,
      kortGedingDeadline: instant,
      kortGedingDays: termDays,
    }),
    subject: (d) => `Antwoord op uw bezwaar – ${d.cycle.title}`,
    deadlines: (d) => [
      { key: 'kortGedingDeadline', label: 'Einde termijn kort geding', at: d.kortGedingDeadline },
    ],
  }),
  contractDispatch: spec({
    audience: 'provider',
    schema: data({
      regions: z.array(z.strictObject({ name: text(200), ceiling: euros.nullable().default(null) })).min(1),
      contractStart: z.iso.date(),
      contractYears: z.int().min(1).max(3),
      hourlyRate: euros,
      tariffProvisional: z.boolean(),
      signBefore: instant,
      contractUrl: url,
    }),
    subject: (d) => `Uw overeenkomst OCO ter ondertekening – ${d.cycle.title}`,
    deadlines: (d) => [
      { key: 'contractSignature', label: 'Uiterste datum ondertekening overeenkomst', at: d.signBefore },
    ],
  }),
  contractReminder: spec({
    audience: 'provider',
    schema: data({ sentAt: instant, signBefore: instant, contractStart: z.iso.date() }),
    subject: (d) => `Herinnering: uw overeenkomst is nog niet ondertekend – ${d.cycle.title}`,
    deadlines: (d) => [
      { key: 'contractSignature', label: 'Uiterste datum ondertekening overeenkomst', at: d.signBefore },
    ],
  }),
  contractSignedReceipt: spec({
    audience: 'provider',
    schema: data({ receipt, contractStart: z.iso.date() }),
    subject: (d) =>
      `Ontvangstbevestiging van uw ondertekende overeenkomst (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  nviOverdue: spec({
    audience: 'officer',
    schema: data({ nviPublication: instant, questionCount: z.int().min(0) }),
    subject: (d) => `Let op: Nota van Inlichtingen nog niet gepubliceerd – ${d.cycle.title}`,
  }),
  assessmentOverdue: spec({
    audience: 'officer',
    schema: data({
      announcement: instant,
      /** True at the announcement itself: nothing was announced, the officer must complete and release it. */
      blocked: z.boolean().default(false),
      incomplete: z
        .array(
          z.strictObject({
            region: text(200),
            providersNotAssessed: z.int().min(0),
            /** No selection decided yet for the region. */
            undecided: z.boolean().default(false),
            /** Assessments changed after the region's selection was decided. */
            stale: z.boolean().default(false),
          }),
        )
        .min(1),
    }),
    subject: (d) =>
      d.blocked
        ? `Bekendmaking tegengehouden: beoordeling niet compleet – ${d.cycle.title}`
        : `Let op: beoordeling niet compleet vóór de bekendmaking – ${d.cycle.title}`,
  }),
  objectionAnswerDue: spec({
    audience: 'legal',
    schema: data({
      answerDeadline: instant,
      objections: z.array(z.strictObject({ provider: text(300), filedAt: instant })).min(1),
    }),
    subject: (d) =>
      `Let op: ${d.objections.length} bezwa${d.objections.length === 1 ? 'ar' : 'ren'} nog niet beantwoord – ${d.cycle.title}`,
  }),
  objectionAnswerOverdue: spec({
    audience: 'officer',
    schema: data({
      answerDeadline: instant,
      objections: z.array(z.strictObject({ provider: text(300), filedAt: instant })).min(1),
    }),
    subject: (d) =>
      `Termijn verstreken: ${d.objections.length} bezwa${d.objections.length === 1 ? 'ar' : 'ren'} niet op tijd beantwoord – ${d.cycle.title}`,
  }),
  contractsUnsigned: spec({
    audience: 'officer',
    schema: data({
      contractStart: z.iso.date(),
      contracts: z.array(z.strictObject({ provider: text(300), sentAt: instant.nullable() })).min(1),
    }),
    subject: (d) =>
      `Let op: ${d.contracts.length} ${d.contracts.length === 1 ? 'overeenkomst' : 'overeenkomsten'} nog niet ondertekend – ${d.cycle.title}`,
  }),
  kortGedingRunning: spec({
    audience: 'legal',
    schema: data({
      provider: text(300),
      answeredAt: instant,
      kortGedingDeadline: instant,
      kortGedingDays: termDays,
    }),
    subject: (d) => `Termijn kort geding loopt: ${d.provider} – ${d.cycle.title}`,
    deadlines: (d) => [
      {
        key: 'kortGedingDeadline',
        label: `Einde termijn kort geding ${d.provider}`,
        at: d.kortGedingDeadline,
      },
    ],
  }),
  budgetReceipt: spec({
    audience: 'provider',
    schema: data({
      receipt,
      /** What was received, in Dutch: "productie maart 2027, regio Nijmegen: 120 uur". */
      summary: text(500),
      /** A correction: what it replaced. */
      replaced: text(500).optional(),
      /** Production and prognosis: the region's standing for the year after this input. */
      region: text(200).optional(),
      year: z.int().optional(),
      projection: projection.optional(),
      /** Production: the month's realisation against the prognosis (or the even spread of the ceiling). */
      comparison: z
        .strictObject({
          month: text(50),
          realised: euros,
          expected: euros,
          difference: euros,
          above: z.boolean(),
          source: z.enum(['prognosis', 'evenSpread']),
        })
        .optional(),
      /** At a quarter end: the system's verdict on a threatened overrun, in Dutch. */
      verdict: text(2000).optional(),
    }),
    subject: (d) => `Ontvangstbevestiging ${d.summary} (${d.receipt.code}) – ${d.cycle.title}`,
  }),
  obligationReminder: spec({
    audience: 'provider',
    schema: data({
      obligation: text(200),
      period: text(100),
      regions: z.array(text(200)).default([]),
      dueAt: instant,
      /** The due moment has passed: a recall. */
      late: z.boolean().default(false),
      /** For meetings: how many are still to be held this year. */
      outstanding: z.int().min(0).optional(),
    }),
    subject: (d) =>
      `${d.late ? 'Herinnering: nog niet ontvangen' : 'Herinnering'}: ${d.obligation} ${d.period} – ${d.cycle.title}`,
    deadlines: (d) =>
      d.late
        ? []
        : [{ key: slug(`${d.obligation} ${d.period}`), label: `${d.obligation} ${d.period}`, at: d.dueAt }],
  }),
  obligationOverdue: spec({
    audience: 'officer',
    schema: data({
      provider: text(300),
      obligation: text(200),
      period: text(100),
      regions: z.array(text(200)).default([]),
      dueAt: instant,
      outstanding: z.int().min(0).optional(),
    }),
    subject: (d) => `Niet nagekomen: ${d.obligation} ${d.period} van ${d.provider} – ${d.cycle.title}`,
  }),
  overrunStep: spec({
    audience: 'provider',
    schema: data({
      provider: text(300),
      /** Whom this copy is for: the provider, or the officer. */
      forOfficer: z.boolean().default(false),
      caseNumber: z.int().min(1),
      region: text(200),
      year: z.int(),
      step: z.enum(['none', 'maatwerk', 'overheveling', 'vws', 'referral']),
      previous: z.enum(['none', 'maatwerk', 'overheveling', 'vws', 'referral']),
      stepLabel: text(200),
      trigger: z.enum(['provider', 'system']),
      at: instant,
      by: text(200),
      reason: text(10_000),
      stepDeadline: instant.nullable(),
      referralEndsAt: instant.nullable().default(null),
      projection: projection,
    }),
    subject: (d) =>
      `Dreigende budgetoverschrijding ${d.region} ${d.year}: ${d.step === 'none' ? 'afgesloten' : d.stepLabel} – ` +
      `${d.forOfficer ? `${d.provider}, ` : ''}${d.cycle.title}`,
    deadlines: (d) => [
      ...(d.stepDeadline
        ? [{ key: `overrun-${d.caseNumber}-${d.step}`, label: `Uitkomst ${d.stepLabel}`, at: d.stepDeadline }]
        : []),
      ...(d.step === 'referral' && d.referralEndsAt
        ? [
            {
              key: `overrun-${d.caseNumber}-referral`,
              label: 'Einde verwijzing (uiterlijk)',
              at: d.referralEndsAt,
            },
          ]
        : []),
    ],
  }),
  ladderOverdue: spec({
    audience: 'officer',
    schema: data({
      provider: text(300),
      caseNumber: z.int().min(1),
      region: text(200),
      year: z.int(),
      stepLabel: text(200),
      since: instant,
      deadline: instant,
      projection: projection,
    }),
    subject: (d) =>
      `Termijn verstreken: ${d.stepLabel}, ${d.provider} ${d.region} ${d.year} – ${d.cycle.title}`,
  }),
  ceilingChanged: spec({
    audience: 'provider',
    schema: data({
      region: text(200),
      year: z.int(),
      from: euros,
      to: euros,
      final: z.boolean(),
      reason: text(10_000),
      at: instant,
    }),
    subject: (d) =>
      `${d.final ? 'Definitief budgetplafond' : 'Budgetplafond gewijzigd'} ${d.region} ${d.year} – ${d.cycle.title}`,
  }),
  budgetReview: spec({
    audience: 'officer',
    schema: data({
      year: z.int(),
      at: instant,
      regions: z
        .array(
          z.strictObject({
            region: text(200),
            providers: z.int().min(0),
            ceiling: euros,
            projected: euros,
            headroom: z.number(),
          }),
        )
        .min(1),
      openCases: z.int().min(0),
    }),
    subject: (d) => `Herschikking tussen regio's: stand ${d.year} – ${d.cycle.title}`,
  }),
  transferProposal: spec({
    audience: 'officer',
    schema: data({
      provider: text(300),
      region: text(200),
      year: z.int(),
      shortfall: euros,
      from: z.array(
        z.strictObject({ provider: text(300), region: text(200), amount: euros, headroom: euros }),
      ),
      uncovered: euros,
      deadline: instant.nullable(),
    }),
    subject: (d) => `Voorstel overheveling voor ${d.provider} ${d.region} ${d.year} – ${d.cycle.title}`,
  }),
  vwsReminder: spec({
    audience: 'officer',
    schema: data({
      year: z.int(),
      requestedAt: instant,
      cases: z.array(z.strictObject({ provider: text(300), region: text(200), shortfall: euros })).min(1),
    }),
    subject: (d) => `Herinnering: overleg met VWS ${d.year} loopt nog – ${d.cycle.title}`,
  }),
  inboundReceived: spec({
    audience: 'provider',
    schema: data({
      /** When the message reached the mailbox. */
      receivedAt: instant,
      originalSubject: text(500),
      files: z.array(z.strictObject({ name: text(255), sizeBytes: z.int().min(0), sha256: z.string() })),
      /** Why a person looks at it, in Dutch; absent when it only has to be routed by hand. */
      note: text(2000).optional(),
    }),
    subject: (d) => `Ontvangen: ${d.originalSubject} – ${d.cycle.title}`,
  }),
  deliveryFailed: spec({
    audience: 'officer',
    schema: data({
      originalSubject: text(500),
      failedRecipient: z.email(),
      reason: text(2000),
      messageId: text(500),
      attemptedAt: instant,
    }),
    subject: (d) => `Bericht niet afgeleverd bij ${d.failedRecipient} – ${d.cycle.title}`,
  }),
} as const;

export type TemplateKind = keyof typeof CATALOG;
export type TemplateData<K extends TemplateKind> = z.input<(typeof CATALOG)[K]['schema']>;
export const TEMPLATE_KINDS = Object.keys(CATALOG) as TemplateKind[];
