/**
 * Example data for every template, from the 2024-2025 cycle: for tests, the benchmark, and looking at a template.
 * Provider texts deliberately hold markup, which must arrive escaped.
 */
import type { TemplateData, TemplateKind } from './catalog';
import { type ReceiptFacts, signReceipt } from './receipt';

const common = {
  wlzUitvoerder: { name: 'Zilveren Kruis', email: 'zorginkoopwlz.OCO@zilverenkruis.nl' },
  cycle: {
    id: 'zk-2024-2025',
    title: 'Inkoop onafhankelijke cliëntondersteuning Wlz 2024-2025',
    timezone: 'Europe/Amsterdam',
  },
  recipient: { name: 'Stichting Cliëntondersteuning <Noord> & Co' },
};

const officer = { ...common, recipient: { name: 'Zorginkoop OCO Zilveren Kruis' } };
const legal = { ...common, recipient: { name: 'Juridische zaken Zilveren Kruis' } };

const QUESTION_DEADLINE = {
  key: 'questionDeadline',
  label: 'termijn voor het stellen van vragen',
  at: '2023-06-17T10:00:00.000Z',
};
const OBJECTION_DEADLINE = {
  key: 'objectionDeadline',
  label: 'einde van de bezwaartermijn',
  at: '2023-09-29T22:00:00.000Z',
};

const BUDGET_PROJECTION = {
  ceiling: 250_000,
  spent: 72_000,
  through: 'maart 2024',
  monthsCounted: 3,
  expectedToDate: 62_500,
  expectedSource: 'prognosis' as const,
  projected: 288_000,
  projectedByPrognosis: 259_500,
};

export const EXAMPLE_FILES = [
  { name: 'Bestuursverklaring <getekend>.pdf', sizeBytes: 482_113, sha256: 'a'.repeat(64) },
  { name: 'KvK-uittreksel.pdf', sizeBytes: 91_532, sha256: '0123456789abcdef'.repeat(4) },
];

export function exampleFacts(
  kind: ReceiptFacts['kind'],
  overrides: Partial<ReceiptFacts> = {},
): ReceiptFacts {
  return {
    kind,
    cycleId: 'zk-2024-2025',
    providerId: 'stichting-noord',
    sequence: 1,
    receivedAt: '2023-08-01T14:59:59.999Z',
    deadline: {
      key: 'submissionDeadline',
      label: 'sluiting van de inschrijving',
      at: '2023-08-01T15:00:00.000Z',
    },
    onTime: true,
    files: EXAMPLE_FILES,
    issues: ['VOG RP ontbreekt', 'UBO-uittreksel is ouder dan zes maanden (afgegeven op 2 januari 2023)'],
    ...overrides,
  };
}

export function exampleData(kind: TemplateKind, key: Buffer): TemplateData<TemplateKind> {
  const receipt = (facts: ReceiptFacts) => signReceipt(key, facts);
  const question =
    'Geldt eis 13 (<b>beschikbaarheid</b>) ook\nin de zomervakantie? <script>alert(1)</script>';
  const examples: { [K in TemplateKind]: TemplateData<K> } = {
    publication: {
      ...common,
      questionDeadline: '2023-06-17T10:00:00.000Z',
      nviPublication: '2023-06-30T22:00:00.000Z',
      submissionDeadline: '2023-08-01T15:00:00.000Z',
      regions: ['Amsterdam', "'t Gooi", 'Zaanstreek/Waterland'],
      hourlyRate: 82.29,
      tariffProvisional: false,
      documentsUrl: 'https://www.zilverenkruis.nl/zorgaanbieders/oco',
    },
    questionReceipt: {
      ...common,
      receipt: receipt(
        exampleFacts('question', {
          receivedAt: '2023-06-12T08:30:00.000Z',
          files: [],
          issues: [],
          deadline: QUESTION_DEADLINE,
        }),
      ),
      question,
      nviPublication: '2023-06-30T22:00:00.000Z',
    },
    questionLate: {
      ...common,
      receipt: receipt(
        exampleFacts('question', {
          receivedAt: '2023-06-17T10:00:00.000Z',
          onTime: false,
          files: [],
          issues: [],
          deadline: QUESTION_DEADLINE,
        }),
      ),
      question,
    },
    nviPublished: {
      ...common,
      publishedAt: '2023-06-30T10:00:00.000Z',
      questionCount: 113,
      answerCount: 87,
      changesDocuments: true,
      documentsUrl: null,
      submissionDeadline: '2023-08-01T15:00:00.000Z',
    },
    deadlineReminder: {
      ...common,
      milestone: {
        key: 'submissionDeadline',
        label: 'sluiting van de inschrijving',
        at: '2023-08-01T15:00:00.000Z',
      },
      daysBefore: 7,
      action:
        'Stuur uw inschrijving met de verplichte documenten per e-mail aan zorginkoopwlz.OCO@zilverenkruis.nl.',
    },
    submissionReceipt: {
      ...common,
      receipt: receipt(exampleFacts('submission')),
      regions: ['Amsterdam', "'t Gooi"],
      version: 2,
      consortium: true,
    },
    supplementReceipt: {
      ...common,
      receipt: receipt(
        exampleFacts('supplement', {
          receivedAt: '2023-07-28T08:12:44.318Z',
          files: [{ name: 'VOG RP <2023>.pdf', sizeBytes: 120_334, sha256: 'b'.repeat(64) }],
          issues: [
            'uittreksel UBO-register: de datum van afgifte ontbreekt, de ouderdom kan niet worden vastgesteld',
          ],
        }),
      ),
      submissionVersion: 2,
      documentsAdded: 1,
    },
    submissionRefused: {
      ...common,
      receipt: receipt(exampleFacts('submission', { receivedAt: '2023-08-01T15:00:00.000Z', onTime: false })),
      what: 'inschrijving',
    },
    tariffAnnounced: {
      ...common,
      hourlyRate: 88.5,
      announcedAt: '2026-09-01T08:00:00.000Z',
      withdrawalDeadline: '2026-09-29T22:00:00.000Z',
      withdrawalWeeks: 4,
    },
    scheduleAmended: {
      ...common,
      amendedAt: '2023-07-20T08:00:00.000Z',
      changes: [
        {
          key: 'submissionDeadline',
          label: 'sluiting van de inschrijving',
          from: '2023-08-01T15:00:00.000Z',
          to: '2023-08-08T15:00:00.000Z',
        },
        {
          key: 'assessmentStart',
          label: 'start van de beoordeling',
          from: '2023-08-02T07:00:00.000Z',
          to: '2023-08-09T07:00:00.000Z',
        },
      ],
    },
    withdrawalReceipt: {
      ...common,
      receipt: receipt(exampleFacts('withdrawal', { files: [], issues: [], deadline: null })),
    },
    selected: {
      ...common,
      regions: [
        { name: 'Amsterdam', selected: true, ceiling: 412_500 },
        {
          name: "'t Gooi",
          selected: false,
          reasons: ['Vier aanbieders scoren hoger op ervaring (criterium 1a en 1b).'],
        },
      ],
      announcedAt: '2023-09-15T07:00:00.000Z',
      objectionDeadline: '2023-09-29T22:00:00.000Z',
      objectionDays: 14,
    },
    notSelected: {
      ...common,
      regions: [
        {
          name: 'Amsterdam',
          selected: false,
          reasons: [
            'Geen aantoonbare ervaring met de doelgroepen (eis 1).',
            'Niet aangesloten bij BCMB (eis 3).',
          ],
        },
      ],
      announcedAt: '2023-09-15T07:00:00.000Z',
      objectionDeadline: '2023-09-29T22:00:00.000Z',
      objectionDays: 14,
    },
    objectionReceipt: {
      ...common,
      receipt: receipt(
        exampleFacts('objection', {
          receivedAt: '2023-09-29T21:59:59.999Z',
          deadline: OBJECTION_DEADLINE,
          issues: [],
        }),
      ),
      objectionAnswerDeadline: '2023-10-15T22:00:00.000Z',
    },
    objectionRefused: {
      ...common,
      receipt: receipt(
        exampleFacts('objection', {
          receivedAt: '2023-09-29T22:00:01.000Z',
          onTime: false,
          deadline: OBJECTION_DEADLINE,
          issues: [],
        }),
      ),
      objectionDays: 14,
    },
    objectionAnswer: {
      ...common,
      outcome: 'partlyUpheld',
      answer:
        'Uw ervaring in de regio is alsnog meegewogen.\nDe rangorde in Amsterdam wijzigt daardoor niet.',
      answeredAt: '2023-10-15T08:00:00.000Z',
      kortGedingDeadline: '2023-10-29T23:00:00.000Z',
      kortGedingDays: 14,
    },
    contractDispatch: {
      ...common,
      regions: [
        { name: 'Amsterdam', ceiling: 412_500 },
        { name: "'t Gooi", ceiling: null },
      ],
      contractStart: '2024-01-01',
      contractYears: 2,
      hourlyRate: 82.29,
      tariffProvisional: false,
      signBefore: '2023-11-15T23:00:00.000Z',
      contractUrl: null,
    },
    contractReminder: {
      ...common,
      sentAt: '2023-10-16T07:00:00.000Z',
      signBefore: '2023-11-15T23:00:00.000Z',
      contractStart: '2024-01-01',
    },
    contractSignedReceipt: {
      ...common,
      receipt: receipt(
        exampleFacts('contractSigned', {
          receivedAt: '2023-10-20T12:00:00.000Z',
          deadline: null,
          issues: [],
          files: [EXAMPLE_FILES[0] as ReceiptFacts['files'][number]],
        }),
      ),
      contractStart: '2024-01-01',
    },
    nviOverdue: {
      ...officer,
      nviPublication: '2023-06-30T22:00:00.000Z',
      questionCount: 37,
    },
    assessmentOverdue: {
      ...officer,
      announcement: '2023-09-15T07:00:00.000Z',
      incomplete: [
        { region: 'Amsterdam', providersNotAssessed: 2, undecided: true },
        { region: "'t Gooi", providersNotAssessed: 0, stale: true },
      ],
    },
    objectionAnswerOverdue: {
      ...officer,
      answerDeadline: '2023-10-15T22:00:00.000Z',
      objections: [{ provider: 'Stichting Cliëntondersteuning Noord', filedAt: '2023-09-20T09:12:00.000Z' }],
    },
    contractsUnsigned: {
      ...officer,
      contractStart: '2024-01-01',
      contracts: [{ provider: 'Stichting Cliëntondersteuning Noord', sentAt: '2023-10-16T07:00:02.000Z' }],
    },
    objectionAnswerDue: {
      ...legal,
      answerDeadline: '2023-10-15T22:00:00.000Z',
      objections: [{ provider: 'Stichting Cliëntondersteuning Noord', filedAt: '2023-09-20T09:12:00.000Z' }],
    },
    kortGedingRunning: {
      ...legal,
      provider: 'Stichting Cliëntondersteuning Noord',
      answeredAt: '2023-10-15T08:00:00.000Z',
      kortGedingDeadline: '2023-10-29T23:00:00.000Z',
      kortGedingDays: 14,
    },
    budgetReceipt: {
      ...common,
      receipt: receipt(
        exampleFacts('production', {
          receivedAt: '2024-04-03T08:15:00.000Z',
          deadline: {
            key: 'production:2024-03',
            label: 'productieverantwoording maart 2024',
            at: '2024-04-10T22:00:00.000Z',
          },
          files: [],
          issues: [],
        }),
      ),
      summary: 'productie maart 2024, regio Amsterdam: 312,5 uur (€ 25.715,63)',
      replaced: '300 uur, ontvangen op 2 april 2024',
      region: 'Amsterdam',
      year: 2024,
      comparison: {
        month: 'maart 2024',
        realised: 25_715.63,
        expected: 21_000,
        difference: 4_715.63,
        above: true,
        source: 'prognosis',
      },
      verdict:
        'Kwartaal 1 van 2024: realisatie boven de prognose in 3 van de 3 maanden en over het jaar tot nu toe; ' +
        'de verwachting voor het jaar ligt boven het budgetplafond.',
      projection: BUDGET_PROJECTION,
    },
    obligationReminder: {
      ...common,
      obligation: 'productieverantwoording',
      period: 'maart 2024',
      regions: ['Amsterdam', "'t Gooi"],
      dueAt: '2024-04-10T22:00:00.000Z',
      late: false,
    },
    obligationOverdue: {
      ...officer,
      provider: 'Stichting Cliëntondersteuning <Noord> & Co',
      obligation: 'voortgangsgesprekken',
      period: '2024',
      dueAt: '2024-12-31T23:00:00.000Z',
      outstanding: 1,
    },
    overrunStep: {
      ...common,
      provider: 'Stichting Cliëntondersteuning <Noord> & Co',
      caseNumber: 1,
      region: 'Amsterdam',
      year: 2024,
      step: 'referral',
      previous: 'vws',
      stepLabel: 'verwijzing van nieuwe cliënten naar het zorgkantoor',
      trigger: 'system',
      at: '2024-11-04T09:00:00.000Z',
      by: 'M. de Vries',
      reason: 'VWS kent geen extra middelen toe.',
      stepDeadline: null,
      referralEndsAt: '2024-12-31T23:00:00.000Z',
      projection: BUDGET_PROJECTION,
    },
    ladderOverdue: {
      ...officer,
      provider: 'Stichting Cliëntondersteuning <Noord> & Co',
      caseNumber: 1,
      region: 'Amsterdam',
      year: 2024,
      stepLabel: 'maatwerkoplossingen',
      since: '2024-04-12T08:00:00.000Z',
      deadline: '2024-04-25T22:00:00.000Z',
      projection: BUDGET_PROJECTION,
    },
    ceilingChanged: {
      ...common,
      region: 'Amsterdam',
      year: 2024,
      from: 250_000,
      to: 265_000,
      final: false,
      reason: 'Overheveling van € 15.000,00 van Stichting Zuid in Amsterdam',
      at: '2024-06-03T08:00:00.000Z',
    },
    budgetReview: {
      ...officer,
      year: 2024,
      at: '2024-05-31T22:00:00.000Z',
      regions: [
        { region: 'Amsterdam', providers: 4, ceiling: 1_000_000, projected: 1_080_000, headroom: -80_000 },
        { region: "'t Gooi", providers: 3, ceiling: 600_000, projected: 540_000, headroom: 60_000 },
      ],
      openCases: 1,
    },
    transferProposal: {
      ...officer,
      provider: 'Stichting Cliëntondersteuning <Noord> & Co',
      region: 'Amsterdam',
      year: 2024,
      shortfall: 30_000,
      from: [{ provider: 'Stichting Zuid', region: 'Amsterdam', amount: 15_000, headroom: 15_000 }],
      uncovered: 15_000,
      deadline: '2024-06-16T22:00:00.000Z',
    },
    vwsReminder: {
      ...officer,
      year: 2024,
      requestedAt: '2024-07-01T08:00:00.000Z',
      cases: [
        { provider: 'Stichting Cliëntondersteuning <Noord> & Co', region: 'Amsterdam', shortfall: 15_000 },
      ],
    },
    inboundReceived: {
      ...common,
      receivedAt: '2023-08-01T14:59:59.000Z',
      originalSubject: 'Stukken OCO',
      files: [{ name: 'Bestuursverklaring <getekend>.pdf', sizeBytes: 482_113, sha256: 'a'.repeat(64) }],
    },
    deliveryFailed: {
      ...officer,
      originalSubject: 'Ontvangstbevestiging van uw inschrijving',
      failedRecipient: 'info@onbekend.example',
      reason: '550 5.1.1 <info@onbekend.example>: Recipient address rejected',
      messageId: '<submissionReceipt.1.abc@oco.local>',
      attemptedAt: '2023-08-01T15:00:05.000Z',
    },
  };
  return examples[kind];
}
