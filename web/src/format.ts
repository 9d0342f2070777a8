/**
 * Times and amounts as Dutch users read them, always in the cycle's zone (Europe/Amsterdam): the same formatting as
 * the e-mails (domain/dutch-format.ts, Luxon), so a deadline reads the same on screen and in the provider's inbox.
 */
import { DateTime } from 'luxon';
import { dutchDateTime, type InstantStyle } from '../../domain/dutch-format';

export const ZONE = 'Europe/Amsterdam';

export function when(iso: string | null | undefined, style: InstantStyle = 'event', zone = ZONE): string {
  if (!iso) return '—';
  return dutchDateTime(DateTime.fromISO(iso, { zone: 'utc' }), zone, style);
}

/** "nog 3 dagen en 4 uur", "nog 12 minuten", "2 dagen geleden": the time between now and an instant. */
export function countdown(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  const past = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts =
    days > 0
      ? [`${days} ${days === 1 ? 'dag' : 'dagen'}`, ...(hours > 0 ? [`${hours} uur`] : [])]
      : hours > 0
        ? [`${hours} uur`, ...(minutes % 60 > 0 ? [`${minutes % 60} min.`] : [])]
        : [`${minutes} min.`];
  const text = parts.join(' en ');
  return past ? `${text} geleden` : `nog ${text}`;
}

/**
 * Calendar days from today to the last day of a term that ends at `endsAt` (its first late instant), both in the
 * cycle's zone: 0 on the last day itself, negative once it has passed.
 */
export function daysLeft(endsAt: string, now: number, zone = ZONE): number {
  const lastDay = DateTime.fromISO(endsAt, { zone: 'utc' })
    .setZone(zone)
    .minus({ milliseconds: 1 })
    .startOf('day');
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  return Math.round(lastDay.diff(today, 'days').days);
}

/** "1 vraag", "2 vragen". */
export function plural(count: number, one: string, more: string): string {
  return `${count} ${count === 1 ? one : more}`;
}

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });

export function cents(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '—' : euro.format(amount / 100);
}
