/**
 * Terms of N calendar days "after" an event, as the policy counts them.
 *
 * "Binnen 14 kalenderdagen na bekendmaking": the day of the event does not count; the term runs through the end
 * (24:00) of the N-th calendar day after it, in the cycle's time zone. So an announcement on 15 September gives a
 * term through 29 September, and the term's end is the first instant that is late: 30 September 00:00 local.
 * Days are counted on the calendar (Luxon), never as multiples of 24 hours, so a term that spans or ends on a
 * summer-time change day still ends at local midnight.
 */
import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './working-days';

export interface Term {
  /** First late instant (epoch ms): local 00:00 after the last day. Input stamped before this is on time. */
  endsAt: number;
  /** Last day of the term, local calendar date YYYY-MM-DD. */
  lastDay: string;
  /** Weekend/holiday notes for legal; the end moves only when extendToWorkingDay asks for it. */
  warnings: string[];
}

export interface TermRules {
  zone: string;
  calendar: WorkingDayCalendar;
  extendToWorkingDay: boolean;
}

export function englishDate(day: DateTime): string {
  return day.setLocale('en').toFormat('cccc d LLLL yyyy');
}

/** The term of `days` calendar days after the local day on which `event` (epoch ms) happened. */
export function termAfter(event: number, days: number, rules: TermRules): Term {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`term length must be whole days >= 0, got ${days}`);
  const eventDay = DateTime.fromMillis(event, { zone: rules.zone }).startOf('day');
  let lastDay = eventDay.plus({ days });
  const warnings: string[] = [];
  const reason = rules.calendar.nonWorkingReason(lastDay);
  if (reason) {
    const original = lastDay;
    if (rules.extendToWorkingDay) {
      while (rules.calendar.nonWorkingReason(lastDay)) lastDay = lastDay.plus({ days: 1 });
      warnings.push(
        `last day ${englishDate(original)} is not a working day (${reason.description}); ` +
          `extended to ${englishDate(lastDay)} (terms.extendToWorkingDay)`,
      );
    } else {
      warnings.push(`last day ${englishDate(original)} is not a working day (${reason.description})`);
    }
  }
  return {
    endsAt: lastDay.plus({ days: 1 }).startOf('day').toMillis(),
    lastDay: lastDay.toISODate() as string,
    warnings,
  };
}

/** True when `received` (epoch ms) lies before the deadline `endsAt`: the deadline instant itself is late. */
export function isOnTime(received: number, endsAt: number): boolean {
  return received < endsAt;
}
