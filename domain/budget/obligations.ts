/**
 * The provider's recurring obligations during the contract period (DOMAIN.md 7), each with the instant it is due,
 * the reminders before (or after) it and the instant it is overdue and goes to the officer:
 *
 * - production per region per month: reminded `budget.reportDueDays` after the month, overdue after
 *   `budget.reportOverdueDays`;
 * - the prognosis per region per contract year: due `budget.prognosisDueDays` after the year starts, recalled every
 *   `budget.prognosisReminderDays` three times, the officer told at the third;
 * - the quarterly signal report: due `obligations.signalReportDueDays` after the quarter;
 * - progress meetings: `obligations.meetingsPerYear` held in each contract year;
 * - the client-experience survey results: due on `obligations.surveyDue` of each contract year;
 * - BCMB/Register: a new provider within `obligations.bcmbMonths` of contract start, new staff within as many
 *   months of joining (000:L579-580; 004:L149).
 *
 * Reminders fall on calendar days at local midnight, as the terms do. Pure.
 */
import { DateTime } from 'luxon';
import { dutchMonth } from '../dutch-format';
import { startOfLocalDate } from '../local-time';
import {
  type ContractSpan,
  contractMonths,
  contractYears,
  daysAfterMonth,
  endsQuarter,
  monthsOfYear,
} from './months';

/** A missing prognosis is recalled this many times; the officer hears at the last. */
export const PROGNOSIS_RECALLS = 3;

export type ObligationKind = 'production' | 'prognosis' | 'signalReport' | 'meetings' | 'survey' | 'bcmb';

export const OBLIGATION_LABELS_NL: Record<ObligationKind, string> = {
  production: 'productieverantwoording',
  prognosis: 'prognose van het budget',
  signalReport: 'signaalrapportage',
  meetings: 'voortgangsgesprekken',
  survey: 'resultaten cliëntervaringsonderzoek',
  bcmb: 'inschrijving BCMB/Register',
};

export interface Obligation {
  /** Stable: kind, period and region or person, e.g. "production:2027-03:Utrecht". */
  id: string;
  kind: ObligationKind;
  /** "YYYY-MM", "YYYY-Qn", "YYYY", or a local date for BCMB. */
  period: string;
  region: string | null;
  /** For BCMB: whose registration (the provider itself, or a staff member). */
  subject: string | null;
  dueAt: number;
  /** Reminders to the provider, in order. */
  remindAt: number[];
  /** When a still-open obligation goes to the officer. */
  overdueAt: number;
  /** How many must be recorded (meetings); 1 for the others. */
  required: number;
}

export interface ObligationTerms {
  reportDueDays: number;
  reportOverdueDays: number;
  prognosisDueDays: number;
  prognosisReminderDays: number;
  signalReportDueDays: number;
  meetingsPerYear: number;
  surveyDue: string;
  bcmbMonths: number;
  reminderDaysBefore: number[];
}

const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone });

function before(dueAt: number, days: readonly number[], zone: string, notBefore: number): number[] {
  return days
    .map((d) => local(dueAt, zone).minus({ days: d }).toMillis())
    .filter((at) => at > notBefore)
    .sort((a, b) => a - b);
}

/** Every obligation of the contract period for a provider's regions (BCMB of new staff comes with the staff). */
export function planObligations(
  span: ContractSpan,
  regions: readonly string[],
  terms: ObligationTerms,
  newProvider: boolean,
): Obligation[] {
  const zone = span.timezone;
  const start = startOfLocalDate(span.start, zone).toMillis();
  const list: Obligation[] = [];
  for (const month of contractMonths(span)) {
    for (const region of regions) {
      list.push({
        id: `production:${month}:${region}`,
        kind: 'production',
        period: month,
        region,
        subject: null,
        dueAt: daysAfterMonth(month, terms.reportDueDays, zone),
        remindAt: [daysAfterMonth(month, terms.reportDueDays, zone)],
        overdueAt: daysAfterMonth(month, terms.reportOverdueDays, zone),
        required: 1,
      });
    }
    if (endsQuarter(month)) {
      const dueAt = daysAfterMonth(month, terms.signalReportDueDays, zone);
      const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
      list.push({
        id: `signalReport:${quarter}`,
        kind: 'signalReport',
        period: quarter,
        region: null,
        subject: null,
        dueAt,
        remindAt: before(dueAt, terms.reminderDaysBefore, zone, start),
        overdueAt: dueAt,
        required: 1,
      });
    }
  }
  for (const year of contractYears(span)) {
    const months = monthsOfYear(span, year);
    const yearStart = startOfLocalDate(`${months[0]}-01`, zone);
    const yearEnd = yearStart.plus({ years: 1 }).toMillis();
    const prognosisDue = yearStart.plus({ days: terms.prognosisDueDays }).toMillis();
    const recalls: number[] = [];
    for (let k = 0; ; k++) {
      const at = local(prognosisDue, zone)
        .plus({ days: k * terms.prognosisReminderDays })
        .toMillis();
      // Three recalls, then the officer takes it up: weekly mail for the rest of the year helps nobody.
      if (at >= yearEnd || k >= PROGNOSIS_RECALLS) break;
      recalls.push(at);
    }
    for (const region of regions) {
      list.push({
        id: `prognosis:${year}:${region}`,
        kind: 'prognosis',
        period: String(year),
        region,
        subject: null,
        dueAt: prognosisDue,
        remindAt: recalls,
        overdueAt: recalls[2] ?? recalls[recalls.length - 1] ?? prognosisDue,
        required: 1,
      });
    }
    if (terms.meetingsPerYear > 0) {
      const dueAt = yearEnd;
      list.push({
        id: `meetings:${year}`,
        kind: 'meetings',
        period: String(year),
        region: null,
        subject: null,
        dueAt,
        // Halfway through the year, and before its end.
        remindAt: [
          yearStart.plus({ months: 6 }).toMillis(),
          ...before(dueAt, terms.reminderDaysBefore, zone, start),
        ],
        overdueAt: dueAt,
        required: terms.meetingsPerYear,
      });
    }
    const [mm, dd] = terms.surveyDue.split('-').map(Number) as [number, number];
    // The survey date inside this contract year: in its first calendar year, or the next when it would come before.
    let survey = DateTime.fromObject({ year: yearStart.year, month: mm, day: dd }, { zone });
    if (!survey.isValid)
      survey = DateTime.fromObject({ year: yearStart.year, month: mm }, { zone }).endOf('month');
    if (survey.toMillis() < yearStart.toMillis()) survey = survey.plus({ years: 1 });
    const surveyDue = survey.startOf('day').toMillis();
    list.push({
      id: `survey:${year}`,
      kind: 'survey',
      period: String(year),
      region: null,
      subject: null,
      dueAt: surveyDue,
      remindAt: before(surveyDue, terms.reminderDaysBefore, zone, start),
      overdueAt: surveyDue,
      required: 1,
    });
  }
  if (newProvider) list.push(bcmbObligation(span.start, 'provider', terms, zone, start));
  return list.sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
}

/** The BCMB/Register deadline of a new provider (from contract start) or of a staff member (from joining). */
export function bcmbObligation(
  fromLocalDate: string,
  subject: string,
  terms: Pick<ObligationTerms, 'bcmbMonths' | 'reminderDaysBefore'>,
  zone: string,
  notBefore: number,
): Obligation {
  const dueAt = startOfLocalDate(fromLocalDate, zone).plus({ months: terms.bcmbMonths }).toMillis();
  return {
    id: `bcmb:${subject}:${fromLocalDate}`,
    kind: 'bcmb',
    period: fromLocalDate,
    region: null,
    subject,
    dueAt,
    remindAt: before(dueAt, terms.reminderDaysBefore, zone, notBefore),
    overdueAt: dueAt,
    required: 1,
  };
}

const ORDINAL_QUARTER = ['eerste', 'tweede', 'derde', 'vierde'];

/** How a message names an obligation's period: "maart 2027", "eerste kwartaal 2027", "2027". */
export function periodLabel(o: Pick<Obligation, 'kind' | 'period' | 'subject'>): string {
  if (o.kind === 'production') return dutchMonth(o.period);
  if (o.kind === 'signalReport') {
    const [year, q] = o.period.split('-Q');
    return `${ORDINAL_QUARTER[Number(q) - 1]} kwartaal ${year}`;
  }
  if (o.kind === 'bcmb')
    return o.subject === 'provider'
      ? `van uw organisatie (nieuwe aanbieder)`
      : `van ${o.subject} (in dienst sinds ${o.period})`;
  return o.period;
}
