/**
 * The audit log as a file of JSON lines under the data folder (`data/audit.jsonl`), append-only like the outbox
 * journal and the inbound ledger. Each entry is one line written with one append (O_APPEND), so the API server and
 * `oco token` in another process can write at the same time without losing or mixing lines. A line cut short by a
 * crash is skipped when reading, and the next entry starts on a line of its own. The file is readable by its owner
 * only. A write that fails is logged, never thrown: the request it records has been answered already.
 */
import {
  appendFileSync,
  closeSync,
  createReadStream,
  mkdirSync,
  openSync,
  readSync,
  statSync,
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
      mkdirSync(path.dirname(this.file), { recursive: true });
      // After a line cut short, the next starts on a line of its own.
      appendFileSync(this.file, this.endsMidLine() ? `\n${line}` : line, { mode: 0o600 });
    } catch (error) {
      this.log(
        `audit log: ${entry.what.action} by token ${entry.who.tokenId ?? '-'} (${entry.requestId}) ` +
          `was not recorded: ${(error as Error).message}`,
      );
    }
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

  private endsMidLine(): boolean {
    const size = this.size();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, last, 0, 1, size - 1);
    } finally {
      closeSync(fd);
    }
    return last[0] !== NEWLINE;
  }
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
