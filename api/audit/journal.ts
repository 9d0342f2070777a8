/**
 * The audit log as a file of JSON lines under the data folder (`data/audit.jsonl`), append-only like the outbox
 * journal and the inbound ledger. Each entry is one line written with one append (O_APPEND), so the API server and
 * `oco token` in another process can write at the same time without losing or mixing lines. A line cut short by a
 * crash is skipped when reading, and the next entry starts on a line of its own. The file is readable by its owner
 * only: made so when it is opened, also when it existed before. A write that fails is logged, never thrown: the
 * request it records has been answered already.
 *
 * The file is opened once (the folder made, the mode set, the last byte read) and kept open; after that a write is
 * one `fstat` and one `write`. The last byte is read again only when the file's size is not what this writer left
 * (another process appended since, or a line was cut). A file removed while open is opened anew; one renamed away
 * keeps receiving lines, so rotate it by copying and truncating, or restart the server.
 */
import {
  closeSync,
  createReadStream,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type AuditEntry, AuditEntrySchema } from './entry';

export interface AuditFilter {
  /** Entries about this cycle, or by a token bound to it. */
  cycleId?: string;
  /** Entries about this provider, or by its token. */
  providerId?: string;
  /** Entries at or after this instant. */
  since?: Date;
  /** At most this many: the latest that match. */
  limit?: number;
}

export interface AuditPage {
  /** The matching entries in the order they were recorded. */
  entries: AuditEntry[];
  /** More entries matched than `limit`; the earliest were left out. */
  truncated: boolean;
  /** Lines that could not be read (cut short by a crash). */
  skipped: number;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
  read(filter?: AuditFilter): Promise<AuditPage>;
}

/** How many entries a read returns unless told otherwise, and at most. */
export const DEFAULT_AUDIT_LIMIT = 500;
export const MAX_AUDIT_LIMIT = 5000;
const NEWLINE = 0x0a;

export class JsonLinesAuditLog implements AuditLog {
  private fd: number | null = null;
  /** The file's size after this writer's last line; -1 when unknown (then the last byte is read before writing). */
  private sizeAfterLastWrite = -1;

  constructor(
    readonly file: string,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  static inDataDir(dataDir: string): JsonLinesAuditLog {
    return new JsonLinesAuditLog(path.join(dataDir, 'audit.jsonl'));
  }

  record(entry: AuditEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    try {
      let fd = this.open();
      let stat = fstatSync(fd);
      if (stat.nlink === 0) {
        // Removed while open: a new file under the name.
        this.close();
        fd = this.open();
        stat = fstatSync(fd);
      }
      const size = stat.size;
      // After a line cut short, the next starts on a line of its own.
      const cut = size !== this.sizeAfterLastWrite && size > 0 && lastByte(fd, size) !== NEWLINE;
      const bytes = Buffer.from(cut ? `\n${line}` : line);
      const written = writeSync(fd, bytes);
      this.sizeAfterLastWrite = written === bytes.length ? size + written : -1;
      if (written !== bytes.length) throw new Error(`only ${written} of ${bytes.length} bytes were written`);
    } catch (error) {
      this.close();
      this.log(
        `audit log: ${entry.what.action} by token ${entry.who.tokenId ?? '-'} (${entry.requestId}) ` +
          `was not recorded: ${(error as Error).message}`,
      );
    }
  }

  /** Closes the file; the next entry opens it again. */
  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Closed already: nothing to release.
    }
    this.fd = null;
    this.sizeAfterLastWrite = -1;
  }

  /** The open file, opened (folder made, owner-only mode set) on the first entry, after a failure or a removal. */
  private open(): number {
    if (this.fd !== null) return this.fd;
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Read and append: the last byte is read to find a line cut short.
    const fd = openSync(this.file, 'a+', 0o600);
    try {
      // `mode` applies only to a file made now; an older one (an old data folder, a volume) is made owner-only too.
      fchmodSync(fd, 0o600);
    } catch (error) {
      this.log(
        `audit log: ${this.file} could not be made readable by its owner only: ${(error as Error).message}`,
      );
    }
    this.fd = fd;
    return fd;
  }

  async read(filter: AuditFilter = {}): Promise<AuditPage> {
    const limit = filter.limit ?? DEFAULT_AUDIT_LIMIT;
    const since = filter.since?.getTime();
    const entries: AuditEntry[] = [];
    let matched = 0;
    let skipped = 0;
    if (this.size() === 0) return { entries, truncated: false, skipped };
    const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const entry = parseLine(line);
      if (!entry) {
        skipped++;
        continue;
      }
      if (!matches(entry, filter, since)) continue;
      matched++;
      entries.push(entry);
      // Keeps the latest `limit`; dropping in blocks keeps this linear.
      if (entries.length >= 2 * limit) entries.splice(0, entries.length - limit);
    }
    const kept = entries.slice(-limit);
    return { entries: kept, truncated: matched > kept.length, skipped };
  }

  private size(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }
}

function lastByte(fd: number, size: number): number | undefined {
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0];
}

function parseLine(line: string): AuditEntry | undefined {
  try {
    const parsed = AuditEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function matches(entry: AuditEntry, filter: AuditFilter, since: number | undefined): boolean {
  if (since !== undefined && Date.parse(entry.at) < since) return false;
  if (filter.cycleId && entry.what.cycleId !== filter.cycleId && entry.who.cycleId !== filter.cycleId)
    return false;
  if (
    filter.providerId &&
    entry.what.providerId !== filter.providerId &&
    entry.who.providerId !== filter.providerId
  )
    return false;
  return true;
}
