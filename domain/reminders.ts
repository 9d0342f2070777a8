/**
 * When reminders go out: `reminders.daysBefore` calendar days before the last day of a deadline, at 09:00 local time
 * (the start of an office day), counted on the calendar so a reminder across a summer-time change still comes at
 * 09:00. A reminder that would fall before publication is not planned.
 */
import { DateTime } from 'luxon';
import type { CycleConfig } from './config';
import { scheduleInstant, termAnchor } from './timeline';

/** The deadlines providers are reminded of, and what they are asked to do before each. */
export const REMINDED_DEADLINES = {
  questionDeadline: 'Stel uw vragen over de inkoopdocumenten vóór het einde van de termijn voor vragen.',
  submissionDeadline:
    'Dien uw inschrijving met alle verplichte documenten in vóór de sluiting; na de sluiting kunnen verplichte documenten niet meer worden aangevuld.',
} as const;
export type RemindedDeadline = keyof typeof REMINDED_DEADLINES;

export const REMINDER_HOUR = 9;

export interface PlannedReminder {
  key: RemindedDeadline;
  daysBefore: number;
  /** When it goes out, epoch ms. */
  at: number;
  /** The deadline it announces, epoch ms (first late instant). */
  deadlineAt: number;
  /** Stable identity: a moved deadline gives new reminders. */
  id: string;
}

const plans = new WeakMap<CycleConfig, readonly PlannedReminder[]>();

/** The reminders of a configuration in time order; worked out once per configuration object (see scheduleInstant). */
export function planReminders(config: CycleConfig): readonly PlannedReminder[] {
  let plan = plans.get(config);
  if (!plan) {
    plan = Object.freeze(computeReminders(config));
    plans.set(config, plan);
  }
  return plan;
}

function computeReminders(config: CycleConfig): PlannedReminder[] {
  const publication = scheduleInstant(config, 'publication').toMillis();
  const reminders: PlannedReminder[] = [];
  for (const key of Object.keys(REMINDED_DEADLINES) as RemindedDeadline[]) {
    const deadlineAt = scheduleInstant(config, key).toMillis();
    const lastDay = DateTime.fromMillis(termAnchor(key, deadlineAt), { zone: config.timezone }).startOf(
      'day',
    );
    for (const daysBefore of config.reminders.daysBefore) {
      const at = lastDay.minus({ days: daysBefore }).set({ hour: REMINDER_HOUR }).toMillis();
      if (at <= publication || at >= deadlineAt) continue;
      reminders.push({ key, daysBefore, at, deadlineAt, id: `${key}:${daysBefore}:${deadlineAt}` });
    }
  }
  return reminders.sort((a, b) => a.at - b.at);
}
