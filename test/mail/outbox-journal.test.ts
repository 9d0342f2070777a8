/**
 * The outbox journal: a message the mail server accepted is recorded with its Message-ID, subject, recipients and
 * attachments; the same event sent twice (a retried activity) is listed once; a line cut short by a crash is skipped;
 * another process's journal sees the lines as they are written; and a journal that cannot write never fails a send.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmailActivities, type SendEmailInput } from '../../activities/email';
import { exampleData } from '../../mail/examples';
import { domainOf, messageIdFor } from '../../mail/message-id';
import { JsonLinesSentMailJournal, type SentMail } from '../../mail/outbox-journal';
import { CALENDAR, FROM, OFFICER, startMailRig, TEST_KEY } from '../helpers/mail';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'oco-outbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const event = {
  cycleId: 'zk-2024-2025',
  providerId: 'stichting-noord',
  kind: 'submissionReceipt' as const,
  sequence: 1,
};
const input: SendEmailInput = {
  event,
  to: ['aanbieder@noord.example'],
  data: exampleData('submissionReceipt', TEST_KEY),
  reportTo: OFFICER,
  calendar: CALENDAR,
};

const sent = (messageId: string, at: string, providerId = 'a'): SentMail => ({
  messageId,
  at,
  to: ['a@a.nl'],
  subject: `bericht ${messageId}`,
  kind: 'questionReceipt',
  cycleId: 'c',
  providerId,
  sequence: 1,
});

test('the same event sent twice is recorded as the mail server accepted it, and listed once', async () => {
  const rig = await startMailRig();
  const journal = new JsonLinesSentMailJournal(path.join(dir, 'outbox.jsonl'));
  try {
    const activities = createEmailActivities({ ...rig.deps, outbox: journal });
    const first = await activities.sendEmail(input);
    await activities.sendEmail(input);
    expect(rig.server.received).toHaveLength(2);
    expect(readFileSync(journal.file, 'utf8').trim().split('\n')).toHaveLength(2);

    const [mail] = await rig.parsed();
    const listed = journal.forProvider(event.cycleId, event.providerId);
    expect(listed).toEqual([
      {
        messageId: messageIdFor(event, domainOf(FROM)),
        at: '2023-08-01T15:00:05.000Z',
        to: ['aanbieder@noord.example'],
        subject: mail?.subject,
        kind: 'submissionReceipt',
        cycleId: event.cycleId,
        providerId: event.providerId,
        sequence: 1,
        files: [
          {
            name: 'ontvangstbevestiging.json',
            sha256: createHash('sha256')
              .update(
                mail?.attachments.find((a) => a.filename === 'ontvangstbevestiging.json')?.content ?? '',
              )
              .digest('hex'),
          },
        ],
      },
    ]);
    expect(listed[0]?.messageId).toBe(first.messageId);
    expect(mail?.messageId).toBe(first.messageId);
    expect(journal.forProvider(event.cycleId, 'another')).toEqual([]);
  } finally {
    await rig.stop();
  }
});

test('a line cut short is skipped; another reader follows the file as it grows', () => {
  const file = path.join(dir, 'outbox.jsonl');
  const writer = new JsonLinesSentMailJournal(file);
  const reader = new JsonLinesSentMailJournal(file);
  expect(reader.forProvider('c', 'a')).toEqual([]);
  writer.record(sent('<2@x>', '2023-06-02T10:00:00.000Z'));
  appendFileSync(file, '{"messageId":"<cut@x>","at":"2023-06-0');
  expect(reader.forProvider('c', 'a').map((m) => m.messageId)).toEqual(['<2@x>']);
  writer.record(sent('<1@x>', '2023-06-01T10:00:00.000Z'));
  writer.record(sent('<3@x>', '2023-06-03T10:00:00.000Z', 'b'));
  writer.record(sent('<2@x>', '2023-06-04T10:00:00.000Z'));
  // Oldest first; the retried <2@x> keeps its first record; the cut line stays out.
  expect(reader.forProvider('c', 'a').map((m) => [m.messageId, m.at])).toEqual([
    ['<1@x>', '2023-06-01T10:00:00.000Z'],
    ['<2@x>', '2023-06-02T10:00:00.000Z'],
  ]);
  expect(new JsonLinesSentMailJournal(file).forProvider('c', 'b').map((m) => m.messageId)).toEqual(['<3@x>']);
});

test('a journal that cannot write is logged, and never fails a send', async () => {
  mkdirSync(path.join(dir, 'a-folder'));
  const logged: string[] = [];
  const broken = new JsonLinesSentMailJournal(path.join(dir, 'a-folder'), (line) => logged.push(line));
  expect(() => broken.record(sent('<1@x>', '2023-06-01T10:00:00.000Z'))).not.toThrow();
  expect(logged).toEqual([expect.stringMatching(/^outbox journal: <1@x> was sent but not recorded: /)]);

  const rig = await startMailRig();
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const throwing = {
      record: async () => {
        throw new Error('disk full');
      },
      forProvider: () => [],
    };
    const result = await createEmailActivities({ ...rig.deps, outbox: throwing }).sendEmail(input);
    expect(result.accepted).toEqual(['aanbieder@noord.example']);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/was sent but not recorded: disk full$/));
  } finally {
    error.mockRestore();
    await rig.stop();
  }
});
