/**
 * `oco audit [--cycle ID] [--provider ID] [--since ISO] [--limit N] [--json]` prints the audit log of a data folder
 * (`<data>/audit.jsonl`): who did what and what came of it, one line each, in the order recorded. The filters are
 * those of GET /audit. What a caller wrote (a path, a label, an error's reason) reaches the terminal with its control
 * characters escaped, so no escape sequence in the log can move the cursor, recolour or hide a line.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AuditEntry } from '../../api/audit/entry';
import { DEFAULT_AUDIT_LIMIT, JsonLinesAuditLog, MAX_AUDIT_LIMIT } from '../../api/audit/journal';

/** An instant with its offset: "2023-08-01T15:00:00Z" or "2023-08-01T17:00:00+02:00". */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function instant(value: string): Date {
  const ms = Date.parse(value);
  if (!INSTANT.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError(
      'must be an ISO-8601 instant with its offset, such as 2023-08-01T15:00:00Z or 2023-08-01T17:00:00+02:00',
    );
  return new Date(ms);
}

function limit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_AUDIT_LIMIT)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_AUDIT_LIMIT}`);
  return n;
}

function who(entry: AuditEntry): string {
  const w = entry.who;
  if (w.localUser) return `local user ${w.localUser}`;
  if (!w.tokenId) return 'no token';
  if (!w.verified) return `unverified token ${w.tokenId}`;
  const name =
    w.role === 'provider' ? `provider ${w.providerId}` : `${w.role}${w.label ? ` "${w.label}"` : ''}`;
  return `${name} [${w.tokenId}${w.cycleId ? `, cycle ${w.cycleId}` : ''}]`;
}

function outcome(entry: AuditEntry): string {
  const o = entry.outcome;
  const status = o.status !== undefined ? String(o.status) : o.ok ? 'ok' : 'refused';
  if (o.error) return `${status} ${o.error}${o.reason ? `: ${o.reason}` : ''}`;
  const details = [
    o.receipt ? `receipt ${o.receipt.kind} ${o.receipt.sequence} ${o.receipt.code}` : '',
    o.number !== undefined ? `number ${o.number}` : '',
    o.version !== undefined ? `version ${o.version}` : '',
    o.sha256 ? `sha256 ${o.sha256}` : '',
    o.state ?? '',
    o.tokenId ? `token ${o.tokenId}` : '',
    o.workflowId ? `workflow ${o.workflowId}` : '',
  ].filter(Boolean);
  return [status, ...details].join(' ');
}

/**
 * Control characters as \uXXXX: C0 (line breaks, ESC), DEL, C1, the line and paragraph separators and the
 * bidirectional overrides and isolates (which reorder what a terminal shows).
 */
export function escapeControls(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A line that stands for many refused attempts: how many, until when, from where (the address, or some of the
 * addresses sharing the line), with which tokens ("none": without one) and on which routes.
 */
function repeated(entry: AuditEntry): string {
  if (!entry.repeated) return '';
  const named = (field: string) => {
    const value = entry.what.fields?.[field];
    return Array.isArray(value) ? value : [];
  };
  const from = entry.remoteAddress ? [entry.remoteAddress] : named('addresses');
  const tokens = named('tokenIds').map((id) => (id === '-' ? 'none' : id));
  return [
    `${entry.repeated.count} times until ${entry.repeated.until}`,
    ...(from.length > 0 ? [`from ${from.join(', ')}`] : []),
    ...(tokens.length > 0 ? [`tokens ${tokens.join(', ')}`] : []),
    ...(named('routes').length > 0 ? [`routes ${named('routes').join(', ')}`] : []),
  ].join('; ');
}

export function auditLine(entry: AuditEntry): string {
  const where = entry.what.method ? `${entry.what.method} ${entry.what.path}` : '';
  // A line for many attempts names its tokens itself, unless they were all one.
  const caller = entry.repeated && !entry.who.tokenId ? '' : who(entry);
  const parts = [entry.at, entry.what.action, caller, where, outcome(entry), repeated(entry)];
  return escapeControls(parts.filter(Boolean).join('  '));
}

export function auditCommand(): Command {
  return new Command('audit')
    .description(
      'who did what: every request that changed something, every refused attempt, every token made',
    )
    .addOption(
      new Option('-d, --data <dir>', 'data folder of `npm start`').default(
        process.env.OCO_DATA_DIR ?? 'data',
      ),
    )
    .option('--cycle <id>', 'only entries about this cycle, or by a token bound to it')
    .option('--provider <id>', 'only entries about this provider, or by its token')
    .option(
      '--since <instant>',
      'only entries at or after this ISO-8601 instant (2023-08-01T15:00:00Z)',
      instant,
    )
    .option('--limit <n>', `at most this many, the latest (default ${DEFAULT_AUDIT_LIMIT})`, limit)
    .option('--json', 'print { entries, truncated, skipped } as JSON')
    .action(
      async (options: {
        data: string;
        cycle?: string;
        provider?: string;
        since?: Date;
        limit?: number;
        json?: boolean;
      }) => {
        const log = JsonLinesAuditLog.inDataDir(options.data);
        const page = await log.read({
          ...(options.cycle ? { cycleId: options.cycle } : {}),
          ...(options.provider ? { providerId: options.provider } : {}),
          ...(options.since ? { since: options.since } : {}),
          limit: options.limit ?? DEFAULT_AUDIT_LIMIT,
        });
        if (options.json) return console.log(JSON.stringify(page, null, 2));
        if (page.entries.length === 0) console.log(`no entries in ${log.file}`);
        if (page.truncated)
          console.log(`(the latest ${page.entries.length}; earlier entries left out, see --limit)`);
        for (const entry of page.entries) console.log(auditLine(entry));
        if (page.skipped > 0)
          console.error(
            `${page.skipped} line(s) of ${log.file} could not be read (cut short) and were skipped`,
          );
      },
    );
}
