/**
 * A running cycle's timeline as people read it: every milestone with its Dutch name and local time, whether the cycle
 * reached it and when, and the amendments that moved it; and the reminders that went out, one row per reminder and
 * day with the number of providers it went to. Pure.
 */
import type { Amendment } from './cycle-news';
import { dutchDate, dutchDateTime } from './dutch-format';
import { MILESTONE_LABELS_NL } from './labels';
import type { Milestone, MilestoneKey } from './timeline';

export interface TimelineMilestone {
  key: MilestoneKey;
  label: string;
  /** ISO-8601 UTC; for a deadline the first instant that is late. */
  at: string;
  display: string;
  kind: Milestone['kind'];
  warnings: string[];
  reached: boolean;
  reachedAt: string | null;
  amendments: Pick<Amendment, 'number' | 'from' | 'to' | 'amendedAt' | 'reason'>[];
}

export interface SentReminder {
  key: string;
  label: string;
  daysBefore: number;
  /** When the first of them went out. */
  sentAt: string;
  display: string;
  /** Providers it went to. */
  count: number;
}

export function timelineMilestones(input: {
  timeline: readonly Milestone[];
  reached: readonly { key: string; reachedAt: string }[];
  amendments: readonly Amendment[];
}): TimelineMilestone[] {
  const reachedAt = new Map(input.reached.map((r) => [r.key, r.reachedAt]));
  return input.timeline.map((m) => ({
    key: m.key,
    label: MILESTONE_LABELS_NL[m.key],
    at: m.at,
    display: m.display,
    kind: m.kind,
    warnings: m.warnings,
    reached: reachedAt.has(m.key),
    reachedAt: reachedAt.get(m.key) ?? null,
    amendments: input.amendments
      .filter((a) => a.milestone === m.key)
      .map(({ number, from, to, amendedAt, reason }) => ({ number, from, to, amendedAt, reason })),
  }));
}

/** The providers' reminders, grouped by deadline, days before and the local day they went out. */
export function sentReminders(
  perProvider: readonly (readonly { key: string; daysBefore: number; sentAt: string }[])[],
  zone: string,
): SentReminder[] {
  const groups = new Map<string, SentReminder>();
  for (const reminders of perProvider)
    for (const r of reminders) {
      const day = dutchDate(Date.parse(r.sentAt), zone);
      const id = `${r.key}\n${r.daysBefore}\n${day}`;
      const group = groups.get(id);
      if (group && group.sentAt <= r.sentAt) group.count++;
      else
        groups.set(id, {
          key: r.key,
          label: `herinnering aan de ${MILESTONE_LABELS_NL[r.key as MilestoneKey] ?? r.key}`,
          daysBefore: r.daysBefore,
          sentAt: r.sentAt,
          display: dutchDateTime(Date.parse(r.sentAt), zone),
          count: (group?.count ?? 0) + 1,
        });
    }
  return [...groups.values()].sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.key.localeCompare(b.key));
}
