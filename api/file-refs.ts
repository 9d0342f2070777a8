/**
 * A submission, supplement or objection names files uploaded before (POST /files) by SHA-256. This resolves each
 * reference against the attachment store: the file must be there, and size, type and text layer come from the bytes,
 * not from what the caller says. The message's files together must stay within the per-message limit.
 */
import { z } from 'zod';
import { type FileFacts, inspectFile } from '../attachments/inspect';
import type { ReceivedFile } from '../attachments/intake';
import type { AttachmentStore } from '../attachments/store';
import { type AttachmentLimits, refuseFiles } from '../domain/attachment-limits';
import type { Problem } from '../domain/validation';
import { filesRefusal } from './errors';

/** What the bytes under a hash are (type, text layer) never changes: read once per hash. */
const factsByHash = new Map<string, Promise<FileFacts>>();
const FACTS_KEPT = 10_000;

function factsOf(sha256: string, name: string, content: Buffer): Promise<FileFacts> {
  const key = `${sha256}/${name.toLowerCase().endsWith('.pdf') ? 'pdf' : name}`;
  let facts = factsByHash.get(key);
  if (!facts) {
    if (factsByHash.size >= FACTS_KEPT) factsByHash.delete(factsByHash.keys().next().value as string);
    facts = inspectFile(name, undefined, content);
    factsByHash.set(key, facts);
  }
  return facts;
}

export const FileRefSchema = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 as 64 lower-case hex digits (from POST /files)'),
  name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
});
export type FileRef = z.infer<typeof FileRefSchema>;

export async function resolveFiles(
  store: AttachmentStore,
  refs: readonly FileRef[],
  limits: AttachmentLimits,
  field: string,
): Promise<ReceivedFile[]> {
  const problems: Problem[] = [];
  const found: { ref: FileRef; content: Buffer }[] = [];
  for (const [i, ref] of refs.entries()) {
    const content = await store.get(ref.sha256);
    if (!content)
      problems.push({
        path: `${field}[${i}].sha256`,
        message: `no file with this SHA-256 was uploaded (POST /files first)`,
      });
    else found.push({ ref, content });
  }
  problems.push(
    ...refuseFiles(
      found.map((f) => ({ name: f.ref.name, sizeBytes: f.content.byteLength })),
      limits,
    ).map((p) => ({ ...p, path: p.path.replace(/^files/, field) })),
  );
  if (problems.length > 0) throw filesRefusal(problems);
  return Promise.all(
    found.map(async ({ ref, content }) => ({
      name: ref.name,
      sizeBytes: content.byteLength,
      sha256: ref.sha256,
      ...(await factsOf(ref.sha256, ref.name, content)),
    })),
  );
}
