/**
 * Money in whole cents and hours in hundredths, so sums never drift: the value of production is hours x tariff,
 * rounded half up to the cent once per report. Pure.
 */
import { z } from 'zod';

/** Euros (at most two decimals) to whole cents. */
export function toCents(euros: number): number {
  return Math.round(euros * 100);
}

export function toEuros(cents: number): number {
  return cents / 100;
}

/** The value of `hours` at `hourlyRate` euros, in whole cents (half a cent rounds up). */
export function valueCents(hours: number, hourlyRate: number): number {
  const hundredthsOfHours = Math.round(hours * 100);
  const rateCents = Math.round(hourlyRate * 100);
  // hundredths x cents = 1/100 cent: exact in integers, rounded once.
  return Math.floor((hundredthsOfHours * rateCents + 50) / 100);
}

/** Whether a number has at most two decimals (whole cents, or hours in hundredths). */
export function atMostTwoDecimals(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

/** An amount in euros as inputs give it: finite, not negative, whole cents. */
export const eurosSchema = z
  .number({ message: 'must be an amount in euros' })
  .refine(Number.isFinite, 'must be a finite amount in euros')
  .min(0, 'must not be negative (an amount in euros)')
  .refine(atMostTwoDecimals, 'must be whole cents (at most two decimals)');
