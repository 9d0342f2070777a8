/**
 * Load against a front door, measured the same way for our system and for the floor: inputs fired either paced over a
 * window (the deadline rush) or all at once with a fixed concurrency (saturated), each answered with the time the
 * receiving side stamped it ("accepted"); then the e-mail each input causes is awaited at the in-process SMTP server.
 * Figures: acceptance to answer and acceptance to e-mail at SMTP, per input, and for the saturated run the wall time
 * from the first request to the last e-mail and the CPU time spent in this process and in the Temporal server.
 */
import { readFileSync } from 'node:fs';
import type { MailboxServer } from '../mail/mailbox-server';
import { inPool } from '../support/pool';
import { truncate } from '../support/text';

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** What the front door answered for one input it took; see Refused for one it did not. */
export interface Answer {
  /** The receipt time the receiving side stamped. */
  acceptedAt: number;
  /** Whether the receiving side counted it on time (our deadline rule); the floor has none. */
  onTime?: boolean;
}

/** An input the front door did not take: why (its status and error code, or the failure of the call). */
export interface Refused {
  refused: string;
}

/** A refusal's reason, as counted: the status and the error code, with the message's first words (not its values). */
export function refusal(status: number, error?: { code?: string; message?: string }): string {
  const words = (error?.message ?? '').split(/\s+/).slice(0, 6).join(' ');
  return truncate(`${status} ${error?.code ?? ''}: ${words}`, 120);
}

/** One kind of load: who sends, how one input is sent, and which e-mail it causes. */
export interface LoadTarget {
  /** The e-mail address each input's message goes to, one per input. */
  recipients: readonly string[];
  /** Sends input `i`. */
  send(i: number): Promise<Answer | Refused>;
  /** The X-OCO-Kind header of the message an input causes. */
  mailKind: string;
}

export interface LoadFigures {
  inputs: number;
  accepted: number;
  refused: number;
  /** Why inputs were refused, and how many for each reason. */
  refusedBy: Record<string, number>;
  /** Inputs whose message reached the SMTP server. */
  delivered: number;
  /** Messages handed to SMTP twice with the same Message-ID (a send retried after a time-out). */
  duplicates: number;
  /** Accepted inputs counted late by the receiving side although accepted before `onTimeBefore`. */
  markedLate: number;
  /** Acceptance to the front door's answer, ms. */
  answer: Spread;
  /** Acceptance to the message handed to SMTP, ms. */
  mail: Spread;
  /** From the first request to the last message at SMTP (or the last answer, if a message is missing), ms. */
  wallMs: number;
  /** CPU time over the run: this process (front door, worker, SMTP server, load) and the Temporal server, ms. */
  cpu: { processMs: number; serverMs: number | null };
  /** Each accepted input: which, when accepted and answered, and when its message reached SMTP (if it did). */
  timed: { i: number; acceptedAt: number; answeredAt: number; mailAt?: number }[];
}

/** CPU seconds (user + system) of another process so far, from /proc (Linux); null elsewhere. */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) are space-separated; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks / 100) * 1000;
  } catch {
    return null;
  }
}

const headerOf = (raw: Buffer) => raw.subarray(0, 8192).toString('latin1');

/**
 * The first time each recipient was handed a message of `kind` since the mailbox's message `from` (the start of this
 * run: an earlier run's messages and duplicates are not this run's), and how many such messages came twice.
 */
function mailByRecipient(
  mailbox: MailboxServer,
  kind: string,
  from: number,
): { handedAt: Map<string, number>; duplicates: number } {
  const kindHeader = new RegExp(`^x-oco-kind: ${kind}\\r?$`, 'im');
  const handedAt = new Map<string, number>();
  const seenIds = new Set<string>();
  let duplicates = 0;
  for (const m of mailbox.received.slice(from)) {
    const header = headerOf(m.raw);
    if (!kindHeader.test(header)) continue;
    const messageId = /^message-id:\s*(\S+)\r?$/im.exec(header)?.[1] ?? '';
    if (seenIds.has(messageId)) duplicates++;
    seenIds.add(messageId);
    const to = m.to[0] ?? '';
    if (!handedAt.has(to)) handedAt.set(to, m.receivedAt.getTime());
  }
  return { handedAt, duplicates };
}

/** Waits until every one of `recipients` has a message of `kind`, or `timeoutMs` passed. */
async function awaitMail(
  mailbox: MailboxServer,
  kind: string,
  recipients: Set<string>,
  from: number,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  const kindHeader = new RegExp(`^x-oco-kind: ${kind}\\r?$`, 'im');
  const missing = new Set(recipients);
  let checked = from;
  while (missing.size > 0 && Date.now() < deadline) {
    for (; checked < mailbox.received.length; checked++) {
      const m = mailbox.received[checked];
      if (m && kindHeader.test(headerOf(m.raw))) missing.delete(m.to[0] ?? '');
    }
    if (missing.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Fired {
  i: number;
  acceptedAt: number;
  answeredAt: number;
  onTime: boolean | undefined;
}

/** Fires the inputs with `schedule`, then waits for their messages and measures. */
async function measure(
  target: LoadTarget,
  mailbox: MailboxServer,
  schedule: (fire: (i: number) => Promise<void>) => Promise<void>,
  options: { serverPid?: number; onTimeBefore?: number; mailTimeoutMs?: number },
): Promise<LoadFigures> {
  const fired: Fired[] = [];
  const refusedBy: Record<string, number> = {};
  const cpuBefore = process.cpuUsage();
  const serverBefore = processCpuMs(options.serverPid);
  const started = Date.now();
  const firstMail = mailbox.received.length;
  await schedule(async (i) => {
    const answer = await target.send(i).catch((error: Error) => ({ refused: `no answer: ${error.message}` }));
    if ('refused' in answer) refusedBy[answer.refused] = (refusedBy[answer.refused] ?? 0) + 1;
    else fired.push({ i, acceptedAt: answer.acceptedAt, answeredAt: Date.now(), onTime: answer.onTime });
  });
  const recipients = new Set(fired.map((f) => target.recipients[f.i] as string));
  await awaitMail(mailbox, target.mailKind, recipients, firstMail, options.mailTimeoutMs ?? 10 * 60_000);
  const { handedAt, duplicates } = mailByRecipient(mailbox, target.mailKind, firstMail);
  const timed = fired.map(({ i, acceptedAt, answeredAt }) => {
    const mailAt = handedAt.get(target.recipients[i] as string);
    return { i, acceptedAt, answeredAt, ...(mailAt !== undefined ? { mailAt } : {}) };
  });
  const delivered = timed.filter((t) => t.mailAt !== undefined) as Required<(typeof timed)[number]>[];
  const lastMail = Math.max(...delivered.map((t) => t.mailAt), ...fired.map((f) => f.answeredAt));
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = processCpuMs(options.serverPid);
  const onTimeBefore = options.onTimeBefore ?? Number.POSITIVE_INFINITY;
  return {
    inputs: target.recipients.length,
    accepted: fired.length,
    refused: Object.values(refusedBy).reduce((n, count) => n + count, 0),
    refusedBy,
    delivered: delivered.length,
    duplicates,
    markedLate: fired.filter((f) => f.onTime === false && f.acceptedAt < onTimeBefore).length,
    answer: spread(fired.map((f) => f.answeredAt - f.acceptedAt)),
    mail: spread(delivered.map((t) => t.mailAt - t.acceptedAt)),
    wallMs: lastMail - started,
    cpu: {
      processMs: (cpu.user + cpu.system) / 1000,
      serverMs: serverBefore !== null && serverAfter !== null ? serverAfter - serverBefore : null,
    },
    timed,
  };
}

/** Every input fired at its place in the window: input i at windowStart + i * (windowMs - 2 s) / n. */
export function paced(
  target: LoadTarget,
  mailbox: MailboxServer,
  window: { startMs: number; ms: number },
  options: { serverPid?: number; onTimeBefore?: number } = {},
): Promise<LoadFigures> {
  const n = target.recipients.length;
  const step = (window.ms - 2_000) / n;
  return measure(
    target,
    mailbox,
    (fire) =>
      Promise.all(
        Array.from({ length: n }, async (_, i) => {
          await new Promise((resolve) =>
            setTimeout(resolve, Math.max(0, window.startMs + i * step - Date.now())),
          );
          await fire(i);
        }),
      ).then(() => undefined),
    options,
  );
}

/** Every input fired as fast as the front door answers, `concurrency` in flight at a time. */
export function saturated(
  target: LoadTarget,
  mailbox: MailboxServer,
  concurrency: number,
  options: { serverPid?: number; onTimeBefore?: number } = {},
): Promise<LoadFigures> {
  const indices = Array.from({ length: target.recipients.length }, (_, i) => i);
  return measure(target, mailbox, (fire) => inPool(indices, concurrency, fire), options);
}

/** The mail delay per tenth of the window (by acceptance time): where in the rush the slow ones were. */
export function bySlice(timed: LoadFigures['timed'], window: { startMs: number; ms: number }) {
  const sliceMs = window.ms / 10;
  return Array.from({ length: 10 }, (_, k) => {
    const inSlice = timed
      .filter((t) => Math.min(9, Math.floor((t.acceptedAt - window.startMs) / sliceMs)) === k)
      .flatMap((t) => (t.mailAt === undefined ? [] : [t.mailAt - t.acceptedAt]));
    const { p50, p99 } = spread(inSlice);
    return { fromS: (k * sliceMs) / 1000, count: inSlice.length, p50, p99 };
  });
}
