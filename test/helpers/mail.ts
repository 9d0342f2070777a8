/** A real SMTP server in the test process, a nodemailer transport to it, and the e-mail activities wired to both. */
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { createEmailActivities, type EmailDependencies, type SendEmailInput } from '../../activities/email';
import type { CalendarContext } from '../../mail/calendar';
import { exampleData } from '../../mail/examples';
import { MailboxServer, type MailboxServerOptions } from '../../mail/mailbox-server';
import { TemplateStore } from '../../mail/render';

export const TEST_KEY = Buffer.alloc(32, 42);
export const FROM = 'Zorginkoop OCO Zilveren Kruis <oco@zilverenkruis.nl>';
export const OFFICER = 'inkoper@zilverenkruis.nl';

export const CALENDAR: CalendarContext = {
  cycleId: 'zk-2024-2025',
  cycleTitle: 'Inkoop onafhankelijke cliëntondersteuning Wlz 2024-2025',
  timezone: 'Europe/Amsterdam',
  organizer: { name: 'Zilveren Kruis', email: 'zorginkoopwlz.OCO@zilverenkruis.nl' },
};

/** Stichting Noord's first submission receipt in the 2024-2025 cycle, to the officer's address for refusals. */
export function exampleReceipt(): SendEmailInput {
  return {
    event: { cycleId: 'zk-2024-2025', providerId: 'stichting-noord', kind: 'submissionReceipt', sequence: 1 },
    to: ['aanbieder@noord.example'],
    data: exampleData('submissionReceipt', TEST_KEY),
    reportTo: OFFICER,
    calendar: CALENDAR,
  };
}

let templates: Promise<TemplateStore> | undefined;
export function testTemplates(): Promise<TemplateStore> {
  templates ??= TemplateStore.load();
  return templates;
}

export interface MailRig {
  server: MailboxServer;
  /** What the e-mail activities are built from, for a worker that runs every activity. */
  deps: EmailDependencies;
  activities: ReturnType<typeof createEmailActivities>;
  parsed(): Promise<ParsedMail[]>;
  stop(): Promise<void>;
}

export async function startMailRig(options: MailboxServerOptions = {}): Promise<MailRig> {
  const server = await MailboxServer.start(options);
  const transport = nodemailer.createTransport(server.url);
  const deps: EmailDependencies = {
    transport,
    templates: await testTemplates(),
    from: FROM,
    receiptKey: TEST_KEY,
    clock: () => new Date('2023-08-01T15:00:05.000Z'),
  };
  const activities = createEmailActivities(deps);
  return {
    server,
    deps,
    activities,
    parsed: () => Promise.all(server.received.map((m) => simpleParser(m.raw))),
    async stop() {
      transport.close();
      await server.stop();
    },
  };
}

/** The messages matching `filter` once there are at least `count` of them (a test fails after ten seconds). */
export async function mailsUntil(
  mail: MailRig,
  filter: (m: ParsedMail) => boolean,
  count: number,
): Promise<ParsedMail[]> {
  for (let i = 0; ; i++) {
    const found = (await mail.parsed()).filter(filter);
    if (found.length >= count) return found;
    if (i > 400) throw new Error(`expected ${count} messages, found ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
