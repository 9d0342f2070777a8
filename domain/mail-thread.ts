/**
 * Everything exchanged with one provider by e-mail, oldest first: what we sent (the outbox journal) and what it sent
 * (the inbound ledger), each with its local time in Dutch. Pure.
 */
import { dutchDateTime } from './dutch-format';

export interface ThreadMessage {
  direction: 'out' | 'in';
  /** ISO-8601 UTC: when the mail server accepted ours, or when the provider's reached the mailbox. */
  at: string;
  display: string;
  subject: string;
  /** The template kind of ours; the kind a received message was routed as ('unrouted' while in triage). */
  kind: string;
  messageId: string;
  to?: string[];
  from?: string;
  files?: { name: string; sha256: string }[];
  /** Of a received message: routed, or in the triage queue (open, or routed by the officer). */
  state?: 'routed' | 'triageOpen' | 'triageRouted';
}

export interface SentFacts {
  messageId: string;
  at: string;
  to: string[];
  subject: string;
  kind: string;
  files?: { name: string; sha256: string }[];
}

export interface ReceivedFacts {
  messageId: string;
  receivedAt: string;
  from: string;
  subject: string;
  kind?: string;
  files: { name: string; sha256: string }[];
  triage?: { state: 'open' | 'routed' };
}

const fileRefs = (files: readonly { name: string; sha256: string }[]) =>
  files.map(({ name, sha256 }) => ({ name, sha256 }));

export function mailThread(input: {
  sent: readonly SentFacts[];
  received: readonly ReceivedFacts[];
  zone: string;
}): ThreadMessage[] {
  const message = (direction: ThreadMessage['direction'], at: string, m: SentFacts | ReceivedFacts) => ({
    direction,
    at,
    display: dutchDateTime(Date.parse(at), input.zone),
    subject: m.subject,
    kind: m.kind ?? 'unrouted',
    messageId: m.messageId,
  });
  const out = input.sent.map(
    (m): ThreadMessage => ({
      ...message('out', m.at, m),
      to: m.to,
      ...(m.files ? { files: fileRefs(m.files) } : {}),
    }),
  );
  const received = input.received.map(
    (m): ThreadMessage => ({
      ...message('in', m.receivedAt, m),
      from: m.from,
      files: fileRefs(m.files),
      state: !m.triage ? 'routed' : m.triage.state === 'open' ? 'triageOpen' : 'triageRouted',
    }),
  );
  return [...out, ...received].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.messageId.localeCompare(b.messageId),
  );
}
