/**
 * Where incoming files are kept: content-addressed by SHA-256, so the same file sent twice is kept once and a hash in
 * a receipt always finds its bytes. Files never travel inside Temporal payloads; workflows get name, size, type and
 * hash. The interface is small enough for an S3-compatible store later; FileSystemAttachmentStore keeps them under
 * the data folder (`<data>/attachments/ab/cd/<sha256>`), written to a temporary name and renamed, so a crash never
 * leaves a half file under a hash.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AttachmentStore {
  /** Keeps the bytes (once) and returns their hash and size. */
  put(content: Uint8Array): Promise<{ sha256: string; sizeBytes: number }>;
  /** The bytes under a hash, or null. */
  get(sha256: string): Promise<Buffer | null>;
  /** The size of the file under a hash, or null when there is none. */
  size(sha256: string): Promise<number | null>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Of(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export class FileSystemAttachmentStore implements AttachmentStore {
  constructor(readonly dir: string) {}

  private fileOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: Uint8Array): Promise<{ sha256: string; sizeBytes: number }> {
    const sha256 = sha256Of(content);
    const file = this.fileOf(sha256);
    if ((await this.size(sha256)) === content.byteLength) return { sha256, sizeBytes: content.byteLength };
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.part`;
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, file);
    return { sha256, sizeBytes: content.byteLength };
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!SHA256.test(sha256)) return null;
    return readFile(this.fileOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  }

  async size(sha256: string): Promise<number | null> {
    if (!SHA256.test(sha256)) return null;
    return stat(this.fileOf(sha256)).then(
      (s) => s.size,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      },
    );
  }
}
