/**
 * iCalendar (.ics) files: one per message that announces deadlines, and one for a whole cycle (`oco calendar`).
 * Events carry stable UIDs (cycle + milestone), so a calendar that imports a later message updates the event instead
 * of adding a second one. Times are written in UTC: exact, and every calendar shows them in local time.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { CycleConfig } from '../domain/config';
import { dutchDateTime } from '../domain/dutch-format';
import { MILESTONE_LABELS_NL, titleOf } from '../domain/labels';
import type { Milestone } from '../domain/timeline';
import { oneLine } from '../support/text';

export interface CalendarDeadline {
  key: string;
  label: string;
  /** ISO-8601 UTC: for a deadline the first instant that is late, for an event the moment it happens. */
  at: string;
  /** A deadline shows as the half hour before it; an event as the half hour from it. Default: deadline. */
  kind?: 'deadline' | 'event';
}

export interface CalendarContext {
  cycleId: string;
  cycleTitle: string;
  timezone: string;
  organizer: { name: string; email: string };
}

/** How long an entry shows in a calendar. */
const LEAD_MS = 30 * 60 * 1000;

export function deadlineCalendar(context: CalendarContext, deadlines: readonly CalendarDeadline[]): string {
  const calendar = ical({
    // ical-generator writes the calendar's name as it is (its events' texts it escapes): a line break in a title
    // would start a property of its own.
    name: oneLine(context.cycleTitle),
    prodId: { company: 'oco-contracting', product: 'cycle', language: 'NL' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const deadline of deadlines) {
    const at = Date.parse(deadline.at);
    const event = deadline.kind === 'event';
    const start = new Date(event ? at : at - LEAD_MS);
    const end = new Date(event ? at + LEAD_MS : at);
    const label = deadline.label.charAt(0).toUpperCase() + deadline.label.slice(1);
    calendar.createEvent({
      id: `${context.cycleId}.${deadline.key}@oco-contracting`,
      start,
      end,
      stamp: new Date(at),
      summary: `${label} – ${context.cycleTitle}`,
      description: `${label}: ${dutchDateTime(at, context.timezone, event ? 'event' : 'deadline')}. ${context.organizer.name}, ${context.organizer.email}.`,
      organizer: { name: context.organizer.name, email: context.organizer.email },
    });
  }
  return calendar.toString();
}

/** A whole cycle's milestones as one calendar (`oco calendar`, and the dashboard's download of a running cycle). */
export function cycleCalendar(config: CycleConfig, milestones: readonly Milestone[]): string {
  return deadlineCalendar(
    {
      cycleId: config.id,
      cycleTitle: titleOf(config),
      timezone: config.timezone,
      organizer: config.wlzUitvoerder,
    },
    milestones.map((m) => ({ key: m.key, label: MILESTONE_LABELS_NL[m.key], at: m.at, kind: m.kind })),
  );
}
