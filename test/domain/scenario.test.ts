import { type ConfigLoader, validateScenario } from '../../domain/scenario';
import { formatProblem } from '../../domain/validation';
import { rawConfig } from '../helpers/configs';

const noFiles: ConfigLoader = (p) => ({ ok: false, problems: [{ path: '', message: `cannot read ${p}` }] });

// biome-ignore lint/suspicious/noExplicitAny: the tests break raw input in arbitrary ways
type Raw = Record<string, any>;

function scenario(): Raw {
  return {
    config: rawConfig(),
    providers: [
      { id: 'noord', name: 'Stichting Noord', email: 'info@noord.example' },
      { id: 'samen', name: 'Samen OCO', email: 'info@samen.example', consortium: true },
    ],
    events: [
      {
        at: '2023-08-01T16:59:59.999',
        type: 'submission',
        provider: 'noord',
        regions: ['Amsterdam'],
        documents: [],
      },
      { at: '2023-06-10T10:00', type: 'question', provider: 'noord', text: 'Geldt eis 13 ook in de zomer?' },
      {
        at: '2023-06-29T12:00',
        type: 'nvi',
        answers: [{ questions: [0], answer: 'Ja.', changesDocuments: false }],
      },
      { at: '2023-09-01T09:00:00', type: 'tariffAnnouncement', hourlyRate: 88.5 },
      {
        at: '2023-07-01T09:00',
        type: 'amendSchedule',
        milestone: 'submissionDeadline',
        to: '2023-08-08T17:00',
      },
    ],
  };
}

function problems(change: (s: Raw) => void, loader: ConfigLoader = noFiles): string[] {
  const s = scenario();
  change(s);
  const result = validateScenario(s, loader);
  return result.ok ? [] : result.problems.map(formatProblem);
}

test('a valid scenario comes back with its events in time order, to the millisecond', () => {
  const result = validateScenario(scenario(), noFiles);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  expect(result.scenario.events.map((e) => e.type)).toEqual([
    'question',
    'nvi',
    'amendSchedule',
    'submission',
    'tariffAnnouncement',
  ]);
  const submission = result.scenario.events.find((e) => e.type === 'submission');
  expect(new Date(submission?.atMs ?? 0).toISOString()).toBe('2023-08-01T14:59:59.999Z');
  expect(result.scenario.providers[0]?.consortium).toBe(false);
  expect(result.scenario.config.timezone).toBe('Europe/Amsterdam');
});

test('a configuration given by path is read through the loader; its problems name the file', () => {
  const ok = validateScenario({ ...scenario(), config: 'cycle.yaml' }, () => ({
    ok: true,
    value: rawConfig(),
  }));
  expect(ok.ok).toBe(true);
  expect(
    problems((s) => {
      s.config = 'missing.yaml';
    }),
  ).toEqual(['config: missing.yaml: cannot read missing.yaml']);
  const broken = { ...rawConfig(), tariff: { hourlyRate: -1 } };
  expect(
    problems(
      (s) => {
        s.config = 'cycle.yaml';
      },
      () => ({ ok: true, value: broken }),
    ),
  ).toEqual(['config (cycle.yaml).tariff.hourlyRate: must not be negative (an amount in euros), got -1']);
});

test.each<[string, (s: Raw) => void, string[]]>([
  [
    'an inline configuration problem',
    (s) => {
      s.config.schedule.publication = '2023-03-26T02:30';
    },
    [
      'config.schedule.publication: 2023-03-26T02:30 does not exist in Europe/Amsterdam: the clocks skip that hour when summer time starts',
    ],
  ],
  [
    'an unknown event type',
    (s) => {
      s.events.push({ at: '2023-06-01T10:00', type: 'bezwaar', provider: 'noord' });
    },
    [
      'events[5].type: must be one of question, nvi, submission, supplement, tariffAnnouncement, withdrawal, amendSchedule, assessment, selectionOverride, objection, objectionAnswer, kortGeding, contractSigned, prognosis, production, overrunReport, maatwerk, moveOn, transfer, vwsRequest, vwsOutcome, ceiling, got "bezwaar"',
    ],
  ],
  [
    'an unknown provider',
    (s) => {
      s.events[1].provider = 'zuid';
    },
    ['events[1].provider: unknown provider "zuid"; the scenario\'s providers are noord, samen'],
  ],
  [
    'a duplicate provider id',
    (s) => {
      s.providers[1].id = 'noord';
    },
    ['providers[1].id: must be unique: "noord" is already providers[0]'],
  ],
  [
    'an impossible time',
    (s) => {
      s.events[0].at = '2023-02-30T10:00';
    },
    ['events[0].at: 2023-02-30T10:00 is not a calendar date (2023-02 has 28 days)'],
  ],
  [
    'a time in another format',
    (s) => {
      s.events[0].at = '1 augustus 17:00';
    },
    ['events[0].at: must be a local date-time YYYY-MM-DDTHH:mm[:ss[.SSS]], got "1 augustus 17:00"'],
  ],
  [
    'an answer to a question that is not there',
    (s) => {
      s.events[2].answers[0].questions = [0, 3];
    },
    [
      'events[2].answers[0].questions[1]: no question 3: the scenario has 1 question events, numbered from 0 in file order',
    ],
  ],
  [
    'an amendment of an unknown milestone',
    (s) => {
      s.events[4].milestone = 'closing';
    },
    [
      expect.stringMatching(
        /^events\[4\]\.milestone: must be one of publication, questionDeadline/,
      ) as unknown as string,
    ],
  ],
  [
    'an amendment to an impossible time',
    (s) => {
      s.events[4].to = '2023-08-08T24:00';
    },
    [expect.stringMatching(/^events\[4\]\.to: 2023-08-08T24:00: 24:00 is not accepted/) as unknown as string],
  ],
  [
    'a document of an unknown kind',
    (s) => {
      s.events[0].documents = [{ kind: 'vog', name: 'vog.pdf' }];
    },
    [
      expect.stringMatching(
        /^events\[0\]\.documents\[0\]\.kind: must be one of bestuursverklaring/,
      ) as unknown as string,
    ],
  ],
  [
    'an unknown field in an event',
    (s) => {
      s.events[1].tekst = 'x';
    },
    ['events[1].tekst: unknown field'],
  ],
  [
    'no providers',
    (s) => {
      s.providers = [];
    },
    ['providers: must list at least one provider, got []'],
  ],
])('%s is a problem with its path', (_name, change, expected) => {
  expect(problems(change)).toEqual(expected);
});

test('every problem of a file is listed at once', () => {
  const found = problems((s) => {
    s.providers[0].email = 'geen-adres';
    s.events[1].provider = 'zuid';
    s.events[3].hourlyRate = -5;
    s.config.regions = [];
  });
  expect(found).toEqual(
    expect.arrayContaining([
      'providers[0].email: must be an e-mail address, got "geen-adres"',
      'events[1].provider: unknown provider "zuid"; the scenario\'s providers are noord, samen',
      'events[3].hourlyRate: must not be negative, got -5',
      'config.regions: must list at least one region, got []',
    ]),
  );
});

test('a transfer names providers of the scenario', () => {
  expect(
    problems((s) => {
      s.events.push({
        at: '2024-04-15T11:00',
        type: 'transfer',
        from: 'onbekend',
        to: 'noord',
        region: 'Amsterdam',
        amount: 100,
      });
    }),
  ).toEqual(['events[5].from: unknown provider "onbekend"; the scenario\'s providers are noord, samen']);
});

test('an unknown provider among thousands: the id it probably misspells, or the first ten, in a short problem', () => {
  const many = (s: Raw) => {
    s.providers = Array.from({ length: 2000 }, (_, i) => ({
      id: `aanbieder-${i + 1}`,
      name: `Stichting ${i + 1}`,
      email: `info@aanbieder-${i + 1}.example`,
    }));
    s.events[0].provider = 'aanbieder-1';
    s.events[1].provider = 'aanbeider-1234';
    s.events.push({ at: '2023-06-11T10:00', type: 'question', provider: 'stichting-zuid', text: 'Vraag?' });
    s.events.push({
      at: '2023-06-12T10:00',
      type: 'question',
      provider: 'x'.repeat(100_000),
      text: 'Vraag?',
    });
  };
  const found = problems(many);
  const first10 = Array.from({ length: 10 }, (_, i) => `aanbieder-${i + 1}`).join(', ');
  expect(found).toEqual([
    'events[1].provider: unknown provider "aanbeider-1234" (did you mean "aanbieder-1234"?)',
    `events[5].provider: unknown provider "stichting-zuid"; the scenario's providers are ${first10} and 1990 more`,
    `events[6].provider: unknown provider "${'x'.repeat(58)}…; the scenario's providers are ${first10} and 1990 more`,
  ]);
  for (const problem of found) expect(problem.length).toBeLessThan(2000);
});

test('a budget event with a wrong figure is a problem with its path', () => {
  expect(
    problems((s) => {
      s.events.push({
        at: '2024-02-05T10:00',
        type: 'production',
        provider: 'noord',
        region: 'Amsterdam',
        month: '2024-13',
        hours: 10,
      });
      s.events.push({
        at: '2024-01-15T10:00',
        type: 'prognosis',
        provider: 'noord',
        year: 2024,
        months: [1, 2, 3],
      });
    }),
  ).toEqual([
    'events[5].month: must be a month as "YYYY-MM", got "2024-13"',
    'events[6].months: must list 12 monthly amounts, got [1,2,3]',
  ]);
});
