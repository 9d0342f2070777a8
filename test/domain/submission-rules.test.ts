import { DateTime } from 'luxon';
import {
  type SubmittedDocument,
  SubmittedDocumentSchema,
  submissionIssues,
} from '../../domain/submission-rules';

const zone = 'Europe/Amsterdam';
const at = (local: string) => DateTime.fromISO(local, { zone }).toMillis();

const complete: SubmittedDocument[] = [
  { kind: 'bestuursverklaring', name: 'bestuursverklaring.pdf' },
  { kind: 'machtiging', name: 'machtiging.pdf' },
  { kind: 'vogRp', name: 'vog.pdf', issuedOn: '2023-03-01' },
  { kind: 'kvkUittreksel', name: 'kvk.pdf', issuedOn: '2023-07-20' },
  { kind: 'uboRegister', name: 'ubo.pdf', issuedOn: '2023-02-01' },
  { kind: 'onderbouwing', name: 'plan.pdf' },
];

test('a complete submission has no issues', () => {
  expect(
    submissionIssues({ documents: complete, consortium: false, receivedAt: at('2023-08-01T16:00'), zone }),
  ).toEqual([]);
});

test('each missing document is named, the consortium declaration only for a consortium', () => {
  const issues = submissionIssues({
    documents: [],
    consortium: true,
    receivedAt: at('2023-08-01T16:00'),
    zone,
  });
  expect(issues).toEqual([
    'Ontbreekt: ingevulde en ondertekende bestuursverklaring',
    'Ontbreekt: bewijs van machtiging om voor de organisatie te ondertekenen',
    'Ontbreekt: Verklaring omtrent gedrag voor rechtspersonen (VOG RP)',
    'Ontbreekt: uittreksel Kamer van Koophandel',
    'Ontbreekt: uittreksel UBO-register',
    'Ontbreekt: verklaring dat alle deelnemers hoofdelijke aansprakelijkheid voor het geheel aanvaarden',
    'Ontbreekt: documenten ter onderbouwing van de inschrijving',
  ]);
  expect(
    submissionIssues({ documents: complete, consortium: true, receivedAt: at('2023-08-01T16:00'), zone }),
  ).toEqual([
    'Ontbreekt: verklaring dat alle deelnemers hoofdelijke aansprakelijkheid voor het geheel aanvaarden',
  ]);
});

test('six months before the submission date is the oldest allowed issue date, to the day', () => {
  const withUbo = (issuedOn: string) =>
    complete.map((d) => (d.kind === 'uboRegister' ? { ...d, issuedOn } : d));
  const received = at('2023-08-01T16:59');
  expect(
    submissionIssues({ documents: withUbo('2023-02-01'), consortium: false, receivedAt: received, zone }),
  ).toEqual([]);
  expect(
    submissionIssues({ documents: withUbo('2023-01-31'), consortium: false, receivedAt: received, zone }),
  ).toEqual([
    'uittreksel UBO-register is ouder dan 6 maanden: afgegeven op 31 januari 2023, inschrijving op 1 augustus 2023 ' +
      '(afgifte op of na 1 februari 2023 vereist)',
  ]);
  // 31 August minus six months is the last day of February.
  expect(
    submissionIssues({
      documents: withUbo('2023-02-28'),
      consortium: false,
      receivedAt: at('2023-08-31T10:00'),
      zone,
    }),
  ).toEqual([]);
  // The local date counts: 23:30 UTC on 31 July is 1 August in Amsterdam.
  expect(
    submissionIssues({
      documents: withUbo('2023-02-01'),
      consortium: false,
      receivedAt: Date.parse('2023-07-31T23:30:00Z'),
      zone,
    }),
  ).toEqual([]);
});

test('an undated or future-dated extract is doubtful; the newest copy counts', () => {
  const docs = complete.map((d) => (d.kind === 'vogRp' ? { kind: d.kind, name: d.name } : d));
  expect(
    submissionIssues({ documents: docs, consortium: false, receivedAt: at('2023-08-01T16:00'), zone }),
  ).toEqual([
    'Verklaring omtrent gedrag voor rechtspersonen (VOG RP): de datum van afgifte ontbreekt, de ouderdom kan niet worden vastgesteld',
  ]);
  const future = complete.map((d) => (d.kind === 'kvkUittreksel' ? { ...d, issuedOn: '2023-08-02' } : d));
  expect(
    submissionIssues({ documents: future, consortium: false, receivedAt: at('2023-08-01T16:00'), zone })[0],
  ).toContain('afgegeven op 2 augustus 2023, na de datum van inschrijving (1 augustus 2023)');
  const twoCopies = [...complete, { kind: 'vogRp' as const, name: 'oude-vog.pdf', issuedOn: '2020-01-01' }];
  expect(
    submissionIssues({ documents: twoCopies, consortium: false, receivedAt: at('2023-08-01T16:00'), zone }),
  ).toEqual([]);
});

test('a document entry is validated with the field and the rule', () => {
  const result = SubmittedDocumentSchema.safeParse({
    kind: 'vog',
    name: '',
    issuedOn: '2023-02-30',
    sha256: 'xyz',
  });
  expect(result.success).toBe(false);
  const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
  expect(messages).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^kind: must be one of bestuursverklaring, machtiging, vogRp/),
      'name: must not be empty',
      'issuedOn: 2023-02-30 is not a calendar date (2023-02 has 28 days)',
      'sha256: must be a SHA-256 as 64 lower-case hex digits',
    ]),
  );
});
