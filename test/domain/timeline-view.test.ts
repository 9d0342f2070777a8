/** The timeline as the dashboard shows it, the reminders grouped per day, and a provider's mail thread in order. */
import { mailThread } from '../../domain/mail-thread';
import { planTimeline } from '../../domain/timeline';
import { sentReminders, timelineMilestones } from '../../domain/timeline-view';
import { example2024 } from '../helpers/configs';

test('milestones with their Dutch name, whether reached, and the amendments that moved them', () => {
  const config = example2024();
  const timeline = planTimeline(config, []);
  const amendment = {
    number: 1,
    milestone: 'assessmentStart' as const,
    from: '2023-08-02T07:00:00.000Z',
    to: '2023-08-03T07:00:00.000Z',
    amendedAt: '2023-06-02T10:00:00.000Z',
    reason: null,
  };
  const milestones = timelineMilestones({
    timeline,
    reached: [{ key: 'publication', reachedAt: '2023-06-01T07:00:00.000Z' }],
    amendments: [amendment],
  });
  expect(milestones).toHaveLength(timeline.length);
  expect(milestones[0]).toEqual({
    key: 'publication',
    label: 'publicatie van de inkoopprocedure',
    at: '2023-06-01T07:00:00.000Z',
    display: 'donderdag 1 juni 2023, 09:00 uur',
    kind: 'event',
    warnings: [],
    reached: true,
    reachedAt: '2023-06-01T07:00:00.000Z',
    amendments: [],
  });
  const start = milestones.find((m) => m.key === 'assessmentStart');
  expect([start?.reached, start?.reachedAt, start?.amendments]).toEqual([
    false,
    null,
    [{ number: 1, from: amendment.from, to: amendment.to, amendedAt: amendment.amendedAt, reason: null }],
  ]);
});

test('reminders: one row per deadline, days before and local day, counting the providers', () => {
  const at9 = '2023-06-10T07:00:00.000Z';
  const rows = sentReminders(
    [
      [
        { key: 'questionDeadline', daysBefore: 7, sentAt: '2023-06-10T07:00:02.000Z' },
        { key: 'questionDeadline', daysBefore: 1, sentAt: '2023-06-16T07:00:00.000Z' },
      ],
      [{ key: 'questionDeadline', daysBefore: 7, sentAt: at9 }],
      [{ key: 'questionDeadline', daysBefore: 7, sentAt: '2023-06-10T21:59:00.000Z' }],
      [],
    ],
    'Europe/Amsterdam',
  );
  expect(rows).toEqual([
    {
      key: 'questionDeadline',
      label: 'herinnering aan de termijn voor het stellen van vragen',
      daysBefore: 7,
      sentAt: at9,
      display: 'zaterdag 10 juni 2023, 09:00 uur',
      count: 3,
    },
    expect.objectContaining({ daysBefore: 1, count: 1, display: 'vrijdag 16 juni 2023, 09:00 uur' }),
  ]);
});

test("a provider's thread: sent and received, oldest first, with local times and the triage state", () => {
  const thread = mailThread({
    zone: 'Europe/Amsterdam',
    sent: [
      {
        messageId: '<b@x>',
        at: '2023-08-01T15:00:01.000Z',
        to: ['a@a.nl'],
        subject: 'Ontvangstbevestiging',
        kind: 'submissionReceipt',
        files: [{ name: 'ontvangstbevestiging.json', sha256: 'f'.repeat(64) }],
      },
    ],
    received: [
      {
        messageId: '<a@a.nl>',
        receivedAt: '2023-08-01T14:59:59.000Z',
        from: 'a@a.nl',
        subject: 'Inschrijving Utrecht',
        kind: 'submission',
        files: [{ name: 'x.pdf', sha256: 'e'.repeat(64), sizeBytes: 3 } as { name: string; sha256: string }],
      },
      {
        messageId: '<c@a.nl>',
        receivedAt: '2023-08-02T08:00:00.000Z',
        from: 'a@a.nl',
        subject: 'Hallo',
        files: [],
        triage: { state: 'open' },
      },
    ],
  });
  expect(thread.map((m) => [m.direction, m.messageId, m.kind, m.state, m.display])).toEqual([
    ['in', '<a@a.nl>', 'submission', 'routed', 'dinsdag 1 augustus 2023, 16:59 uur'],
    ['out', '<b@x>', 'submissionReceipt', undefined, 'dinsdag 1 augustus 2023, 17:00 uur'],
    ['in', '<c@a.nl>', 'unrouted', 'triageOpen', 'woensdag 2 augustus 2023, 10:00 uur'],
  ]);
  expect(thread[0]?.files).toEqual([{ name: 'x.pdf', sha256: 'e'.repeat(64) }]);
  expect(thread[1]).toMatchObject({ to: ['a@a.nl'], subject: 'Ontvangstbevestiging' });
});
