/** `oco receipt verify`, `oco mailbox` and `oco calendar` as a user runs them, on real .eml files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { exampleData } from '../../mail/examples';
import { mailboxDir } from '../../mail/mailbox-server';
import { CALENDAR, exampleReceipt, OFFICER, startMailRig, TEST_KEY } from '../helpers/mail';

const ROOT = path.join(__dirname, '..', '..');

function oco(...args: string[]) {
  const env = { ...process.env };
  delete env.OCO_RECEIPT_KEY;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'oco.js'), ...args], {
    encoding: 'utf8',
    env,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dataDir: string;
let receiptEml: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'oco-data-'));
  writeFileSync(path.join(dataDir, 'receipt.key'), `${TEST_KEY.toString('hex')}\n`);
  const rig = await startMailRig({ dir: mailboxDir(dataDir) });
  try {
    await rig.activities.sendEmail(exampleReceipt());
    await rig.activities.sendEmail({
      event: {
        cycleId: 'zk-2024-2025',
        providerId: 'stichting-noord',
        kind: 'deadlineReminder',
        sequence: 1,
      },
      to: ['aanbieder@noord.example'],
      data: exampleData('deadlineReminder', TEST_KEY),
      reportTo: OFFICER,
      calendar: CALENDAR,
    });
    receiptEml = rig.server.received[0]?.file as string;
  } finally {
    await rig.stop();
  }
});

/** Re-composes the receipt with one thing changed, as someone altering a kept e-mail would. */
async function forge(change: {
  json?: (json: string) => string;
  text?: (text: string) => string;
}): Promise<string> {
  const mail = await simpleParser(readFileSync(receiptEml));
  const attachment = mail.attachments.find((a) => a.filename === 'ontvangstbevestiging.json');
  const json = attachment?.content.toString('utf8') ?? '';
  const forged = await new MailComposer({
    from: mail.from?.text,
    to: 'aanbieder@noord.example',
    subject: mail.subject,
    messageId: mail.messageId,
    text: change.text ? change.text(mail.text ?? '') : mail.text,
    attachments: [{ filename: 'ontvangstbevestiging.json', content: change.json ? change.json(json) : json }],
  })
    .compile()
    .build();
  const file = path.join(dataDir, `forged-${Math.random().toString(36).slice(2)}.eml`);
  writeFileSync(file, forged);
  return file;
}

test('a receipt as sent is genuine and unchanged', () => {
  const { code, stdout } = oco('receipt', 'verify', receiptEml, '--data', dataDir);
  expect(code).toBe(0);
  expect(stdout).toMatch(/genuine and unchanged \(OCO(-[0-9A-F]{4}){8}\)/);
  expect(stdout).toContain(
    'submission from stichting-noord in zk-2024-2025, received 2023-08-01T14:59:59.999Z, on time',
  );
  expect(stdout).toContain('file KvK-uittreksel.pdf, 91532 bytes, sha256 0123456789abcdef');
});

test('a receipt whose signed facts were changed fails verification', async () => {
  const file = await forge({
    json: (json) => json.replace('2023-08-01T14:59:59.999Z', '2023-08-01T14:59:58.999Z'),
  });
  const { code, stdout } = oco('receipt', 'verify', file, '--data', dataDir);
  expect(code).toBe(1);
  expect(stdout).toContain('NOT genuine: the receipt code does not match its facts');
});

test('a receipt whose readable time was changed fails verification', async () => {
  const file = await forge({
    text: (text) => text.replace('2023-08-01 14:59:59 UTC', '2023-08-01 13:59:59 UTC'),
  });
  const { code, stdout } = oco('receipt', 'verify', file, '--data', dataDir);
  expect(code).toBe(1);
  expect(stdout).toContain('NOT genuine: the readable text no longer states the receipt code and time');
});

test('another key, or a message that is no receipt, is not genuine; facts and code can be checked apart', async () => {
  const otherData = mkdtempSync(path.join(os.tmpdir(), 'oco-data-'));
  writeFileSync(path.join(otherData, 'receipt.key'), 'ff'.repeat(32));
  expect(oco('receipt', 'verify', receiptEml, '--data', otherData).code).toBe(1);

  const mail = await simpleParser(readFileSync(receiptEml));
  const json =
    mail.attachments.find((a) => a.filename === 'ontvangstbevestiging.json')?.content.toString('utf8') ?? '';
  const factsFile = path.join(dataDir, 'facts.json');
  writeFileSync(factsFile, json);
  expect(oco('receipt', 'verify', '--facts', factsFile, '--data', dataDir).code).toBe(0);
  writeFileSync(factsFile, json.replace('"onTime": true', '"onTime": false'));
  expect(oco('receipt', 'verify', '--facts', factsFile, '--data', dataDir).code).toBe(1);

  const noKey = oco('receipt', 'verify', receiptEml, '--data', path.join(dataDir, 'nothing-here'));
  expect(noKey.code).toBe(1);
  expect(noKey.stderr).toContain('no receipt key: set OCO_RECEIPT_KEY');
});

test('oco mailbox lists what the embedded SMTP server kept, and shows one', () => {
  const list = oco('mailbox', '--data', dataDir);
  expect(list.code).toBe(0);
  const lines = list.stdout.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(
    /^\s*1 {2}2023-08-01 17:00:05 {2}aanbieder@noord\.example\s+Ontvangstbevestiging van uw inschrijving/,
  );
  const json = JSON.parse(oco('mailbox', '--json', '--data', dataDir).stdout);
  expect(json.messages).toHaveLength(2);
  expect(json.messages[0]).toMatchObject({
    number: 1,
    date: '2023-08-01T15:00:05.000Z',
    to: 'aanbieder@noord.example',
    kind: 'submissionReceipt',
    messageId: expect.stringMatching(/^<.+@.+>$/),
  });
  const one = oco('mailbox', 'show', '2', '--data', dataDir);
  expect(one.code).toBe(0);
  expect(one.stdout).toContain('Subject:    Herinnering: sluiting van de inschrijving over 7 dagen');
  expect(one.stdout).toContain('Attachment: termijnen.ics (text/calendar');
  expect(one.stdout).toContain('Geachte heer, mevrouw,');
  const missing = oco('mailbox', 'show', '9', '--data', dataDir);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('there is no message 9; the mailbox holds 2');
});

test('oco calendar writes the whole cycle as one .ics', () => {
  const out = path.join(dataDir, 'cycle.ics');
  const { code, stdout } = oco(
    'calendar',
    '--config',
    path.join(ROOT, 'examples', 'zk-2024-2025.yaml'),
    '--out',
    out,
  );
  expect(code).toBe(0);
  expect(stdout).toContain('12 milestones of zk-2024-2025');
  const ics = readFileSync(out, 'utf8');
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(12);
  expect(ics).toContain('UID:zk-2024-2025.kortGedingDeadline@oco-contracting');
  expect(ics).toContain('DTEND:20231029T230000Z');
  expect(ics).toContain('DTSTART:20230601T070000Z'); // publication is an event: it starts at 09:00 local
});
