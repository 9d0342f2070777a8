/** What needs the officer's attention, from fixed facts: each kind when it applies, and nothing when all is well. */
import { type AttentionInput, attentionOf, type CycleFacts } from '../../domain/attention';

const status: CycleFacts = {
  config: { timezone: 'Europe/Amsterdam' },
  timeline: [
    { key: 'nviPublication', at: '2023-06-30T22:00:00.000Z' },
    { key: 'submissionDeadline', at: '2023-08-01T15:00:00.000Z' },
    { key: 'assessmentStart', at: '2023-08-02T07:00:00.000Z' },
  ],
  nvi: null,
  selection: null,
  announcementBlocked: null,
  handover: null,
  deliveryFailures: [],
};
const at = (iso: string) => new Date(iso);
const kinds = (input: AttentionInput) => attentionOf(input).map((a) => [a.kind, a.count]);
const ready = { region: 'Utrecht', applicants: 2, notAssessed: 0, decided: true, stale: false };

test('the NvI is overdue from its planned instant until the closing, unless published', () => {
  expect(attentionOf({ status, now: at('2023-06-30T21:59:59.999Z') })).toEqual([]);
  expect(attentionOf({ status, now: at('2023-06-30T22:00:00.000Z') })).toEqual([
    {
      kind: 'nviOverdue',
      count: 1,
      message:
        'De Nota van Inlichtingen is nog niet gepubliceerd; die stond gepland op zaterdag 1 juli 2023, 00:00 uur.',
      details: ['Nota van Inlichtingen overdue: planned for 2023-06-30T22:00:00.000Z, not published'],
    },
  ]);
  expect(
    kinds({ status: { ...status, nvi: { publishedAt: 'x' } }, now: at('2023-07-02T00:00:00Z') }),
  ).toEqual([]);
  expect(kinds({ status, now: at('2023-08-01T15:00:00.000Z') })).toEqual([]);
});

test('the assessment is incomplete from its start until the announcement; a held-back announcement says so once', () => {
  const readiness = [
    ready,
    { region: 'Zwolle', applicants: 3, notAssessed: 1, decided: false, stale: false },
    { region: 'Drenthe', applicants: 0, notAssessed: 0, decided: false, stale: false },
  ];
  const nvi = { publishedAt: '2023-06-30T10:00:00Z' };
  const during = { status: { ...status, nvi }, readiness, now: at('2023-08-02T07:00:00.000Z') };
  expect(attentionOf({ ...during, now: at('2023-08-02T06:59:59Z') })).toEqual([]);
  expect(attentionOf(during)).toEqual([
    {
      kind: 'assessmentIncomplete',
      count: 1,
      message: 'De beoordeling is nog niet compleet in 1 regio: Zwolle.',
      details: ['assessment incomplete in Zwolle: 1 of 3 applicant(s) not assessed, not decided'],
    },
  ]);
  expect(kinds({ ...during, status: { ...during.status, selection: {} } })).toEqual([]);
  const blocked = {
    ...during,
    status: {
      ...during.status,
      announcementBlocked: { since: '2023-09-15T07:00:00.000Z', incomplete: [readiness[1] as typeof ready] },
    },
  };
  expect(attentionOf(blocked)).toEqual([
    {
      kind: 'announcementHeldBack',
      count: 1,
      message:
        'De bekendmaking wordt sinds vrijdag 15 september 2023, 09:00 uur tegengehouden: de beoordeling is niet compleet in Zwolle.',
      details: ['announcement held back since 2023-09-15T07:00:00.000Z: assessment incomplete in Zwolle'],
    },
  ]);
});

test('objections unanswered, contracts unsigned, overrun cases open and messages not delivered', () => {
  const now = at('2024-02-01T00:00:00Z');
  const findings = attentionOf({
    status: { ...status, nvi: {}, selection: {}, deliveryFailures: ['publication #1 to x@y.nl: 550'] },
    now,
    providers: [
      {
        provider: { id: 'a' },
        contract: { sentAt: '2023-10-16T07:00:00Z', signedAt: null },
        deliveryFailures: [],
      },
      {
        provider: { id: 'b' },
        contract: { sentAt: '2023-10-16T07:00:00Z', signedAt: 'x' },
        deliveryFailures: [],
      },
      { provider: { id: 'c' }, contract: null, deliveryFailures: ['objectionAnswer #1 to c@c.nl: 550'] },
    ],
    readiness: [ready],
    objections: [
      { providerId: 'a', objection: 1, onTime: true, answeredAt: null, answerDueAt: '2023-10-15T22:00:00Z' },
      { providerId: 'b', objection: 1, onTime: false, answeredAt: null, answerDueAt: null },
      { providerId: 'c', objection: 1, onTime: true, answeredAt: '2023-10-01T10:00:00Z', answerDueAt: 'x' },
    ],
    contracts: [
      {
        provider: { id: 'b' },
        cases: [
          { number: 1, region: 'Utrecht', year: 2024, step: 'maatwerk' },
          { number: 2, region: 'Zwolle', year: 2024, step: 'none' },
        ],
      },
      { provider: { id: 'd' } },
    ],
  });
  expect(findings.map(({ kind, count, message }) => [kind, count, message])).toEqual([
    ['objectionsUnanswered', 1, '1 tijdig ingediend bezwaar is nog niet beantwoord.'],
    ['contractsUnsigned', 1, '1 verzonden overeenkomst is nog niet ondertekend terug.'],
    ['budgetLadders', 1, '1 traject van de escalatieladder bij budgetoverschrijding staat open.'],
    ['deliveryFailures', 2, '2 berichten konden niet worden afgeleverd.'],
  ]);
  expect(findings.flatMap((f) => f.details)).toEqual([
    'objection 1 of a not answered (due 2023-10-15T22:00:00Z)',
    'contract of a sent, not signed',
    'overrun case 1 of b in Utrecht 2024 open at maatwerk',
    'not delivered: publication #1 to x@y.nl: 550',
    'not delivered: c: objectionAnswer #1 to c@c.nl: 550',
  ]);
});

test("without the providers' views, the hand-over's unsigned contracts count", () => {
  expect(
    kinds({
      status: { ...status, nvi: {}, handover: { unsigned: ['a', 'b'] } },
      now: at('2024-02-01T00:00:00Z'),
    }),
  ).toEqual([['contractsUnsigned', 2]]);
});
