import { validateCycleConfig } from '../../domain/config';
import { formatProblem } from '../../domain/validation';
import { rawConfig } from '../helpers/configs';

// biome-ignore lint/suspicious/noExplicitAny: the tests break raw input in arbitrary ways
type Raw = Record<string, any>;

/** Every problem as "path: message" for a copy of the valid configuration changed by `change`. */
function problems(change: (raw: Raw) => void): string[] {
  const raw: Raw = structuredClone(rawConfig());
  change(raw);
  const result = validateCycleConfig(raw);
  return result.ok ? [] : result.problems.map(formatProblem);
}

test('the valid configuration passes and gets the documented defaults', () => {
  const result = validateCycleConfig(rawConfig());
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  expect(result.config.timezone).toBe('Europe/Amsterdam');
  expect(result.config.terms).toEqual({
    objectionDays: 14,
    kortGedingDays: 14,
    withdrawalWeeks: 4,
    extendToWorkingDay: false,
    answerWarningDays: [7, 2],
  });
  expect(result.config.reminders).toEqual({ daysBefore: [7, 1] });
  expect(result.config.contract).toEqual({
    start: '2024-01-01',
    years: 2,
    signReminderDays: 7,
    escalationDaysBefore: 14,
  });
  expect(result.config.assessment.requirements).toHaveLength(15);
  expect(result.config.assessment.requirements[12]).toMatch(/^Beschikbaarheid: vijf werkdagen/);
  expect(result.config.assessment.warningDaysBefore).toBe(3);
  expect(result.config.regions[0]).toEqual({ name: 'Amsterdam', maxProviders: 4 });
  expect(result.config.tariff).toEqual({ hourlyRate: 82.29, provisional: false });
  expect(result.config.budget).toEqual({
    reportDueDays: 10,
    reportOverdueDays: 20,
    prognosisDueDays: 31,
    prognosisReminderDays: 7,
    detection: { monthsAbove: 2, tolerancePercent: 0 },
    maatwerkDays: 14,
    overhevelingDays: 14,
    vwsReminderDays: 14,
    reviewMonths: [6, 10],
  });
  expect(result.config.obligations).toEqual({
    signalReportDueDays: 30,
    meetingsPerYear: 2,
    surveyDue: '12-01',
    bcmbMonths: 4,
    reminderDaysBefore: [14],
  });
});

test("the contract period: whole months, a later year's tariff, the overrun rule and the obligations are checked", () => {
  expect(
    problems((r) => {
      r.contract.start = '2024-01-15';
    }),
  ).toContain(
    'contract.start: must be the first day of a month (a contract runs whole months), got 2024-01-15',
  );
  expect(
    problems((r) => {
      r.tariff.byYear = { '2025': 85.73, '2024': 80, '2027': 90 };
    }),
  ).toEqual([
    'tariff.byYear.2024: must be a later contract year: the rate of 2024 is tariff.hourlyRate',
    'tariff.byYear.2027: must be a contract year after the first (2025 to 2025), got 2027',
  ]);
  expect(
    problems((r) => {
      r.budget = { detection: { monthsAbov: 2 }, reviewMonths: [6, 6] };
    }),
  ).toEqual([
    'budget.detection.monthsAbov: unknown field (did you mean monthsAbove?)',
    'budget.reviewMonths: must not repeat a month, got [6,6]',
  ]);
  expect(
    problems((r) => {
      r.obligations = { surveyDue: '12-32', bcmbMonths: 0 };
    }),
  ).toEqual([
    'obligations.surveyDue: must be a date in the year as "MM-DD", got "12-32"',
    'obligations.bcmbMonths: must be at least 1 month, got 0',
  ]);
});

describe('each rule, broken on its own, is named with its path', () => {
  test.each<[string, (raw: Raw) => void, string[]]>([
    [
      'unknown top-level key, with the likely meant one',
      (r) => {
        r.shedule = {};
      },
      ['shedule: unknown field (did you mean schedule?)'],
    ],
    [
      'unknown nested key',
      (r) => {
        r.schedule.submisionDeadline = '2023-08-01T17:00';
      },
      ['schedule.submisionDeadline: unknown field (did you mean submissionDeadline?)'],
    ],
    [
      'unknown key in a region',
      (r) => {
        r.regions[1].bugdet = 5;
      },
      ['regions[1].bugdet: unknown field (did you mean budget?)'],
    ],
    [
      'a requirement listed twice, and an empty one',
      (r) => {
        r.assessment = { requirements: ['Opleiding', 'Opleiding', ' '] };
      },
      [
        'assessment.requirements[2]: must not be empty, got " "',
        'assessment.requirements: must not list a requirement twice, got ["Opleiding","Opleiding"," "]',
      ],
    ],
    [
      'id with spaces',
      (r) => {
        r.id = 'ZK 2024';
      },
      [
        'id: must be lower-case letters and digits joined by single hyphens, e.g. "vgz-2027-2028", got "ZK 2024"',
      ],
    ],
    [
      'missing id',
      (r) => {
        delete r.id;
      },
      ['id: is required'],
    ],
    [
      'e-mail that is not one',
      (r) => {
        r.wlzUitvoerder.email = 'oco at vgz';
      },
      ['wlzUitvoerder.email: must be an e-mail address, got "oco at vgz"'],
    ],
    [
      'empty name',
      (r) => {
        r.wlzUitvoerder.name = '  ';
      },
      ['wlzUitvoerder.name: must not be empty, got "  "'],
    ],
    [
      'unknown time zone',
      (r) => {
        r.timezone = 'Europe/Amsterdamm';
      },
      ['timezone: must be an IANA time zone such as "Europe/Amsterdam", got "Europe/Amsterdamm"'],
    ],
    [
      'contract start not a date',
      (r) => {
        r.contract.start = '2024-02-30';
      },
      ['contract.start: 2024-02-30 is not a calendar date (2024-02 has 29 days), got "2024-02-30"'],
    ],
    [
      'contract years out of range',
      (r) => {
        r.contract.years = 4;
      },
      ['contract.years: must be 1, 2 or 3, got 4'],
    ],
    [
      'contract years as text',
      (r) => {
        r.contract.years = '2';
      },
      ['contract.years: must be 1, 2 or 3, got "2"'],
    ],
    [
      'missing milestone',
      (r) => {
        delete r.schedule.announcement;
      },
      ['schedule.announcement: is required'],
    ],
    [
      'milestone in another format',
      (r) => {
        r.schedule.publication = '1 juni 2023';
      },
      ['schedule.publication: must be a local date-time YYYY-MM-DDTHH:mm, got "1 juni 2023"'],
    ],
    [
      'milestone as a number',
      (r) => {
        r.schedule.publication = 20230601;
      },
      ['schedule.publication: must be a string, got number 20230601'],
    ],
    [
      'milestone at 24:00',
      (r) => {
        r.schedule.nviPublication = '2023-06-30T24:00';
      },
      [
        'schedule.nviPublication: 2023-06-30T24:00: 24:00 is not accepted; write 00:00 of the next day (a deadline "through day X" ends at T00:00 of day X+1)',
      ],
    ],
    [
      'milestone on 30 February',
      (r) => {
        r.schedule.questionDeadline = '2023-02-30T12:00';
      },
      ['schedule.questionDeadline: 2023-02-30T12:00 is not a calendar date (2023-02 has 28 days)'],
    ],
    [
      'milestone in the skipped summer-time hour',
      (r) => {
        r.schedule.publication = '2023-03-26T02:30';
      },
      [
        'schedule.publication: 2023-03-26T02:30 does not exist in Europe/Amsterdam: the clocks skip that hour when summer time starts',
      ],
    ],
    [
      'milestone in the repeated hour',
      (r) => {
        r.schedule.contractDispatch = '2023-10-29T02:15';
      },
      [
        'schedule.contractDispatch: 2023-10-29T02:15 is ambiguous in Europe/Amsterdam: that hour occurs twice when summer time ends; choose another time',
      ],
    ],
    [
      'milestones out of order',
      (r) => {
        r.schedule.nviPublication = '2023-06-10T12:00';
      },
      [
        'schedule.nviPublication: must lie after schedule.questionDeadline (2023-06-17T12:00), got 2023-06-10T12:00',
      ],
    ],
    [
      'two milestones at the same instant',
      (r) => {
        r.schedule.assessmentStart = '2023-08-01T17:00';
      },
      [
        'schedule.assessmentStart: must lie after schedule.submissionDeadline (2023-08-01T17:00), got 2023-08-01T17:00',
      ],
    ],
    [
      'contract dispatch on contract start',
      (r) => {
        r.schedule.contractDispatch = '2024-01-01T00:00';
      },
      ['schedule.contractDispatch: must lie before contract.start (2024-01-01), got 2024-01-01T00:00'],
    ],
    [
      'answer deadline inside the objection term',
      (r) => {
        r.schedule.objectionAnswerDeadline = '2023-09-29T12:00';
      },
      [
        'schedule.objectionAnswerDeadline: must not lie before the objection term ends (schedule.announcement + terms.objectionDays = 14 calendar days, through 2023-09-29 24:00), got 2023-09-29T12:00',
      ],
    ],
    [
      'objection days zero',
      (r) => {
        r.terms = { objectionDays: 0 };
      },
      ['terms.objectionDays: must be at least 1 day, got 0'],
    ],
    [
      'objection days fractional',
      (r) => {
        r.terms = { objectionDays: 14.5 };
      },
      ['terms.objectionDays: must be a whole number, got number 14.5'],
    ],
    [
      'withdrawal weeks too many',
      (r) => {
        r.terms = { withdrawalWeeks: 60 };
      },
      ['terms.withdrawalWeeks: must be at most 52 weeks, got 60'],
    ],
    [
      'extendToWorkingDay not a boolean',
      (r) => {
        r.terms = { extendToWorkingDay: 'yes' };
      },
      ['terms.extendToWorkingDay: must be a boolean, got string "yes"'],
    ],
    [
      'reminder days repeated',
      (r) => {
        r.reminders = { daysBefore: [7, 7] };
      },
      ['reminders.daysBefore: must not repeat a day, got [7,7]'],
    ],
    [
      'reminder on the day itself',
      (r) => {
        r.reminders = { daysBefore: [0] };
      },
      ['reminders.daysBefore[0]: must be at least 1 day, got 0'],
    ],
    [
      'no regions',
      (r) => {
        r.regions = [];
      },
      ['regions: must list at least one region, got []'],
    ],
    [
      'duplicate region, other case',
      (r) => {
        r.regions.push({ name: ' amsterdam ' });
      },
      ['regions[2].name: must be unique: " amsterdam " is already regions[0]'],
    ],
    [
      'max providers zero',
      (r) => {
        r.regions[0].maxProviders = 0;
      },
      ['regions[0].maxProviders: must be at least 1, got 0'],
    ],
    [
      'negative budget',
      (r) => {
        r.regions[1].budget = -1;
      },
      ['regions[1].budget: must not be negative (an amount in euros), got -1'],
    ],
    [
      'budget in fractions of cents',
      (r) => {
        r.regions[1].budget = 10.005;
      },
      ['regions[1].budget: must be whole cents (at most two decimals), got 10.005'],
    ],
    [
      'negative tariff',
      (r) => {
        r.tariff.hourlyRate = -82.29;
      },
      ['tariff.hourlyRate: must not be negative (an amount in euros), got -82.29'],
    ],
    [
      'tariff missing',
      (r) => {
        delete r.tariff.hourlyRate;
      },
      ['tariff.hourlyRate: is required'],
    ],
    [
      'provisional as text',
      (r) => {
        r.tariff.provisional = 'ja';
      },
      ['tariff.provisional: must be a boolean, got string "ja"'],
    ],
  ])('%s', (_name, change, expected) => {
    expect(problems(change)).toEqual(expected);
  });
});

test('the 2027-2028 closing as printed (31 July 2027) is refused before contract start, as the issue words it', () => {
  const found = problems((r) => {
    r.contract.start = '2027-01-01';
    Object.assign(r.schedule, {
      publication: '2026-06-01T09:00',
      questionDeadline: '2026-06-12T12:00',
      nviPublication: '2026-07-01T00:00',
      submissionDeadline: '2027-07-31T17:00',
      assessmentStart: '2026-08-03T09:00',
      announcement: '2026-09-15T09:00',
      objectionAnswerDeadline: '2026-10-16T00:00',
      contractDispatch: '2026-10-19T09:00',
    });
  });
  expect(found).toContain(
    'schedule.submissionDeadline: must lie before contract.start (2027-01-01), got 2027-07-31T17:00',
  );
  expect(found).toContain(
    'schedule.assessmentStart: must lie after schedule.submissionDeadline (2027-07-31T17:00), got 2026-08-03T09:00',
  );
});

test('a file with many problems gets all of them, shape and meaning together', () => {
  const found = problems((r) => {
    r.id = '';
    r.tariff.hourlyRate = 'veel';
    r.schedule.questionDeadline = '2023-05-01T12:00';
    r.regions.push({ name: 'Utrecht', extra: true });
    r.colour = 'blue';
  });
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^id: /),
      'tariff.hourlyRate: must be a number, got string "veel"',
      'schedule.questionDeadline: must lie after schedule.publication (2023-06-01T09:00), got 2023-05-01T12:00',
      'regions[2].extra: unknown field',
      'regions[2].name: must be unique: "Utrecht" is already regions[1]',
      'colour: unknown field',
    ]),
  );
  expect(found.length).toBeGreaterThanOrEqual(6);
});

test('input that is not an object at all is one clear problem', () => {
  for (const input of [null, 'id: x', 42, []]) {
    const result = validateCycleConfig(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map(formatProblem)[0]).toMatch(/^must be an object, got /);
  }
});
