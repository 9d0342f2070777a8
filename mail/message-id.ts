/**
 * Message-IDs derived from the business event, so that a retried send (an activity attempt that sent and then died)
 * carries the same id and a mail client shows it once: <kind.sequence.hash.r_token@domain>, where the hash covers the
 * cycle, the provider, the kind and the sequence, and the token routes a reply (routingToken).
 */
import { createHash } from 'node:crypto';

export interface BusinessEvent {
  cycleId: string;
  /** The provider the message is about; "officer" or "legal" for internal notices. */
  providerId: string;
  /** The template kind, or another name for the event. */
  kind: string;
  /** The n-th event of this kind for this provider in this cycle. */
  sequence: number;
}

export function messageIdFor(event: BusinessEvent, domain: string): string {
  const hash = createHash('sha256')
    .update([event.cycleId, event.providerId, event.kind, String(event.sequence)].join('\u0000'))
    .digest('hex')
    .slice(0, 24);
  const readable = `${event.kind}.${event.sequence}`.replace(/[^A-Za-z0-9.-]/g, '-');
  return `<${readable}.${hash}.r_${routingToken(event.cycleId, event.providerId)}@${domain}>`;
}

/**
 * The routing token in our Message-IDs: cycle and provider, base64url. A reply carries it back in In-Reply-To or
 * References, and the mail reader routes the reply by it (when the sender is that provider's address).
 */
export function routingToken(cycleId: string, providerId: string): string {
  return Buffer.from(`${cycleId}\n${providerId}`, 'utf8').toString('base64url');
}

/** The cycle and provider of one of our Message-IDs, or null for any other. */
export function routingOf(messageId: string): { cycleId: string; providerId: string } | null {
  const match = /\.r_([A-Za-z0-9_-]{4,400})@/.exec(messageId);
  if (!match?.[1]) return null;
  const [cycleId, providerId, ...rest] = Buffer.from(match[1], 'base64url').toString('utf8').split('\n');
  if (!cycleId || !providerId || rest.length > 0) return null;
  return { cycleId, providerId };
}

/** The domain part of a From address ("OCO <oco@zk.nl>" gives "zk.nl"), for Message-IDs. */
export function domainOf(address: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  if (!match?.[1])
    throw new Error(`MAIL_FROM must contain an e-mail address, got ${JSON.stringify(address)}`);
  return match[1].toLowerCase();
}
