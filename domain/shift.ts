/**
 * Moving a whole cycle to other years, wall-clock time unchanged: used to rehearse a past cycle (the 2024-2025
 * policy) on a test server whose clock cannot go back. Shifts by whole 28-year periods keep weekdays, leap years
 * and the EU summer-time rule (within 1901-2099), so the rehearsal's deadlines fall as the real ones did; Easter-based
 * holidays do not repeat on that cycle, so holiday warnings must be read from the original dates.
 */
import { DateTime } from 'luxon';
import { type CycleConfig, SCHEDULE_KEYS, validateCycleConfig } from './config';
import { titleOf } from './labels';
import { formatProblem } from './validation';

export const WEEKDAY_CYCLE_YEARS = 28;

function shiftText(text: string, years: number, format: string): string {
  const dt = DateTime.fromISO(text, { zone: 'utc' }).plus({ years });
  return dt.toFormat(format);
}

export function shiftConfigByYears(config: CycleConfig, years: number): CycleConfig {
  if (!Number.isInteger(years)) throw new RangeError(`shift must be whole years, got ${years}`);
  const schedule = { ...config.schedule };
  for (const key of SCHEDULE_KEYS)
    schedule[key] = shiftText(config.schedule[key], years, "yyyy-MM-dd'T'HH:mm");
  const shifted = {
    ...config,
    // The rehearsal keeps the cycle's own name ("... 2024-2025"), not the shifted years'.
    title: titleOf(config),
    schedule,
    contract: { ...config.contract, start: shiftText(config.contract.start, years, 'yyyy-MM-dd') },
  };
  const result = validateCycleConfig(shifted);
  if (!result.ok) {
    throw new Error(
      `shifting ${config.id} by ${years} years breaks it: ${result.problems.map(formatProblem).join('; ')}`,
    );
  }
  return result.config;
}

/**
 * The smallest shift, in whole multiples of `step` years (28 by default), that puts the cycle's publication after
 * `nowMs`. Refuses a 28-year shift that would cross 1 March 2100, where the weekday cycle breaks.
 */
export function yearsToFuture(config: CycleConfig, nowMs: number, step = WEEKDAY_CYCLE_YEARS): number {
  const publication = DateTime.fromISO(config.schedule.publication, { zone: config.timezone });
  let years = 0;
  while (publication.plus({ years }).toMillis() <= nowMs) years += step;
  if (step % WEEKDAY_CYCLE_YEARS === 0 && years > 0) {
    const lastYear = DateTime.fromISO(config.contract.start).plus({
      years: years + config.contract.years,
    }).year;
    if (lastYear >= 2100) {
      throw new RangeError(
        `a ${years}-year shift of ${config.id} reaches ${lastYear}; weekdays repeat every 28 years only until 2100`,
      );
    }
  }
  return years;
}
