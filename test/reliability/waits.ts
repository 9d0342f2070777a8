/**
 * What the reliability tests wait for and count: a condition polled until it holds (with the state printed when it
 * does not), a quiet period in which nothing more is sent, and the messages an SMTP server kept, read from their raw
 * headers.
 */
import type { ReceivedMail } from '../../mail/mailbox-server';

/** A header of a raw message, unfolded (a long Message-ID is folded onto the next line). */
export function header(raw: Buffer, name: string): string {
  const text = raw.subarray(0, 65_536).toString('latin1');
  const head = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: *(.*?)\\r?$`, 'im').exec(head)?.[1]?.trim() ?? '';
}

/**
 * The messages of `kind` (every kind without one): per recipient, how many copies of each Message-ID arrived;
 * how many messages arrived in all; and the duplicates, counted per (recipient, Message-ID) pair as copies beyond
 * the first, so a message to two recipients counts for each.
 */
export function deliveries(mailbox: { readonly received: readonly ReceivedMail[] }, kind?: string) {
  const byRecipient = new Map<string, Map<string, number>>();
  let total = 0;
  for (const m of mailbox.received) {
    if (kind !== undefined && header(m.raw, 'x-oco-kind') !== kind) continue;
    total++;
    const id = header(m.raw, 'message-id');
    for (const to of m.to) {
      const copies = byRecipient.get(to) ?? new Map<string, number>();
      copies.set(id, (copies.get(id) ?? 0) + 1);
      byRecipient.set(to, copies);
    }
  }
  let duplicates = 0;
  for (const copies of byRecipient.values()) for (const n of copies.values()) duplicates += n - 1;
  return { byRecipient, total, duplicates };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` every 250 ms until it returns a value; after `ms` fails with `what` and the state `state` gives. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  ms: number,
  state: () => Promise<unknown> | unknown = () => undefined,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await state())}`);
    await sleep(250);
  }
}

/**
 * Waits until nothing is under way: `pending()` (activities still scheduled or running) is 0, and stays 0 for
 * `quietMs` in which the mailbox receives nothing more. Counting after this sees a late duplicate too.
 */
export async function settled(
  what: string,
  mailbox: { readonly received: readonly unknown[] },
  pending: () => Promise<number>,
  ms: number,
  quietMs = 5_000,
  state: () => Promise<unknown> | unknown = () => undefined,
): Promise<void> {
  const end = Date.now() + ms;
  await until(
    `${what} (no activity pending, then ${quietMs / 1000} s without a message)`,
    async () => {
      if ((await pending()) > 0) return undefined;
      const before = mailbox.received.length;
      await sleep(quietMs);
      return mailbox.received.length === before && (await pending()) === 0 ? true : undefined;
    },
    Math.max(0, end - Date.now()),
    state,
  );
}
