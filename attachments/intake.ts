/**
 * Taking in the files of one message (an e-mail or an API request): the limits are checked for all of them first, so a
 * refused message keeps nothing; then each is inspected (media type, PDF text layer) and stored by its SHA-256. What
 * comes back is what a workflow may hold: name, size, type, hash, and the text-layer finding.
 */
import path from 'node:path';
import { type AttachmentLimits, refuseFiles } from '../domain/attachment-limits';
import { formatProblem, type Problem } from '../domain/validation';
import { inspectFile, type TextLayer } from './inspect';
import type { AttachmentStore } from './store';

export interface IncomingFile {
  name: string;
  /** The type the sender declared (Content-Type), if any. */
  declaredType?: string;
  content: Uint8Array;
}

export interface ReceivedFile {
  name: string;
  sizeBytes: number;
  sha256: string;
  mediaType: string;
  textLayer?: TextLayer;
}

export class FilesRefusedError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('; '));
    this.name = 'FilesRefusedError';
  }
}

/** A file name as a person reads it: no folders, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = path.posix.basename(name.replace(/\\/g, '/'));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'bijlage').slice(0, 255);
}

export async function receiveFiles(
  store: AttachmentStore,
  files: readonly IncomingFile[],
  limits: AttachmentLimits,
): Promise<ReceivedFile[]> {
  const named = files.map((f) => ({ ...f, name: cleanFileName(f.name) }));
  const problems = refuseFiles(
    named.map((f) => ({ name: f.name, sizeBytes: f.content.byteLength })),
    limits,
  );
  if (problems.length > 0) throw new FilesRefusedError(problems);
  const received: ReceivedFile[] = [];
  for (const file of named) {
    const facts = await inspectFile(file.name, file.declaredType, file.content);
    const stored = await store.put(file.content);
    received.push({ name: file.name, ...stored, ...facts });
  }
  return received;
}
