/** A document of a dry run, which has no files. */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DocumentInput } from '../domain/inputs';
import type { SubmittedDocument } from '../domain/submission-rules';

/**
 * A dry run has no files: a document without size or hash gets its name as stand-in content. Its issue date moves
 * with the scenario.
 */
export function simulatedDocument(document: SubmittedDocument, years = 0): DocumentInput {
  return {
    ...document,
    ...(document.issuedOn && years !== 0
      ? { issuedOn: DateTime.fromISO(document.issuedOn).plus({ years }).toISODate() as string }
      : {}),
    sizeBytes: document.sizeBytes ?? Buffer.byteLength(document.name),
    sha256: document.sha256 ?? createHash('sha256').update(`simulated:${document.name}`).digest('hex'),
  };
}
