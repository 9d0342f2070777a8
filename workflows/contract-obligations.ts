/**
 * The contract-period workflow's view of the recurring obligations: which are met, which notices are due now, and
 * when the next one is. The calendar comes from domain/budget/obligations; the records travel in the workflow's
 * carried state. Deterministic: no I/O, time only as given.
 */
import type { Ledger } from '../domain/budget/ledger';
import { monthsOfYear } from '../domain/budget/months';
import {
  bcmbObligation,
  type Obligation,
  type ObligationTerms,
  planObligations,
} from '../domain/budget/obligations';
import { startOfLocalDate } from '../domain/local-time';
import type { ObligationRecords } from './contract-period-api';

export interface DueNotice {
  obligation: Obligation;
  /** 'reminder' to the provider, or 'overdue' to the officer. */
  kind: 'reminder' | 'overdue';
  /** The key kept in the records once sent. */
  key: string;
  at: number;
  /** The first reminder comes at or before the due moment; later ones are recalls. */
  late: boolean;
}

export class ObligationTracker {
  private readonly planned: Obligation[];

  constructor(
    private readonly ledger: Ledger,
    private readonly records: ObligationRecords,
    private readonly terms: ObligationTerms,
  ) {
    this.planned = planObligations(ledger.span, ledger.regions, terms, false);
  }

  /** Every obligation: the planned ones and the BCMB terms of staff who joined. */
  all(): Obligation[] {
    const start = startOfLocalDate(this.ledger.span.start, this.ledger.span.timezone).toMillis();
    const staff = this.records.staff.map((s) =>
      bcmbObligation(s.joinedOn, s.name, this.terms, this.ledger.span.timezone, start),
    );
    // A new provider (2027-2028 definition) is in the BCMB/Register within its term from contract start.
    const own = this.records.newProvider
      ? [bcmbObligation(this.ledger.span.start, 'provider', this.terms, this.ledger.span.timezone, start)]
      : [];
    return [...this.planned, ...own, ...staff];
  }

  /** How many of an obligation are still to come (1 or 0; meetings: the number still to hold). */
  outstanding(o: Obligation): number {
    switch (o.kind) {
      case 'production':
        return this.ledger.production.some((e) => e.month === o.period && e.region === o.region) ? 0 : 1;
      case 'prognosis':
        return this.ledger.prognoses.some((p) => String(p.year) === o.period && p.region === o.region)
          ? 0
          : 1;
      case 'meetings': {
        const held = this.records.meetings.filter((m) => m.held && this.inYear(m.on, o)).length;
        return Math.max(0, o.required - held);
      }
      case 'bcmb': {
        if (o.subject === 'provider') return (this.records.met[o.id] ?? 0) > 0 ? 0 : 1;
        const member = this.records.staff.find((s) => s.name === o.subject && s.joinedOn === o.period);
        return member?.registeredOn ? 0 : 1;
      }
      default:
        return (this.records.met[o.id] ?? 0) > 0 ? 0 : 1;
    }
  }

  /** Notices due at or before `now` that were not sent, for obligations still open. */
  due(now: number): DueNotice[] {
    return this.candidates().filter((n) => n.at <= now);
  }

  /** The next instant a notice falls due, or null. */
  next(): number | null {
    let earliest: number | null = null;
    for (const n of this.candidates()) if (earliest === null || n.at < earliest) earliest = n.at;
    return earliest;
  }

  markSent(key: string): void {
    this.records.notices.push(key);
  }

  /** The obligations still open whose due moment has come, for the view. */
  open(now: number): { id: string; dueAt: string }[] {
    return this.all()
      .filter((o) => o.dueAt <= now && this.outstanding(o) > 0)
      .map((o) => ({ id: o.id, dueAt: new Date(o.dueAt).toISOString() }));
  }

  private candidates(): DueNotice[] {
    const sent = new Set(this.records.notices);
    const list: DueNotice[] = [];
    for (const o of this.all()) {
      if (this.outstanding(o) === 0) continue;
      o.remindAt.forEach((at, k) => {
        const key = `${o.id}#${k + 1}`;
        if (!sent.has(key)) list.push({ obligation: o, kind: 'reminder', key, at, late: at >= o.dueAt });
      });
      const key = `${o.id}#overdue`;
      if (!sent.has(key)) list.push({ obligation: o, kind: 'overdue', key, at: o.overdueAt, late: true });
    }
    return list.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  }

  /** A meeting counts for the contract year its date falls in. */
  private inYear(localDate: string, o: Obligation): boolean {
    return monthsOfYear(this.ledger.span, Number(o.period)).includes(localDate.slice(0, 7));
  }
}
