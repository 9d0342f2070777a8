/**
 * What the command line records in the audit log of a data folder: a token made or revoked with `oco token`, by the
 * operating-system user who ran it (the one who can write the data folder).
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { AuditEntry } from '../api/audit/entry';
import { JsonLinesAuditLog } from '../api/audit/journal';

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry.
    return process.env.USER ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

export function recordLocally(
  dataDir: string,
  what: AuditEntry['what'],
  outcome: AuditEntry['outcome'],
  clock: () => Date = () => new Date(),
): void {
  JsonLinesAuditLog.inDataDir(dataDir).record({
    at: clock().toISOString(),
    requestId: randomUUID(),
    channel: 'cli',
    who: { tokenId: null, verified: false, localUser: localUser() },
    what,
    outcome,
    remoteAddress: null,
  });
}
