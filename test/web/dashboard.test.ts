/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the real API, a real Worker and
 * the time-skipping Temporal server, with e-mail to a real SMTP server:
 *
 * - an officer starts a cycle (a broken configuration first: every problem by field, nothing started), publishes an
 *   NvI with two questions bundled under one answer, routes a triage message with two clicks, records assessments and
 *   confirms the proposal;
 * - legal records the answer to an objection and sees the kort-geding term appear, as the API computed it;
 * - a provider's token opens no officer page, and the API refuses it too.
 *
 * Every page is photographed at 1280x800 into test/output/screenshots.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { createActivities } from '../../activities';
import { createEmailActivities } from '../../activities/email';
import { contractInputs } from '../../client/contract-period';
import { officerActions, providerInputs } from '../../client/inputs';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../domain/attachment-limits';
import { dutchDateTime } from '../../domain/dutch-format';
import { ProviderDirectory } from '../../inbound/directory';
import { InboundLedger } from '../../inbound/ledger';
import { acknowledgmentOf, takeIn } from '../../inbound/take-in';
import { JsonLinesSentMailJournal } from '../../mail/outbox-journal';
import { startApi } from '../helpers/api';
import { launchBrowser, signIn } from '../helpers/browser';
import { example2024 } from '../helpers/configs';
import { completeDocuments, cycleInFuture, provider } from '../helpers/cycle-rig';
import { startMailRig } from '../helpers/mail';
import { skipTo, testOnOwnServer, withWorker } from '../helpers/temporal';

const HOUR = 60 * 60_000;

/** Waits (at most 10 s) until `check` gives something: for what the workers do just after an input or a timer. */
async function until<T>(check: () => Promise<T>): Promise<NonNullable<T>> {
  for (let i = 0; i < 100; i++) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not reached in 10 s: ${check}`);
}

testOnOwnServer(
  'the dashboard: officer, legal and provider in a real browser',
  async (env) => {
    const { config: moved, at } = await cycleInFuture(env, example2024(), 'web-dashboard');
    // Two regions keep the pages short; a and b apply for the first, which has a budget.
    const config = {
      ...moved,
      regions: moved.regions.slice(0, 2).map((r, i) => (i === 0 ? { ...r, budget: 240_000 } : r)),
    };
    const region = config.regions[0]?.name as string;
    let now = await env.currentTimeMs();
    const jump = async (ms: number) => {
      await skipTo(env, ms);
      now = ms;
    };
    const clock = () => new Date(now);

    const mail = await startMailRig();
    const inboundDir = await mkdtemp(path.join(tmpdir(), 'oco-web-'));
    const ledger = new InboundLedger(path.join(inboundDir, 'ledger.jsonl'));
    // Every message sent is journaled, as `npm start` does: the provider's thread reads it.
    const outbox = new JsonLinesSentMailJournal(path.join(inboundDir, 'outbox.jsonl'));
    const directory = new ProviderDirectory(env.client, [config.id], 0);
    const browser = await launchBrowser();
    try {
      await withWorker(
        env,
        async ({ taskQueue }) => {
          // The time-skipping server cannot list workflows: the API is told which cycle ids to look up.
          const api = await startApi(env.client, {
            clock,
            taskQueue,
            inbound: { ledger, directory },
            outbox,
            cycleIds: [config.id],
          });
          try {
            const officerToken = await api.token('officer');
            const officer = await signIn(browser, api.url, officerToken);
            await officer.shoot('01-overview-empty');
            await officer.page.getByText('Er loopt nog geen cyclus').waitFor();

            // Start a cycle: a broken configuration is refused with every problem by field, then the right one starts.
            await officer.open('/nieuwe-cyclus');
            const broken = { ...config, tariff: { ...config.tariff, provisonal: true }, regions: [] };
            await officer.page
              .getByLabel('Configuratie', { exact: true })
              .fill(JSON.stringify(broken, null, 2));
            await officer.page.getByRole('button', { name: 'Cyclus starten' }).click();
            const refused = officer.page.getByRole('alert');
            await refused.getByText('De cyclus is niet gestart').waitFor();
            expect(await refused.locator('li').allInnerTexts()).toEqual(
              expect.arrayContaining([
                expect.stringMatching(/^tariff\.provisonal: unknown field/),
                expect.stringMatching(/^regions: /),
              ]),
            );
            await officer.shoot('02-start-cycle-refused');
            await expect(
              api.request('GET', `/cycles/${config.id}`, { token: officerToken }),
            ).resolves.toMatchObject({ status: 404 });

            await officer.page
              .getByLabel('Configuratie', { exact: true })
              .fill(JSON.stringify(config, null, 2));
            await officer.page.getByRole('button', { name: 'Cyclus starten' }).click();
            await officer.page.getByRole('status').getByText(`Cyclus ${config.id} is gestart.`).waitFor();
            await officer.shoot('03-start-cycle-started');

            const officerApi = officerActions(env.client, config.id, clock);
            await officerApi.registerProviders([provider('a'), provider('b'), provider('c')]);
            const inputs = (id: string) => providerInputs(env.client, config.id, id, clock);

            // Questions before the deadline; the NvI bundles both under one answer.
            await jump(at(config.schedule.publication) + HOUR);
            await inputs('a').askQuestion(
              'Geldt de eis van drie cliëntondersteuners per regio ook voor een samenwerkingsverband?',
            );
            await inputs('b').askQuestion(
              'Mag een samenwerkingsverband de drie cliëntondersteuners samen leveren?',
            );
            await jump(at(config.schedule.questionDeadline) + HOUR);

            await officer.open(`/cycli/${config.id}/nvi`);
            const page = officer.page;
            await page.getByText('Stichting b, vraag 1').waitFor();
            await page.getByLabel('Onder antwoord').nth(1).selectOption({ label: 'Antwoord 1' });
            await page
              .getByLabel('Antwoord 1', { exact: true })
              .fill('Ja: de leden van het samenwerkingsverband samen.');
            await page.getByLabel('Wijzigt de aanbestedingsstukken').check();
            await officer.shoot('04-nvi-editor');
            await page.getByRole('button', { name: 'Nota van Inlichtingen publiceren' }).click();
            await page
              .getByRole('status')
              .getByText(/Gepubliceerd op .*: 1 antwoord op 2 vragen; de aanbestedingsstukken zijn gewijzigd/)
              .waitFor();
            const afterNvi = await api.request('GET', `/cycles/${config.id}`, { token: officerToken });
            expect(afterNvi.body.nvi).toMatchObject({
              questionCount: 2,
              answerCount: 1,
              changesDocuments: true,
            });
            await officer.shoot('05-nvi-published');

            // A message from a's address without a keyword goes to triage; the officer routes it with two clicks.
            const email = createEmailActivities(mail.deps);
            await takeIn(
              Buffer.from(
                [
                  'From: Stichting a <a@aanbieder.example.nl>',
                  'To: oco@zilverenkruis.nl',
                  'Subject: Nog iets',
                  'Message-ID: <triage-1@aanbieder.example.nl>',
                  '',
                  'Wanneer horen wij de uitkomst?',
                  '',
                ].join('\r\n'),
              ),
              new Date(now - 60_000),
              {
                client: env.client,
                store: api.store,
                limits: DEFAULT_ATTACHMENT_LIMITS,
                ledger,
                directory,
                acknowledge: async (ack) => {
                  await email.sendEmail(acknowledgmentOf(ack));
                },
              },
            );
            await officer.open('/triage');
            const item = page.getByRole('article', { name: '#1 Nog iets' });
            await expect(item.getByLabel('Aanbieder').inputValue()).resolves.toBe('a');
            await officer.shoot('06-triage');
            await item.getByLabel('Soort').selectOption('question');
            await item.getByRole('button', { name: 'Routeren' }).click();
            await page.getByRole('status').getByText('Bericht #1 "Nog iets" is gerouteerd.').waitFor();
            expect(ledger.triageItem(1)?.triage).toMatchObject({ state: 'routed', routedBy: 'M. de Vries' });
            const routed = await api.request('GET', `/cycles/${config.id}/providers/a`, {
              token: officerToken,
            });
            expect(
              routed.body.questions.map((q: { text: string; onTime: boolean }) => [q.text, q.onTime]),
            ).toEqual([
              [expect.stringMatching(/^Geldt de eis/), true],
              ['Wanneer horen wij de uitkomst?', false],
            ]);

            // Submissions; after the closing the officer assesses in the browser and confirms the proposal.
            const issuedOn = config.schedule.publication.slice(0, 10);
            await inputs('a').submit({ regions: [region], documents: completeDocuments(issuedOn) });
            await inputs('b').submit({ regions: [region], documents: completeDocuments(issuedOn) });
            await jump(at(config.schedule.assessmentStart) + HOUR);
            await officer.open(`/cycli/${config.id}/beoordeling`);
            await page.getByRole('button', { name: 'Beoordelen Stichting a' }).click();
            const formA = page.getByRole('form', { name: `Beoordeling van Stichting a in ${region}` });
            await formA.getByLabel('een Wlz-overeenkomst voor OCO in de vorige contractperiode').check();
            await formA.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
            await page.getByRole('row', { name: /Stichting a geschikt, rang 1/ }).waitFor();
            await page.getByRole('button', { name: 'Beoordelen Stichting b' }).click();
            const formB = page.getByRole('form', { name: `Beoordeling van Stichting b in ${region}` });
            await formB.getByRole('checkbox').nth(12).uncheck();
            await formB
              .getByLabel('Reden waarom eis 13 niet is gehaald')
              .fill('Geen bereikbaarheid op vrijdag.');
            await officer.shoot('07-assessment-form');
            await formB.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
            await page.getByRole('row', { name: /Stichting b ongeschikt \(eis 13\)/ }).waitFor();
            await page.getByRole('button', { name: 'Voorstel bevestigen' }).click();
            await page.getByText(/Besluit 1 van .*: a \(voorstel bevestigd\)/).waitFor();
            await officer.shoot('08-assessment-decided');
            const decided = await api.request('GET', `/cycles/${config.id}`, { token: officerToken });
            expect(decided.body.decisions).toEqual([
              expect.objectContaining({ region, selected: ['a'], override: false }),
            ]);

            // The announcement; b objects; legal answers in the browser and sees the kort-geding term appear.
            await jump(at(config.schedule.announcement) + HOUR);
            await until(
              async () =>
                (await api.request('GET', `/cycles/${config.id}/providers/b`, { token: officerToken })).body
                  .announcements?.[0]?.sentAt,
            );
            await inputs('b').object({ text: 'Wij zijn wel bereikbaar op vrijdag.', regions: [region] });
            const legal = await signIn(browser, api.url, await api.token('legal'));
            await legal.open(`/cycli/${config.id}/juridisch`);
            const row = legal.page.getByRole('row', { name: /Stichting b, bezwaar 1/ });
            await expect(row.getByTestId('kort-geding-deadline').textContent()).resolves.toBe('—');
            await legal.shoot('09-legal-register-open');
            await row.getByRole('button', { name: /Antwoorden/ }).click();
            const answer = legal.page.getByRole('form', { name: 'Antwoord op bezwaar 1 van Stichting b' });
            await answer.getByLabel('Uitkomst').selectOption({ label: 'ongegrond' });
            await answer
              .getByLabel('Antwoord aan de aanbieder')
              .fill('Uit uw inschrijving blijkt geen bereikbaarheid op vrijdag.');
            await answer.getByRole('button', { name: 'Antwoord vastleggen en versturen' }).click();
            const register = await until(async () => {
              const r = await api.request('GET', `/cycles/${config.id}/legal-register`, {
                token: officerToken,
              });
              return r.body.rows[0]?.kortGedingDeadline ? r.body.rows[0] : null;
            });
            const expected = dutchDateTime(
              DateTime.fromISO(register.kortGedingDeadline),
              config.timezone,
              'deadline',
            );
            await row.getByTestId('kort-geding-deadline').getByText(expected).waitFor();
            expect(register).toMatchObject({ outcome: 'rejected', providerId: 'b' });
            // The answer went out on 15 September: the kort-geding term runs through the 29th, 14 calendar days on.
            await row.getByText('14 dagen').waitFor();
            await legal.shoot('10-legal-register-answered');
            // Legal sees the register, not the officer's pages.
            await legal.open(`/cycli/${config.id}/beoordeling`);
            await legal.page.getByRole('alert').getByText('Geen toegang').waitFor();

            // The rest of the officer's pages, for the screenshots and to see that each reads what it shows.
            await officer.open('/');
            await page.getByRole('link', { name: /Inkoop onafhankelijke cliëntondersteuning/ }).waitFor();
            // Counted on the server's clock (15 September, 10:00 and the seconds since) to the end of the objection term
            // (30 September, 00:00).
            await page.getByText(/^nog 14 dagen en 1[34] uur$/).waitFor();
            await officer.shoot('11-overview');
            await officer.open(`/cycli/${config.id}`);
            await page.getByText('publicatie van de inkoopprocedure').waitFor();
            await officer.shoot('12-timeline');
            await officer.open(`/cycli/${config.id}/aanbieders`);
            await page.getByRole('row', { name: /Stichting a/ }).waitFor();
            await officer.shoot('13-providers');
            await officer.open(`/cycli/${config.id}/aanbieders/a`);
            await page.getByRole('heading', { name: 'Berichten' }).waitFor();
            // The thread: the publication, the question's receipt, ... sent, and the message routed from triage received.
            await page.locator('ol.thread li.out').first().waitFor();
            await page.locator('ol.thread li.in', { hasText: 'Nog iets' }).waitFor();
            await officer.shoot('14-provider-a');
            await officer.open(`/cycli/${config.id}/budgetten`);
            await page.getByText('De contractperiode is nog niet begonnen').waitFor();

            // A provider's token opens no officer page, and the API refuses it as well.
            const providerToken = await api.token('provider', 'a');
            const asProvider = await signIn(browser, api.url, providerToken);
            await asProvider.page.getByRole('alert').getByText('Geen toegang').waitFor();
            for (const officerPage of [
              '/triage',
              `/cycli/${config.id}/nvi`,
              `/cycli/${config.id}/beoordeling`,
            ]) {
              await asProvider.open(officerPage);
              await asProvider.page.getByRole('alert').getByText('Geen toegang').waitFor();
              await expect(asProvider.page.getByRole('table').count()).resolves.toBe(0);
            }
            await asProvider.shoot('16-provider-no-access');
            for (const route of [
              '/cycles',
              '/triage',
              `/cycles/${config.id}/proposals`,
              `/cycles/${config.id}/legal-register`,
            ])
              expect([route, (await api.request('GET', route, { token: providerToken })).status]).toEqual([
                route,
                403,
              ]);

            // The contract period: a signs, reports a prognosis and four months of production; the budgets page shows them per
            // month against the ceiling.
            await jump(at(config.schedule.contractDispatch) + HOUR);
            await until(
              async () =>
                (await api.request('GET', `/cycles/${config.id}/providers/a`, { token: officerToken })).body
                  .contract?.sentAt,
            );
            await inputs('a').signContract({ signer: 'J. Jansen' });
            const year = Number(config.contract.start.slice(0, 4));
            await jump(at(`${config.contract.start}T10:00`));
            const contract = contractInputs(env.client, config.id, 'a', clock);
            await until(() =>
              contract.view().then(
                (v) => v.status === 'running',
                () => false,
              ),
            );
            await contract.submitPrognosis({ year, region, months: Array(12).fill(20_000) });
            await jump(at(`${year}-05-02T10:00`));
            for (const [month, hours] of [
              ['01', 200],
              ['02', 260],
              ['03', 270],
              ['04', 250],
            ] as const)
              await contract.reportProduction({ month: `${year}-${month}`, region, hours });
            await officer.open(`/cycli/${config.id}/budgetten`);
            await page.getByRole('heading', { name: `${region}, ${year}` }).waitFor();
            await page
              .getByRole('img', { name: new RegExp(`^Stichting a, ${region} ${year}: besteed`) })
              .waitFor();
            await officer.shoot('15-budgets');

            expect([...officer.errors, ...legal.errors, ...asProvider.errors]).toEqual([]);
          } finally {
            await api.close();
          }
        },
        createActivities({ email: { ...mail.deps, outbox }, temporal: { client: env.client } }),
      );
    } finally {
      await browser.close();
      await mail.stop();
      await rm(inboundDir, { recursive: true, force: true });
    }
  },
  300_000,
);
