/**
 * The warnings the domain writes for the command line and the logs (in English) as Dutch users read them on the
 * dashboard: "falls on Saturday 17 June 2051, not a working day (Saturday)" becomes "valt op zaterdag 17 juni 2051,
 * geen werkdag (zaterdag)". Each form the domain writes has its Dutch form here; test/domain/warnings-nl.test.ts
 * produces every one of them from the domain's own code, so a new or changed wording fails there, not on screen.
 */
import { DateTime } from 'luxon';

const DATE = '([A-Z][a-z]+day \\d{1,2} [A-Z][a-z]+ \\d{4})';

function dutchDate(english: string): string {
  const day = DateTime.fromFormat(english, 'cccc d LLLL yyyy', { locale: 'en' });
  return day.isValid ? day.setLocale('nl').toFormat('cccc d LLLL yyyy') : english;
}

function dutchReason(reason: string): string {
  if (reason === 'Saturday') return 'zaterdag';
  if (reason === 'Sunday') return 'zondag';
  return reason.replace(/^public holiday /, 'feestdag: ');
}

const TERMS: Record<string, string> = {
  'the objection term': 'de bezwaartermijn',
  'the answer term': 'de termijn voor het antwoord',
  'the kort-geding term': 'de termijn voor een kort geding',
};

const FORMS: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    new RegExp(`^falls on ${DATE}, not a working day \\((.+)\\)$`),
    (m) => `valt op ${dutchDate(m[1] as string)}, geen werkdag (${dutchReason(m[2] as string)})`,
  ],
  [
    new RegExp(
      `^(the objection term|the answer term|the kort-geding term) ends on ${DATE}, not a working day \\((.+)\\)$`,
    ),
    (m) =>
      `${TERMS[m[1] as string]} eindigt op ${dutchDate(m[2] as string)}, geen werkdag (${dutchReason(m[3] as string)})`,
  ],
  [
    new RegExp(
      `^last day ${DATE} is not a working day \\((.+?)\\); extended to ${DATE} \\(terms\\.extendToWorkingDay\\)$`,
    ),
    (m) =>
      `de laatste dag ${dutchDate(m[1] as string)} is geen werkdag (${dutchReason(m[2] as string)}); ` +
      `verlengd tot en met ${dutchDate(m[3] as string)}`,
  ],
  [
    new RegExp(`^last day ${DATE} is not a working day \\((.+)\\)$`),
    (m) => `de laatste dag ${dutchDate(m[1] as string)} is geen werkdag (${dutchReason(m[2] as string)})`,
  ],
  [
    /^received after the objection term: the right had lapsed$/,
    () => 'ontvangen na de bezwaartermijn: het recht was vervallen',
  ],
  [/^answer overdue$/, () => 'het antwoord is te laat: de termijn is verstreken'],
  [/^answer sent after it was due$/, () => 'het antwoord is na de termijn verstuurd'],
  [/^kort geding served after the vervaltermijn$/, () => 'het kort geding is na de vervaltermijn betekend'],
];

/** The Dutch form of a domain warning; a warning without one is shown as it is. */
export function dutchWarning(warning: string): string {
  for (const [form, dutch] of FORMS) {
    const m = form.exec(warning);
    if (m) return dutch(m);
  }
  return warning;
}
