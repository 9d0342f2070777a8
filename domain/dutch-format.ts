/**
 * Dutch long-form dates as the policy writes them: "vrijdag 29 september 2023, 24:00 uur".
 *
 * A deadline that ends at local midnight is written as 24:00 of the day that ends, because that is how a term
 * "tot en met 29 september" reads to a provider; every other instant is written with its wall-clock time.
 */
import { DateTime } from 'luxon';

export type InstantStyle = 'deadline' | 'event';

export function dutchDateTime(
  instant: DateTime | number,
  zone: string,
  style: InstantStyle = 'event',
): string {
  const local = (typeof instant === 'number' ? DateTime.fromMillis(instant) : instant)
    .setZone(zone)
    .setLocale('nl');
  const midnight = local.hour === 0 && local.minute === 0 && local.second === 0 && local.millisecond === 0;
  if (style === 'deadline' && midnight) {
    return `${local.minus({ days: 1 }).toFormat('cccc d LLLL yyyy')}, 24:00 uur`;
  }
  return `${local.toFormat('cccc d LLLL yyyy')}, ${local.toFormat('HH:mm')} uur`;
}

export function dutchDate(instant: DateTime | number, zone: string): string {
  const local = (typeof instant === 'number' ? DateTime.fromMillis(instant) : instant)
    .setZone(zone)
    .setLocale('nl');
  return local.toFormat('cccc d LLLL yyyy');
}

/** A month "2027-03" as "maart 2027". */
export function dutchMonth(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'utc' }).setLocale('nl').toFormat('LLLL yyyy');
}

const EUROS = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });

/** Euros as providers read them: "€ 25.715,63". */
export function dutchEuros(euros: number): string {
  return EUROS.format(euros);
}
