/**
 * Which days are not working days: Saturdays, Sundays and the public holidays handed in.
 *
 * The holiday list is data, not code: it is computed once (see holidays.ts) and passed into workflows as input, so a
 * running cycle keeps the calendar it started with even when the holiday library is upgraded (replay stays exact).
 */
import type { DateTime } from 'luxon';

export interface PublicHoliday {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  name: string;
}

export interface NonWorkingReason {
  kind: 'weekend' | 'holiday';
  /** English, for officers: "Saturday", "public holiday Tweede kerstdag". */
  description: string;
}

export class WorkingDayCalendar {
  private readonly byDate: ReadonlyMap<string, string>;

  constructor(holidays: readonly PublicHoliday[]) {
    this.byDate = new Map(holidays.map((h) => [h.date, h.name]));
  }

  /** Why `day` (a local date in any zone; only its calendar date counts) is not a working day, or null. */
  nonWorkingReason(day: DateTime): NonWorkingReason | null {
    const holiday = this.byDate.get(day.toISODate() as string);
    if (holiday) return { kind: 'holiday', description: `public holiday ${holiday}` };
    if (day.weekday === 6) return { kind: 'weekend', description: 'Saturday' };
    if (day.weekday === 7) return { kind: 'weekend', description: 'Sunday' };
    return null;
  }
}
