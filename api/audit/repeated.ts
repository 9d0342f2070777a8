/**
 * Refused attempts that repeat (401 unauthorized, 429 rateLimited) are counted, not written one line each: someone
 * trying tokens by the thousand must not be able to fill the disk, slow the server with writes, or push the real
 * entries out of what `GET /audit` returns. Per address and status, the first `inFull` attempts of a window are written
 * as they are (what was tried, with which token, on which route); the rest become one line when the window ends, with
 * how many there were, until when, and which tokens and routes (the first ten of each). So one address adds at most
 * `inFull + 1` lines per status per window, and more than `maxAddresses` addresses in one window share one line per
 * status. Whoever hammered the API still shows in the log, with a count.
 *
 * A window starts at the first refusal after a quiet period and ends `windowMs` later (a timer that does not keep the
 * process alive); `flush()` ends it at once, as the server does when it closes, so no count is lost on a stop.
 */
import type { AuditEntry, AuditFieldValue } from './entry';
import type { AuditLog } from './journal';

export interface RepeatedRefusalOptions {
  /** How many refused attempts per address and status are written in full in a window (default 5). */
  inFull: number;
  /** The window (default a minute). */
  windowMs: number;
  /** How many addresses are told apart in one window; attempts from more share one line (default 1000). */
  maxAddresses: number;
}

export const DEFAULT_REPEATED_REFUSALS: RepeatedRefusalOptions = {
  inFull: 5,
  windowMs: 60_000,
  maxAddresses: 1000,
};

/** The statuses whose repetitions are counted: a token not valid, and too many requests. */
export function isRepeatable(status: number): boolean {
  return status === 401 || status === 429;
}

/** How many distinct tokens, routes and addresses a counted line names. */
const NAMED = 10;

interface Tally {
  /** Attempts written in full in this window. */
  written: number;
  /** Attempts counted only: the first of them, the last one's arrival, and what they named. */
  counted: number;
  first?: AuditEntry;
  until?: string;
  tokenIds: Set<string>;
  routes: Set<string>;
  /** For the line of the addresses beyond `maxAddresses`. */
  addresses?: Set<string>;
}

const OTHERS = '*';

export class RepeatedRefusals {
  private readonly options: RepeatedRefusalOptions;
  private tallies = new Map<string, Tally>();
  private addresses = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: AuditLog,
    options: Partial<RepeatedRefusalOptions> = {},
  ) {
    this.options = { ...DEFAULT_REPEATED_REFUSALS, ...options };
  }

  /** Records a refused attempt (an entry whose status `isRepeatable`) from `address` (the key, e.g. the IP). */
  record(address: string, entry: AuditEntry): void {
    this.timer ??= setTimeout(() => this.flush(), this.options.windowMs).unref();
    const known = this.addresses.has(address) || this.addresses.size < this.options.maxAddresses;
    if (known) this.addresses.add(address);
    const key = `${entry.outcome.status} ${known ? address : OTHERS}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { written: 0, counted: 0, tokenIds: new Set(), routes: new Set() };
      if (!known) tally.addresses = new Set();
      this.tallies.set(key, tally);
    }
    if (known && tally.written < this.options.inFull) {
      tally.written++;
      this.log.record(entry);
      return;
    }
    tally.counted++;
    tally.first ??= entry;
    tally.until = entry.at;
    name(tally.tokenIds, entry.who.tokenId ?? '-');
    name(tally.routes, `${entry.what.method ?? ''} ${entry.what.route ?? ''}`.trim());
    if (tally.addresses && entry.remoteAddress) name(tally.addresses, entry.remoteAddress);
  }

  /** Ends the window: writes a line for each address and status with attempts counted only. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const tallies = this.tallies;
    this.tallies = new Map();
    this.addresses = new Set();
    for (const tally of tallies.values()) if (tally.first) this.log.record(counted(tally, tally.first));
  }
}

function name(names: Set<string>, value: string): void {
  if (names.size < NAMED) names.add(value);
}

/** The line that stands for a tally's attempts counted only. */
function counted(tally: Tally, first: AuditEntry): AuditEntry {
  const oneToken = tally.tokenIds.size === 1 && !tally.tokenIds.has('-');
  const fields: Record<string, AuditFieldValue> = {
    routes: [...tally.routes],
    tokenIds: [...tally.tokenIds],
    ...(tally.addresses ? { addresses: [...tally.addresses] } : {}),
  };
  return {
    at: first.at,
    requestId: first.requestId,
    channel: first.channel,
    // The same token each time: who it is. Several: their ids are in `fields`.
    who: oneToken ? first.who : { tokenId: null, verified: false },
    what: { action: 'refused.repeated', fields },
    outcome: {
      ok: false,
      ...(first.outcome.status !== undefined ? { status: first.outcome.status } : {}),
      ...(first.outcome.error ? { error: first.outcome.error } : {}),
    },
    remoteAddress: tally.addresses ? null : first.remoteAddress,
    repeated: { count: tally.counted, until: tally.until ?? first.at },
  };
}
