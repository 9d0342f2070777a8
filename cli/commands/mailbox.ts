/**
 * `oco mailbox` lists the messages the embedded SMTP server kept (time, to, subject; `--json` with sender, Message-ID
 * and kind); `oco mailbox show N` prints one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { mailboxDir } from '../../mail/mailbox-server';
import { InputError } from '../config-file';

function emlFiles(dataDir: string): string[] {
  const dir = mailboxDir(dataDir);
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a message number from `oco mailbox`');
  return n;
}

export function mailboxCommand(): Command {
  const dataOption = [
    '-d, --data <dir>',
    'data folder of `npm start`',
    process.env.OCO_DATA_DIR ?? 'data',
  ] as const;
  const mailbox = new Command('mailbox')
    .description('the messages kept by the embedded SMTP server of `npm start`')
    .option(...dataOption)
    .option('--json', 'the messages as JSON, instants in ISO-8601 UTC')
    .action(async (options: { data: string; json?: boolean }) => {
      const files = emlFiles(options.data);
      const messages = [];
      for (const [i, file] of files.entries()) {
        const mail = await simpleParser(readFileSync(file));
        messages.push({
          number: i + 1,
          date: mail.date?.toISOString() ?? null,
          from: mail.from?.text ?? '',
          to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '',
          subject: mail.subject ?? '',
          messageId: mail.messageId ?? null,
          kind: String(mail.headers.get('x-oco-kind') ?? '') || null,
          file,
        });
      }
      if (options.json) return console.log(JSON.stringify({ messages }, null, 2));
      if (messages.length === 0) return console.log(`no messages in ${mailboxDir(options.data)}`);
      for (const m of messages) {
        const when = m.date
          ? DateTime.fromISO(m.date, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm:ss')
          : '?';
        console.log(`${String(m.number).padStart(4)}  ${when}  ${m.to.padEnd(32)}  ${m.subject}`);
      }
    });
  mailbox
    .command('show')
    .description('print one message: its headers and its text')
    .argument('<n>', 'message number from `oco mailbox`', positive)
    .action(async (n: number, _options: unknown, command: Command) => {
      // --data belongs to `oco mailbox` and may stand before or after `show`.
      const { data } = command.optsWithGlobals<{ data: string }>();
      const files = emlFiles(data);
      const file = files[n - 1];
      if (!file) {
        const problem = { path: '', message: `there is no message ${n}; the mailbox holds ${files.length}` };
        throw new InputError('oco mailbox show', [problem], 'call');
      }
      const mail = await simpleParser(readFileSync(file));
      const to = mail.to && !Array.isArray(mail.to) ? mail.to.text : '';
      console.log(`File:       ${file}`);
      console.log(`Message-ID: ${mail.messageId ?? ''}`);
      console.log(`Date:       ${mail.date?.toISOString() ?? ''}`);
      console.log(`From:       ${mail.from?.text ?? ''}`);
      console.log(`To:         ${to}`);
      console.log(`Subject:    ${mail.subject ?? ''}`);
      for (const a of mail.attachments)
        console.log(`Attachment: ${a.filename} (${a.contentType}, ${a.size} bytes)`);
      console.log(`\n${mail.text ?? ''}`);
    });
  return mailbox;
}
