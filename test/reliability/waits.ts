/**
 * What the reliability tests wait for and count: a condition polled until it holds (with the state printed when it
 * does not), and the messages an SMTP server kept, read from their raw headers.
 */
import type { MailboxServer } from '../../mail/mailbox-server';

/** A header of a raw message, unfolded (a long Message-ID is folded onto the next line). */
export function header(raw: Buffer, name: string): string {
  const text = raw.subarray(0, 65_536).toString('latin1');
  const head = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: *(.*?)\\r?$`, 'im').exec(head)?.[1]?.trim() ?? '';
}

/** Per recipient, the distinct Message-IDs of the messages of `kind`, and how many arrived in all. */
export function deliveries(mailbox: Pick<MailboxServer, 'received'>, kind: string) {
  const byRecipient = new Map<string, Set<string>>();
  let total = 0;
  for (const m of mailbox.received) {
    if (header(m.raw, 'x-oco-kind') !== kind) continue;
    total++;
    for (const to of m.to) {
      const ids = byRecipient.get(to) ?? new Set<string>();
      ids.add(header(m.raw, 'message-id'));
      byRecipient.set(to, ids);
    }
  }
  const distinct = [...byRecipient.values()].reduce((n, ids) => n + ids.size, 0);
  return { byRecipient, total, duplicates: total - distinct };
}

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
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
