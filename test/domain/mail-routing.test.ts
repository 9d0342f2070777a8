/** Where an incoming e-mail goes: every way it routes, and every reason it goes to triage instead. */
import {
  documentKindOf,
  type KnownProvider,
  type MailFacts,
  regionsNamed,
  routeMail,
} from '../../domain/mail-routing';
import { messageIdFor, routingOf } from '../../mail/message-id';

const providers: KnownProvider[] = [
  { cycleId: 'zk', providerId: 'kompas', email: 'info@kompas.example' },
  { cycleId: 'zk', providerId: 'wegwijzer', email: 'post@wegwijzer.example' },
  { cycleId: 'zk', providerId: 'dubbel', email: 'gedeeld@example.nl' },
  { cycleId: 'vgz', providerId: 'dubbel', email: 'gedeeld@example.nl' },
];
const context = {
  providers,
  regions: { zk: ['Utrecht', "'t Gooi", 'Zwolle'], vgz: ['Nijmegen'] },
  tokenOf: routingOf,
};
const mail = (facts: Partial<MailFacts>): MailFacts => ({
  from: '',
  subject: '',
  text: '',
  answers: [],
  ...facts,
});

test('by sender and subject keyword; a submission by the regions its text names', () => {
  expect(
    routeMail(mail({ from: 'INFO@kompas.example', subject: 'Vraag over de bekostiging' }), context),
  ).toEqual({
    routed: true,
    kind: 'question',
    cycleId: 'zk',
    providerId: 'kompas',
    regions: [],
    via: 'sender',
  });
  expect(
    routeMail(
      mail({ from: 'info@kompas.example', subject: 'Inschrijving', text: "Voor Utrecht en 't Gooi." }),
      context,
    ),
  ).toMatchObject({ routed: true, kind: 'submission', regions: ['Utrecht', "'t Gooi"] });
  for (const [subject, kind] of [
    ['Aanvulling op onze inschrijving? Nee: aanvulling', null],
    ['Bezwaar tegen de bekendmaking', 'objection'],
    ['Wij trekken onze inschrijving in', null],
    ['Intrekking', 'withdrawal'],
    ['aanvulling stukken', 'supplement'],
  ] as const) {
    const route = routeMail(mail({ from: 'info@kompas.example', subject }), context);
    if (kind) expect([subject, route]).toEqual([subject, expect.objectContaining({ routed: true, kind })]);
    else expect([subject, route.routed]).toEqual([subject, false]);
  }
});

test("a reply routes by the token in our Message-ID, only from that provider's address", () => {
  const ours = messageIdFor(
    { cycleId: 'zk', providerId: 'wegwijzer', kind: 'submissionReceipt', sequence: 1 },
    'zk.nl',
  );
  expect(routingOf(ours)).toEqual({ cycleId: 'zk', providerId: 'wegwijzer' });
  expect(routingOf('<iets@elders.example>')).toBeNull();
  expect(
    routeMail(
      mail({ from: 'post@wegwijzer.example', subject: 'RE: aanvulling', answers: ['<x@y>', ours] }),
      context,
    ),
  ).toMatchObject({
    routed: true,
    kind: 'supplement',
    providerId: 'wegwijzer',
    via: 'reply',
  });
  expect(
    routeMail(mail({ from: 'info@kompas.example', subject: 'RE: aanvulling', answers: [ours] }), context),
  ).toEqual({
    routed: false,
    reason:
      'a reply to a message for wegwijzer, sent from info@kompas.example, not from its address post@wegwijzer.example',
    cycleId: 'zk',
    providerId: 'wegwijzer',
  });
});

test('what cannot be routed with certainty says why', () => {
  const reason = (facts: Partial<MailFacts>) => {
    const route = routeMail(mail(facts), context);
    return route.routed ? null : route.reason;
  };
  expect(reason({ from: 'onbekend@x.example', subject: 'Vraag' })).toBe(
    "the sender onbekend@x.example is not a known provider's address",
  );
  expect(reason({ from: 'gedeeld@example.nl', subject: 'Vraag' })).toBe(
    'the sender gedeeld@example.nl is the address of 2 registrations (zk/dubbel, vgz/dubbel)',
  );
  expect(reason({ from: 'info@kompas.example', subject: 'Stukken' })).toBe(
    'the subject names none of vraag, inschrijving, aanvulling, bezwaar, intrekking',
  );
  expect(reason({ from: 'info@kompas.example', subject: 'Vraag en bezwaar' })).toBe(
    'the subject names more than one kind (question, objection)',
  );
  expect(reason({ from: 'info@kompas.example', subject: 'Inschrijving', text: 'Voor Amsterdam.' })).toBe(
    "a submission that names none of the cycle's regions",
  );
});

test('document kinds from file names; regions as whole names only', () => {
  expect(
    [
      'Bestuursverklaring getekend.pdf',
      'VOG-RP 2023.pdf',
      'kvk_uittreksel.pdf',
      'UBO-register.pdf',
      'machtiging.pdf',
      'plan.docx',
      'Samenwerkingsverklaring.pdf',
    ].map(documentKindOf),
  ).toEqual([
    'bestuursverklaring',
    'vogRp',
    'kvkUittreksel',
    'uboRegister',
    'machtiging',
    'onderbouwing',
    'consortiumDeclaration',
  ]);
  expect(
    regionsNamed('Wij zijn actief in Utrechtse wijken en in Zwolle-Zuid', ['Utrecht', 'Zwolle']),
  ).toEqual(['Zwolle']);
});
