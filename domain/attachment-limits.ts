/**
 * How large incoming files may be (issue 7: "size limits per file and per message are configurable and enforced with a
 * clear refusal"). A message is one e-mail or one API request; its files are checked together before any is stored,
 * so a refused message leaves nothing half-kept. Pure.
 */
import { z } from 'zod';
import type { Problem } from './validation';

export const AttachmentLimitsSchema = z.strictObject({
  /** Largest single file, in bytes. */
  maxFileBytes: z.int().min(1),
  /** Largest total of one message's files, in bytes. */
  maxMessageBytes: z.int().min(1),
  /** Most files in one message. */
  maxFiles: z.int().min(1),
});
export type AttachmentLimits = z.infer<typeof AttachmentLimitsSchema>;

/** 20 MiB a file and 30 MiB a message, the common limits of Dutch organisations' mailboxes; at most 200 files. */
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxMessageBytes: 30 * 1024 * 1024,
  maxFiles: 200,
};

/** The limits from the environment (OCO_MAX_FILE_MB, OCO_MAX_MESSAGE_MB, OCO_MAX_FILES), each checked. */
export function limitsFromEnv(env: Record<string, string | undefined>): AttachmentLimits {
  const mb = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`${name}: must be a positive number of MiB, got ${raw}`);
    return Math.round(value * 1024 * 1024);
  };
  const files = env.OCO_MAX_FILES;
  const maxFiles = files === undefined || files === '' ? DEFAULT_ATTACHMENT_LIMITS.maxFiles : Number(files);
  if (!Number.isInteger(maxFiles) || maxFiles < 1)
    throw new Error(`OCO_MAX_FILES: must be a whole number above 0, got ${files}`);
  return {
    maxFileBytes: mb('OCO_MAX_FILE_MB', DEFAULT_ATTACHMENT_LIMITS.maxFileBytes),
    maxMessageBytes: mb('OCO_MAX_MESSAGE_MB', DEFAULT_ATTACHMENT_LIMITS.maxMessageBytes),
    maxFiles,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Every limit a message's files break, each naming the file (`files[i]`) or the message as a whole (`files`). */
export function refuseFiles(
  files: readonly { name: string; sizeBytes: number }[],
  limits: AttachmentLimits,
): Problem[] {
  const problems: Problem[] = [];
  if (files.length > limits.maxFiles)
    problems.push({
      path: 'files',
      message: `must hold at most ${limits.maxFiles} files, got ${files.length}`,
    });
  files.forEach((file, i) => {
    if (file.sizeBytes > limits.maxFileBytes)
      problems.push({
        path: `files[${i}]`,
        message: `${file.name} is ${formatBytes(file.sizeBytes)}; a file may be at most ${formatBytes(limits.maxFileBytes)}`,
      });
    if (file.sizeBytes === 0) problems.push({ path: `files[${i}]`, message: `${file.name} is empty` });
  });
  const total = files.reduce((sum, f) => sum + f.sizeBytes, 0);
  if (total > limits.maxMessageBytes)
    problems.push({
      path: 'files',
      message: `together ${formatBytes(total)}; one message may carry at most ${formatBytes(limits.maxMessageBytes)}`,
    });
  return problems;
}
