/**
 * What the mail reader has taken in, kept under the data folder as JSON lines (append-only, so a crash loses at most
 * the line being written): every message by its Message-ID with what became of it, the triage queue's items and the
 * officer's routing of them, and the IMAP cursor. A message read twice (a re-poll, a restart) is found here by its
 * Message-ID and handled once.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReceivedFile } from '../attachments/intake';
import { type MailKind, normalAddress } from '../domain/mail-routing';

export interface InboundEntry {
  messageId: string;
  /** When the message reached the mailbox (the IMAP internal date), ISO-8601 UTC. */
  receivedAt: string;
  from: string;
  subject: string;
  /** The SHA-256 of the whole message as received, kept in the attachment store. */
  rawSha256: string;
  files: ReceivedFile[];
  outcome: 'routed' | 'triage';
  cycleId?: string;
  providerId?: string;
  kind?: MailKind;
  /** Why it went to triage, or the receipt code of the routed input. */
  reason?: string;
  receiptCode?: string;
  /** For triage: its number in the queue, and what the officer did. */
  triage?: {
    id: number;
    state: 'open' | 'routed';
    routedBy?: string;
    routedAt?: string;
    receiptCode?: string;
  };
}

/** The officer's routing of a triage item. */
export interface TriageRouting {
  by: string;
  at: string;
  cycleId: string;
  providerId: string;
  kind: MailKind;
  receiptCode: string;
}

type Line =
  | { type: 'entry'; entry: InboundEntry }
  | ({ type: 'triageRouted'; id: number } & TriageRouting)
  | { type: 'cursor'; mailbox: string; uidValidity: string; lastUid: number };

export class InboundLedger {
  private readonly entries = new Map<string, InboundEntry>();
  private readonly cursors = new Map<string, { uidValidity: string; lastUid: number }>();
  private triageCount = 0;

  constructor(readonly file: string) {
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        this.apply(JSON.parse(line) as Line);
      } catch {
        // A line cut short by a crash: what it said was not acted on after it, so it is skipped.
      }
    }
  }

  static inDataDir(dataDir: string): InboundLedger {
    return new InboundLedger(path.join(dataDir, 'inbound', 'ledger.jsonl'));
  }

  private apply(line: Line): void {
    if (line.type === 'entry') {
      this.entries.set(line.entry.messageId, line.entry);
      if (line.entry.triage) this.triageCount = Math.max(this.triageCount, line.entry.triage.id);
    } else if (line.type === 'cursor') {
      this.cursors.set(line.mailbox, { uidValidity: line.uidValidity, lastUid: line.lastUid });
    } else {
      const entry = [...this.entries.values()].find((e) => e.triage?.id === line.id);
      if (entry?.triage)
        Object.assign(entry, {
          cycleId: line.cycleId,
          providerId: line.providerId,
          kind: line.kind,
          triage: {
            ...entry.triage,
            state: 'routed',
            routedBy: line.by,
            routedAt: line.at,
            receiptCode: line.receiptCode,
          },
        });
    }
  }

  private write(line: Line): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
    this.apply(line);
  }

  has(messageId: string): boolean {
    return this.entries.has(messageId);
  }

  get(messageId: string): InboundEntry | undefined {
    return this.entries.get(messageId);
  }

  /** Records a message; a triage item gets the next number. */
  add(entry: Omit<InboundEntry, 'triage'>): InboundEntry {
    const full: InboundEntry =
      entry.outcome === 'triage' ? { ...entry, triage: { id: this.triageCount + 1, state: 'open' } } : entry;
    this.write({ type: 'entry', entry: full });
    return full;
  }

  triage(state?: 'open' | 'routed'): InboundEntry[] {
    return [...this.entries.values()]
      .filter((e) => e.triage && (!state || e.triage.state === state))
      .sort((a, b) => (a.triage?.id ?? 0) - (b.triage?.id ?? 0));
  }

  triageItem(id: number): InboundEntry | undefined {
    return [...this.entries.values()].find((e) => e.triage?.id === id);
  }

  markRouted(id: number, routed: TriageRouting): void {
    this.write({ type: 'triageRouted', id, ...routed });
  }

  /**
   * What a provider sent, oldest first: the messages routed to it in the cycle (by the reader or by the officer from
   * triage), and the triage items from its address that are routed nowhere yet.
   */
  forProvider(cycleId: string, providerId: string, address?: string): InboundEntry[] {
    const sender = address ? normalAddress(address) : null;
    return this.all()
      .filter(
        (e) =>
          (e.cycleId === cycleId && e.providerId === providerId) ||
          (e.providerId === undefined && sender !== null && normalAddress(e.from) === sender),
      )
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  all(): InboundEntry[] {
    return [...this.entries.values()];
  }

  cursor(mailbox: string): { uidValidity: string; lastUid: number } | undefined {
    return this.cursors.get(mailbox);
  }

  setCursor(mailbox: string, uidValidity: string, lastUid: number): void {
    this.write({ type: 'cursor', mailbox, uidValidity, lastUid });
  }
}
