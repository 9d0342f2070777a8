/**
 * Every template sent through nodemailer to a real SMTP server in this process, parsed back with mailparser:
 * headers, Dutch text, escaping, the .ics and receipt attachments.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOG, TEMPLATE_KINDS, type TemplateKind } from '../../mail/catalog';
import { exampleData } from '../../mail/examples';
import { verifyReceipt } from '../../mail/receipt';
import { compileMjml, compileTemplate, TemplateDataError } from '../../mail/render';
import { CALENDAR, type MailRig, OFFICER, startMailRig, TEST_KEY, testTemplates } from '../helpers/mail';

let rig: MailRig;
beforeAll(async () => {
  rig = await startMailRig();
});
afterAll(() => rig.stop());

const DUTCH_LONG_DATE =
  /(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}, \d{2}:\d{2}(:\d{2})? uur/;

test.each(TEMPLATE_KINDS)(
  '%s arrives complete, in Dutch, escaped, with its attachments',
  async (kind: TemplateKind) => {
    const before = rig.server.received.length;
    const to = CATALOG[kind].audience === 'provider' ? 'aanbieder@noord.example' : OFFICER;
    const result = await rig.activities.sendEmail({
      event: { cycleId: 'zk-2024-2025', providerId: 'stichting-noord', kind, sequence: 1 },
      to: [to],
      data: exampleData(kind, TEST_KEY),
      inReplyTo: ['<vraag-123@noord.example>'],
      reportTo: OFFICER,
      calendar: CALENDAR,
    });
    expect(result.accepted).toEqual([to]);
    expect(rig.server.received.length).toBe(before + 1);
    const mail = (await rig.parsed())[before];
    if (!mail) throw new Error('no mail parsed');

    // Headers: a Message-ID derived from the event, the thread it answers, sender and recipient.
    expect(mail.messageId).toMatch(
      new RegExp(`^<${kind}\\.1\\.[0-9a-f]{24}\\.r_[A-Za-z0-9_-]+@zilverenkruis\\.nl>$`),
    );
    expect(result.messageId).toBe(mail.messageId);
    expect(mail.inReplyTo).toBe('<vraag-123@noord.example>');
    expect(mail.from?.text).toContain('oco@zilverenkruis.nl');
    expect(mail.headers.get('x-oco-kind')).toBe(kind);
    expect(mail.subject).toContain('Inkoop onafhankelijke cliëntondersteuning Wlz 2024-2025');

    // Both parts name the Wlz-uitvoerder and the cycle, and write dates in Dutch long form with "uur".
    const text = mail.text ?? '';
    const html = typeof mail.html === 'string' ? mail.html : '';
    for (const part of [text, html]) {
      expect(part).toContain('Zilveren Kruis');
      expect(part).toContain('Inkoop onafhankelijke cliëntondersteuning Wlz 2024-2025');
      expect(part).toMatch(DUTCH_LONG_DATE);
    }
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(html).not.toMatch(/\{\{|\}\}/);

    // Text from outside is escaped in HTML: no markup from a provider survives as markup.
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<Noord>');
    if (kind === 'questionReceipt' || kind === 'questionLate') {
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(text).toContain('<script>alert(1)</script>');
    }

    // Deadlines travel as an .ics; receipts as signed JSON whose code verifies.
    const ics = mail.attachments.find((a) => a.filename === 'termijnen.ics');
    const spec = CATALOG[kind] as { deadlines?: unknown };
    expect(Boolean(ics)).toBe(Boolean(spec.deadlines));
    if (ics) {
      const body = ics.content.toString('utf8');
      expect(body).toContain('BEGIN:VCALENDAR');
      expect(body).toMatch(/UID:zk-2024-2025\.[A-Za-z0-9-]+@oco-contracting/);
      expect(body).toMatch(/DTEND:\d{8}T\d{6}Z/);
    }
    const receiptFile = mail.attachments.find((a) => a.filename === 'ontvangstbevestiging.json');
    const data = exampleData(kind, TEST_KEY) as { receipt?: { code: string } };
    expect(Boolean(receiptFile)).toBe(Boolean(data.receipt));
    if (receiptFile && data.receipt) {
      const signed = JSON.parse(receiptFile.content.toString('utf8'));
      expect(verifyReceipt(TEST_KEY, signed.facts, signed.code)).toEqual({ genuine: true });
      expect(text).toContain(data.receipt.code);
      expect(mail.subject).toContain(data.receipt.code);
    }
  },
);

test('a receipt states the exact time to the second, local and UTC, the deadline, the files and what is missing', async () => {
  const store = await testTemplates();
  const { text } = store.render('submissionReceipt', exampleData('submissionReceipt', TEST_KEY) as never);
  expect(text).toContain('Ontvangen op dinsdag 1 augustus 2023, 16:59:59 uur (2023-08-01 14:59:59 UTC).');
  expect(text).toContain(
    'Termijn: sluiting van de inschrijving, dinsdag 1 augustus 2023, 17:00 uur. Uw bericht is op tijd ontvangen.',
  );
  expect(text).toContain(`- Bestuursverklaring <getekend>.pdf (470,8 KB), SHA-256 ${'a'.repeat(64)}`);
  expect(text).toContain('- VOG RP ontbreekt');
  const late = store.render('submissionRefused', exampleData('submissionRefused', TEST_KEY) as never);
  expect(late.text).toContain('Uw bericht is na het verstrijken van deze termijn ontvangen.');
  expect(late.text).toContain('(2023-08-01 15:00:00 UTC)');
});

test('the objection answer gives the kort-geding term end as the policy words it', async () => {
  const { text, deadlines } = (await testTemplates()).render(
    'objectionAnswer',
    exampleData('objectionAnswer', TEST_KEY) as never,
  );
  expect(text).toContain('Uw bezwaar is gedeeltelijk gegrond.');
  expect(text).toContain(
    'Deze termijn eindigt op zondag 29 oktober 2023, 24:00 uur en is een vervaltermijn.',
  );
  expect(deadlines).toEqual([
    { key: 'kortGedingDeadline', label: 'Einde termijn kort geding', at: '2023-10-29T23:00:00.000Z' },
  ]);
});

test('wrong data is an error naming the field, and nothing is sent', async () => {
  const store = await testTemplates();
  const data = {
    ...(exampleData('publication', TEST_KEY) as Record<string, unknown>),
    submissionDeadline: 'morgen',
    extra: 1,
  };
  expect(() => store.render('publication', data as never)).toThrow(TemplateDataError);
  try {
    store.render('publication', data as never);
  } catch (error) {
    expect((error as TemplateDataError).problems.map((p) => p.path).sort()).toEqual([
      'extra',
      'submissionDeadline',
    ]);
  }
  const { recipient, ...withoutRecipient } = exampleData('withdrawalReceipt', TEST_KEY) as Record<
    string,
    unknown
  >;
  void recipient;
  const before = rig.server.received.length;
  await expect(
    rig.activities.sendEmail({
      event: { cycleId: 'zk-2024-2025', providerId: 'p', kind: 'withdrawalReceipt', sequence: 1 },
      to: ['aanbieder@noord.example'],
      data: withoutRecipient as never,
      reportTo: OFFICER,
      calendar: CALENDAR,
    }),
  ).rejects.toMatchObject({
    type: 'InvalidMessage',
    nonRetryable: true,
    message: expect.stringContaining('recipient: is required'),
  });
  expect(rig.server.received.length).toBe(before);
});

test('a link in a message must be http or https: a javascript: or data: URL is refused by name', async () => {
  const store = await testTemplates();
  for (const documentsUrl of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
    const data = { ...(exampleData('publication', TEST_KEY) as Record<string, unknown>), documentsUrl };
    expect(() => store.render('publication', data as never)).toThrow(TemplateDataError);
    try {
      store.render('publication', data as never);
    } catch (error) {
      expect((error as TemplateDataError).problems).toEqual([
        expect.objectContaining({ path: 'documentsUrl', message: expect.stringContaining('http or https') }),
      ]);
    }
  }
  const fine = {
    ...(exampleData('publication', TEST_KEY) as Record<string, unknown>),
    documentsUrl: 'https://x.nl/d',
  };
  expect(store.render('publication', fine as never).html).toContain('https://x.nl/d');
});

test('mjml validation errors are errors, and a template naming a field the data lacks fails instead of leaving a blank', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oco-templates-'));
  writeFileSync(
    path.join(dir, 'publication.mjml'),
    '<mjml><mj-body><mj-section><mj-colum><mj-text>x</mj-text></mj-colum></mj-section></mj-body></mjml>',
  );
  await expect(compileMjml('publication', dir)).rejects.toThrow(
    /template publication: mjml refused [\s\S]*mj-colum/,
  );
  writeFileSync(
    path.join(dir, 'withdrawalReceipt.mjml'),
    '<mjml><mj-body><mj-section><mj-column><mj-text>Beste {{recipient.naam}}</mj-text></mj-column></mj-section></mj-body></mjml>',
  );
  const compiled = await compileTemplate('withdrawalReceipt', dir);
  expect(() => compiled.html(exampleData('withdrawalReceipt', TEST_KEY))).toThrow(/"naam" not defined/);
  expect(() => compiled.text(exampleData('withdrawalReceipt', TEST_KEY))).toThrow(/"naam" not defined/);
});

test('the same business event always gives the same Message-ID, another event another', async () => {
  const send = (sequence: number) =>
    rig.activities.sendEmail({
      event: { cycleId: 'zk-2024-2025', providerId: 'stichting-noord', kind: 'deadlineReminder', sequence },
      to: ['aanbieder@noord.example'],
      data: exampleData('deadlineReminder', TEST_KEY),
      reportTo: OFFICER,
      calendar: CALENDAR,
    });
  const [a, b, c] = [await send(3), await send(3), await send(4)];
  expect(a.messageId).toBe(b.messageId);
  expect(c.messageId).not.toBe(a.messageId);
});
