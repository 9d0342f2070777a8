/**
 * Dutch public holidays from the date-holidays library, as plain data for WorkingDayCalendar.
 *
 * Included: the holidays the library types as public (Nieuwjaar, Pasen, Tweede paasdag, Koningsdag, Hemelvaartsdag,
 * Pinksteren, Tweede pinksterdag, Kerstmis, Tweede kerstdag) and Bevrijdingsdag (5 May), which the Algemene
 * termijnenwet counts as a holiday every year although the library types it "school". Good Friday is not in that
 * law and is left out.
 *
 * Not for workflow code: workflows get the list as input (see working-days.ts).
 */
import Holidays from 'date-holidays';
import type { CycleConfig } from './config';
import { cycleYears } from './timeline';
import type { PublicHoliday } from './working-days';

const LIBERATION_DAY_RULE = '05-05';

export function dutchPublicHolidays(fromYear: number, toYear: number): PublicHoliday[] {
  const nl = new Holidays('NL');
  const out: PublicHoliday[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (const h of nl.getHolidays(year)) {
      if (h.type === 'public' || h.rule === LIBERATION_DAY_RULE) {
        out.push({ date: h.date.slice(0, 10), name: h.name });
      }
    }
  }
  return out;
}

/** The Dutch public holidays of every year a cycle touches. */
export function holidaysForCycle(config: CycleConfig): PublicHoliday[] {
  const { from, to } = cycleYears(config);
  return dutchPublicHolidays(from, to);
}
