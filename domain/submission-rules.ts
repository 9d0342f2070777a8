/**
 * The mandatory documents of a submission (inkoopbeleid 2024-2025, 000:L900-916) and what a receipt says is missing
 * or doubtful. An incomplete submission is still accepted and recorded; the assessment decides. These rules only
 * name the gaps, in Dutch, as the provider reads them in the receipt.
 *
 * "Niet ouder dan 6 maanden voor datum van inschrijving": the document's issue date must lie on or after the local
 * date of the submission minus six calendar months (the policy leaves open whether "datum van inschrijving" is the
 * sending date or the closing date; the date the submission was received is used).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { localDateSchema } from './local-time';

export const DOCUMENT_KINDS = [
  'bestuursverklaring',
  'machtiging',
  'vogRp',
  'kvkUittreksel',
  'uboRegister',
  'consortiumDeclaration',
  'onderbouwing',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_NAMES_NL: Record<DocumentKind, string> = {
  bestuursverklaring: 'ingevulde en ondertekende bestuursverklaring',
  machtiging: 'bewijs van machtiging om voor de organisatie te ondertekenen',
  vogRp: 'Verklaring omtrent gedrag voor rechtspersonen (VOG RP)',
  kvkUittreksel: 'uittreksel Kamer van Koophandel',
  uboRegister: 'uittreksel UBO-register',
  consortiumDeclaration:
    'verklaring dat alle deelnemers hoofdelijke aansprakelijkheid voor het geheel aanvaarden',
  onderbouwing: 'documenten ter onderbouwing van de inschrijving',
};

/** Documents whose issue date must lie within six months before the submission. */
export const FRESHNESS_MONTHS = 6;
export const MUST_BE_FRESH: ReadonlySet<DocumentKind> = new Set(['vogRp', 'kvkUittreksel', 'uboRegister']);

export const SubmittedDocumentSchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS, { message: `must be one of ${DOCUMENT_KINDS.join(', ')}` }),
  name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  /** Issue date of the document, local YYYY-MM-DD (needed for VOG RP, KvK and UBO extracts). */
  issuedOn: localDateSchema().optional(),
  sizeBytes: z.int().min(0).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 as 64 lower-case hex digits')
    .optional(),
  /** The media type the system found (application/pdf, ...), when the file passed through the attachment store. */
  mediaType: z
    .string()
    .regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, 'must be a media type such as application/pdf')
    .max(255)
    .optional(),
  /** For a PDF: whether it has a text layer ("volledig digitaal en doorzoekbaar", 004). */
  textLayer: z.enum(['present', 'absent', 'unreadable']).optional(),
});
export type SubmittedDocument = z.infer<typeof SubmittedDocumentSchema>;

const longDate = (day: DateTime) => day.setLocale('nl').toFormat('d LLLL yyyy');

/**
 * What is missing or doubtful in a submission received at `receivedAt` (epoch ms), in Dutch, one line each.
 * `documents` is the whole submission as it now stands (the latest version plus supplements).
 */
export function submissionIssues(input: {
  /** Each document may carry the instant it was received (a supplement comes later than the submission). */
  documents: readonly (SubmittedDocument & { receivedAt?: number })[];
  consortium: boolean;
  receivedAt: number;
  zone: string;
}): string[] {
  const issues: string[] = [];
  const submissionDay = DateTime.fromMillis(input.receivedAt, { zone: input.zone }).startOf('day');
  const required = DOCUMENT_KINDS.filter((kind) => kind !== 'consortiumDeclaration' || input.consortium);

  for (const kind of required) {
    const documents = input.documents.filter((d) => d.kind === kind);
    if (documents.length === 0) {
      issues.push(`Ontbreekt: ${DOCUMENT_NAMES_NL[kind]}`);
      continue;
    }
    if (!MUST_BE_FRESH.has(kind)) continue;
    const dated = documents.filter((d) => d.issuedOn !== undefined);
    if (dated.length === 0) {
      issues.push(
        `${DOCUMENT_NAMES_NL[kind]}: de datum van afgifte ontbreekt, de ouderdom kan niet worden vastgesteld`,
      );
      continue;
    }
    // The most recent copy counts, measured against the day it was received.
    const newestDoc = dated.reduce((a, b) => ((a.issuedOn as string) >= (b.issuedOn as string) ? a : b));
    const newest = DateTime.fromISO(newestDoc.issuedOn as string, { zone: input.zone });
    const receivedDay =
      newestDoc.receivedAt === undefined
        ? submissionDay
        : DateTime.fromMillis(newestDoc.receivedAt, { zone: input.zone }).startOf('day');
    const oldestAllowed = receivedDay.minus({ months: FRESHNESS_MONTHS });
    if (newest > receivedDay) {
      issues.push(
        `${DOCUMENT_NAMES_NL[kind]}: afgegeven op ${longDate(newest)}, na de datum van inschrijving ` +
          `(${longDate(receivedDay)}); controleer de datum`,
      );
    } else if (newest < oldestAllowed) {
      issues.push(
        `${DOCUMENT_NAMES_NL[kind]} is ouder dan ${FRESHNESS_MONTHS} maanden: afgegeven op ${longDate(newest)}, ` +
          `inschrijving op ${longDate(receivedDay)} (afgifte op of na ${longDate(oldestAllowed)} vereist)`,
      );
    }
  }
  for (const d of input.documents) {
    if (d.textLayer === 'absent')
      issues.push(
        `${d.name}: een scan zonder tekstlaag; de stukken moeten volledig digitaal en doorzoekbaar zijn (wel ontvangen)`,
      );
    if (d.textLayer === 'unreadable')
      issues.push(
        `${d.name}: het PDF-bestand kon niet worden gelezen; controleer het bestand (wel ontvangen)`,
      );
  }
  return issues;
}
