/**
 * Calendar facts a workflow may not compute itself: the public-holiday list comes from a library whose data can
 * change with an upgrade, so workflows obtain it through this activity and keep the answer in their history.
 */
import { dutchPublicHolidays } from '../domain/holidays';
import type { PublicHoliday } from '../domain/working-days';

export function createCalendarActivities() {
  return {
    async publicHolidays(fromYear: number, toYear: number): Promise<PublicHoliday[]> {
      if (
        !Number.isInteger(fromYear) ||
        !Number.isInteger(toYear) ||
        toYear < fromYear ||
        toYear - fromYear > 20
      ) {
        throw new RangeError(
          `publicHolidays: need whole years with from <= to within 20 years, got ${fromYear}-${toYear}`,
        );
      }
      return dutchPublicHolidays(fromYear, toYear);
    },
  };
}
