/**
 * The contract-period workflow on the time-skipping server: production and prognoses with receipts, every refusal,
 * a structural overrun seen at a quarter end climbing the ladder to referral, an incidental peak that does not
 * trigger, obligation reminders and officer notices, and the year boundary's continue-as-new carrying everything.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ParsedMail } from 'mailparser';
import { createActivities } from '../../activities';
import { budgetReport } from '../../cli/commands/budget';
import { contractActions, contractInputs } from '../../client/contract-period';
import type { CycleConfig } from '../../domain/config';
import { contractPeriodWorkflow } from '../../workflows/contract-period';
import { contractWorkflowId } from '../../workflows/ids';
import { example2027 } from '../helpers/configs';
import { handoverOf } from '../helpers/contracts';
import { cycleInFuture, kindOf, provider, refusal, toOf } from '../helpers/cycle-rig';
import { type MailRig, startMailRig, mailsUntil as waitForMails } from '../helpers/mail';
import { recordHistory, skipTo, testOnOwnServer, withWorker } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let mail: MailRig;

beforeAll(async () => {
  mail = await startMailRig();
});

afterAll(async () => {
  await mail?.stop();
});

const handover = (config: CycleConfig, regions: Parameters<typeof handoverOf>[2]) =>
  handoverOf(config, provider('a'), regions, true);
const mailsUntil = (filter: (m: ParsedMail) => boolean, count: number) => waitForMails(mail, filter, count);

testOnOwnServer(
  'a structural overrun climbs the ladder to referral; an incidental peak does not; the year carries over',
  async (own) => {
    // Years on a server of its own: the shared server's clock must stay before 2100 for the other tests.
    env = own;
    const { config, at, y } = await cycleInFuture(env, example2027(), 'budget-ladder');
    const activities = createActivities({ email: mail.deps, temporal: { client: env.client } });
    await skipTo(env, at(`${y(2027)}-01-01T00:00`) - 60_000);
    await withWorker(
      env,
      async ({ start }) => {
        // € 120,000 a year in Nijmegen (€ 10,000 a month, 100 hours at € 100), € 60,000 in Waardenland.
        const workflowId = contractWorkflowId(config.id, 'a');
        const first = await start(contractPeriodWorkflow, {
          workflowId,
          args: [
            handover(config, [
              { name: 'Nijmegen', ceiling: 120_000 },
              { name: 'Waardenland', ceiling: 60_000 },
            ]),
          ],
        });
        const firstRunId = (await first.describe()).runId;
        const stampAt = (local: string) => new Date(at(local));
        const inputs = (local: string) => contractInputs(env.client, config.id, 'a', () => stampAt(local));
        const officer = (local: string) =>
          contractActions(env.client, config.id, 'a', 'M. de Vries', () => stampAt(local));
        const Y = y(2027);
        const month = (m: number) => `${Y}-${String(m).padStart(2, '0')}`;

        // Refusals name the field and the rule; nothing is recorded.
        await skipTo(env, at(`${Y}-02-01T00:00`));
        const before = inputs(`${Y}-01-31T23:59:59.999`);
        expect(
          (await refusal(before.reportProduction({ month: month(1), region: 'Nijmegen', hours: 100 })))
            .message,
        ).toBe(
          `month: ${month(1)} has not ended yet; its production can be reported from ${new Date(at(`${Y}-02-01T00:00`)).toISOString()}`,
        );
        await skipTo(env, at(`${Y}-02-01T10:00`));
        const feb1 = inputs(`${Y}-02-01T10:00`);
        const invalid = await refusal(
          feb1.reportProduction({ month: month(1), region: 'Nijmegen', hours: -3 }),
        );
        expect([invalid.reason, invalid.message]).toEqual([
          'invalid',
          'hours: must not be negative (hours delivered in the month), got -3',
        ]);
        expect(
          (await refusal(feb1.reportProduction({ month: month(1), region: 'Utrecht', hours: 1 }))).message,
        ).toBe('region: "Utrecht" is not contracted with this provider (contracted: Nijmegen, Waardenland)');
        expect(
          (
            await refusal(
              feb1.reportProduction({
                month: month(1),
                region: 'Nijmegen',
                hours: 5,
                clientRegion: 'Waardenland',
              }),
            )
          ).message,
        ).toBe(
          'clientRegion: hours for clients of Waardenland may not be booked on Nijmegen; report them on Waardenland',
        );
        expect(
          (await refusal(feb1.reportProduction({ month: `${y(2026)}-12`, region: 'Nijmegen', hours: 5 })))
            .message,
        ).toBe(`month: ${y(2026)}-12 is outside the contract (${month(1)} to ${y(2028)}-12)`);
        // A threat in a region not contracted, a ceiling for one: refused; none of the refused inputs was recorded.
        expect((await refusal(feb1.reportOverrun({ region: 'Utrecht' }))).message).toBe(
          'region: "Utrecht" is not contracted with this provider (contracted: Nijmegen, Waardenland)',
        );
        const early = officer(`${Y}-02-01T10:00`);
        expect((await refusal(early.setCeiling({ region: 'Utrecht', year: Y, amount: 1 }))).message).toMatch(
          /^region: "Utrecht" is not contracted/,
        );
        const negative = await refusal(early.setCeiling({ region: 'Nijmegen', year: Y, amount: -1 }));
        expect([negative.reason, negative.message]).toEqual([
          'invalid',
          'amount: must not be negative (an amount in euros), got -1',
        ]);
        expect((await refusal(early.closeCase({ region: 'Nijmegen', year: Y, reason: 'x' }))).message).toBe(
          `region: there is no open overrun case for Nijmegen ${Y}`,
        );
        const untouched = await feb1.view();
        expect([untouched.ledger?.production, untouched.cases]).toEqual([[], []]);
        expect(untouched.budget?.map((b) => b.ceiling)).toEqual([120_000, 60_000]);

        // January: 110 hours, corrected to 120 (the old figure kept); Waardenland an incidental peak in February.
        const jan = await feb1.reportProduction({ month: month(1), region: 'Nijmegen', hours: 110 });
        expect(jan.receipt.facts).toMatchObject({ kind: 'production', onTime: true, sequence: 1 });
        await feb1.reportProduction({ month: month(1), region: 'Waardenland', hours: 50 });
        await skipTo(env, at(`${Y}-02-03T09:00`));
        const corrected = await inputs(`${Y}-02-03T09:00`).reportProduction({
          month: month(1),
          region: 'Nijmegen',
          hours: 120,
          note: 'correctie',
        });
        expect(corrected.entry.replaced.map((f) => f.hours)).toEqual([110]);
        for (const [m, nijmegen, waardenland] of [
          [2, 130, 150],
          [3, 125, 50],
        ] as const) {
          await skipTo(env, at(`${Y}-${String(m + 1).padStart(2, '0')}-02T09:00`));
          const reporter = inputs(`${Y}-${String(m + 1).padStart(2, '0')}-02T09:00`);
          // Both regions at once, as a provider's system sends them: the two Updates run one after the other.
          const [, result] = await Promise.all([
            reporter.reportProduction({ month: month(m), region: 'Waardenland', hours: waardenland }),
            reporter.reportProduction({ month: month(m), region: 'Nijmegen', hours: nijmegen }),
          ]);
          if (m === 3) {
            // The quarter's end: realisation above the even spread in three months, projection € 150,000 > € 120,000.
            expect(result.case).toMatchObject({
              number: 1,
              step: 'maatwerk',
              trigger: 'system',
              region: 'Nijmegen',
            });
            expect(result.projection).toMatchObject({ projectedCents: 150_000_00, ceilingCents: 120_000_00 });
          } else expect(result.case).toBeNull();
        }
        let view = await inputs(`${Y}-04-02T09:00`).view();
        expect(view.budget?.map((b) => [b.region, b.step])).toEqual([
          ['Nijmegen', 'maatwerk'],
          ['Waardenland', 'none'],
        ]);
        const opened = await mailsUntil((m) => kindOf(m) === 'overrunStep', 2);
        expect(opened.map(toOf).sort()).toEqual(
          [config.wlzUitvoerder.email, 'a@aanbieder.example.nl'].sort(),
        );
        expect(opened[0]?.text).toMatch(
          /verwachting voor het hele jaar bij het huidige tempo: €\s150\.000,00/i,
        );
        // Every production receipt compares the month with the expected spread; at the quarter's end with the verdict.
        const [march] = await mailsUntil(
          (m) => kindOf(m) === 'budgetReceipt' && /productie maart \d+, regio Nijmegen/.test(m.subject ?? ''),
          1,
        );
        const marchText = (march?.text ?? '').replace(/\s+/g, ' ');
        expect(marchText).toMatch(
          /maart \d+: gerealiseerd € 12\.500,00, volgens een gelijkmatige spreiding van het plafond € 10\.000,00; dat is € 2\.500,00 meer\./,
        );
        expect(marchText).toContain(
          `Beoordeling aan het einde van het kwartaal: Kwartaal 1 van ${Y}: realisatie boven de prognose in 3 van de 3 maanden`,
        );
        expect(marchText).toMatch(/Verwachting voor het hele jaar bij het huidige tempo: € 150\.000,00/);
        const [february] = await mailsUntil(
          (m) =>
            kindOf(m) === 'budgetReceipt' &&
            /productie februari \d+, regio Waardenland/.test(m.subject ?? ''),
          1,
        );
        const februaryText = (february?.text ?? '').replace(/\s+/g, ' ');
        expect(februaryText).toMatch(
          /februari \d+: gerealiseerd € 15\.000,00, volgens .* € 5\.000,00; dat is € 10\.000,00 meer\./,
        );
        expect(februaryText).not.toContain('Beoordeling aan het einde van het kwartaal');

        // Maatwerk: none possible -> overheveling; no room -> VWS; no funds -> referral until the year ends.
        await skipTo(env, at(`${Y}-04-10T10:00`));
        const o = officer(`${Y}-04-10T10:00`);
        expect((await refusal(o.moveOn({ region: 'Waardenland', year: Y, reason: 'x' }))).message).toBe(
          `region: there is no open overrun case for Waardenland ${Y}`,
        );
        expect(
          (await refusal(o.recordMaatwerk({ region: 'Waardenland', year: Y, agreements: null }))).message,
        ).toBe('agreements: there is no open overrun case for this region and year');
        // The system already opened the case: the provider's own report of the same threat is refused, not doubled.
        expect(
          (await refusal(inputs(`${Y}-04-10T10:00`).reportOverrun({ region: 'Nijmegen', year: Y }))).message,
        ).toBe(`region: case 1 for Nijmegen ${Y} is already open, at maatwerk (maatwerkoplossingen)`);
        const maatwerk = await o.recordMaatwerk({ region: 'Nijmegen', year: Y, agreements: null });
        expect(maatwerk.step).toBe('overheveling');
        await skipTo(env, at(`${Y}-04-20T10:00`));
        await officer(`${Y}-04-20T10:00`).moveOn({
          region: 'Nijmegen',
          year: Y,
          reason: 'Geen ruimte bij andere aanbieders.',
        });
        await skipTo(env, at(`${Y}-05-20T10:00`));
        const referral = await officer(`${Y}-05-20T10:00`).moveOn({
          region: 'Nijmegen',
          year: Y,
          reason: 'VWS kent geen extra middelen toe.',
        });
        expect(referral.step).toBe('referral');
        expect(referral.referralEndsAt).toBe(new Date(at(`${y(2028)}-01-01T00:00`)).toISOString());
        expect(referral.transitions.map((t) => [t.from, t.to, t.by])).toEqual([
          ['none', 'maatwerk', 'system'],
          ['maatwerk', 'overheveling', 'M. de Vries'],
          ['overheveling', 'vws', 'M. de Vries'],
          ['vws', 'referral', 'M. de Vries'],
        ]);
        const referralMails = await mailsUntil(
          (m) => kindOf(m) === 'overrunStep' && /Verwijzing van nieuwe cliënten./.test(m.text ?? ''),
          2,
        );
        expect(referralMails[0]?.text).toContain('mag niet bij de cliënt in rekening worden gebracht');
        // `oco budget`: per region ceiling, spent, projected and step, and every transition with its time.
        const report = JSON.parse(await budgetReport(env.client, config.id, 'a', true));
        expect(report.budget.Nijmegen).toMatchObject({
          ceiling: 120_000,
          spent: 37_500,
          projected: 150_000,
          step: 'referral',
        });
        expect(report.budget.Waardenland).toMatchObject({ step: 'none' });
        expect(report.transitions.map((t: { to: string }) => t.to)).toEqual([
          'maatwerk',
          'overheveling',
          'vws',
          'referral',
        ]);
        await expect(budgetReport(env.client, config.id, 'onbekend', true)).rejects.toThrow(
          `--provider: onbekend has no contract in cycle ${config.id}`,
        );
        const text = await budgetReport(env.client, config.id, 'a', false);
        expect(text).toContain(
          `case 1, Nijmegen ${Y}: at referral (verwijzing van nieuwe cliënten naar het zorgkantoor)`,
        );
        expect(text).toMatch(/Fri \d{4}-04-02 09:00 {2}none -> maatwerk {2}by system: Kwartaal 1/);

        // April production missing: a reminder on 10 May (summer time), the officer on 20 May.
        await skipTo(env, at(`${Y}-05-21T00:01`));
        const reminders = await mailsUntil(
          (m) => kindOf(m) === 'obligationReminder' && /april/.test(m.subject ?? ''),
          1,
        );
        expect(reminders[0]?.text).toContain('Nijmegen, Waardenland');
        await mailsUntil((m) => kindOf(m) === 'obligationOverdue' && /april/.test(m.subject ?? ''), 1);

        // The year ends: the referral closes, the workflow continues as new with everything carried.
        await skipTo(env, at(`${y(2028)}-01-01T00:00`) + 60_000);
        view = await inputs(`${y(2028)}-01-01T00:02`).view();
        expect(view.generation).toBe(1);
        expect(view.year).toBe(y(2028));
        expect(view.cases?.[0]).toMatchObject({
          step: 'none',
          closedAt: new Date(at(`${y(2028)}-01-01T00:00`)).toISOString(),
        });
        expect(
          view.ledger?.production.find((e) => e.month === month(1) && e.region === 'Nijmegen')?.replaced,
        ).toHaveLength(1);
        const next = await inputs(`${y(2028)}-02-01T10:00`);
        await skipTo(env, at(`${y(2028)}-02-01T10:00`));
        const receipt = await next.reportProduction({
          month: `${y(2028)}-01`,
          region: 'Nijmegen',
          hours: 90,
        });
        // Receipt numbers continue across continue-as-new.
        expect(receipt.receipt.facts.sequence).toBe(8);
        // Replaying the first year (concurrent Updates included) reproduces its commands exactly.
        const history = await env.client.workflow.getHandle(workflowId, firstRunId).fetchHistory();
        await Worker.runReplayHistory(
          { workflowBundle: { codePath: process.env.OCO_TEST_WORKFLOW_BUNDLE as string } },
          history,
          workflowId,
        );
        await recordHistory(env.client, workflowId, 'contract-budget-year1', firstRunId);
        await recordHistory(env.client, workflowId, 'contract-budget-year2');
      },
      activities,
    );
  },
);

testOnOwnServer(
  'obligations: reminders, officer notices, what each record settles, and every refusal',
  async (own) => {
    env = own;
    const { config, at, y } = await cycleInFuture(env, example2027(), 'budget-obligations');
    const activities = createActivities({ email: mail.deps, temporal: { client: env.client } });
    const Y = y(2027);
    await skipTo(env, at(`${Y}-01-01T00:00`) - 60_000);
    const before = (await mail.parsed()).length;
    const mails = async (kind: string, pattern: RegExp, count = 1) =>
      mailsUntil((m) => kindOf(m) === kind && pattern.test(m.subject ?? ''), count);
    await withWorker(
      env,
      async ({ start }) => {
        await start(contractPeriodWorkflow, {
          workflowId: contractWorkflowId(config.id, 'a'),
          args: [handover(config, [{ name: 'Nijmegen', ceiling: 120_000 }])],
        });
        const now = async (local: string) => {
          await skipTo(env, at(local));
          return {
            provider: contractInputs(env.client, config.id, 'a', () => new Date(at(local))),
            officer: contractActions(env.client, config.id, 'a', 'M. de Vries', () => new Date(at(local))),
          };
        };

        // The prognosis is due 1 February; recalled then; once it arrives, no further recall.
        await skipTo(env, at(`${Y}-02-01T00:01`));
        await mails('obligationReminder', /prognose van het budget/);
        const feb3 = await now(`${Y}-02-03T10:00`);
        const prognosis = await feb3.provider.submitPrognosis({ year: Y, months: Array(12).fill(10_000) });
        expect(prognosis.receipt.facts).toMatchObject({ kind: 'prognosis', onTime: false });
        expect(
          (await refusal(feb3.provider.submitPrognosis({ year: y(2029), months: Array(12).fill(1) })))
            .message,
        ).toBe(`year: ${y(2029)} is not a contract year (${Y}, ${y(2028)})`);

        // Obligation records and their refusals.
        const feb10 = await now(`${Y}-02-10T10:00`);
        const refused = async (input: Parameters<typeof feb10.provider.recordObligation>[0]) =>
          (await refusal(feb10.provider.recordObligation(input))).message;
        expect(
          await refused({
            kind: 'subcontractor',
            name: 'Ondersteuning BV',
            from: `${Y}-02-10`,
            shares: [{ region: 'Nijmegen', percent: 20 }],
          }),
        ).toBe(
          `from: a subcontractor is announced before it starts working (art. 19 lid 1): ${Y}-02-10 is not after ${Y}-02-10, the day of this announcement`,
        );
        expect(
          await refused({
            kind: 'subcontractor',
            name: 'Ondersteuning BV',
            from: `${Y}-03-01`,
            shares: [{ region: 'Utrecht', percent: 20 }],
          }),
        ).toBe('shares: "Utrecht" is not contracted with this provider (contracted: Nijmegen)');
        expect(await refused({ kind: 'meeting', on: `${y(2029)}-01-10`, held: true })).toBe(
          `on: ${y(2029)}-01-10 is outside the contract (${Y}-01 to ${y(2028)}-12)`,
        );
        expect(await refused({ kind: 'signalReport', quarter: `${y(2029)}-Q1` })).toBe(
          `quarter: ${y(2029)}-Q1 is outside the contract (${Y}-01 to ${y(2028)}-12)`,
        );
        expect(
          await refused({ kind: 'bcmbRegistered', subject: 'J. Jansen', registeredOn: `${Y}-02-10` }),
        ).toBe(
          'subject: no staff member "J. Jansen" is waiting for registration; record staffJoined first, or use "provider"',
        );
        const invalid = await refusal(
          feb10.provider.recordObligation({ kind: 'meeting', on: `${Y}-02-30`, held: true }),
        );
        expect(invalid.reason).toBe('invalid');
        const sub = await feb10.provider.recordObligation({
          kind: 'subcontractor',
          name: 'Ondersteuning BV',
          from: `${Y}-03-01`,
          shares: [{ region: 'Nijmegen', percent: 20 }],
        });
        expect(sub.receipt.facts.kind).toBe('obligation');
        await feb10.provider.recordObligation({
          kind: 'staffJoined',
          name: 'J. Jansen',
          joinedOn: `${Y}-02-10`,
        });
        await feb10.provider.recordObligation({ kind: 'signalReport', quarter: `${Y}-Q1` });

        // The new provider's own BCMB term: four months from contract start, reminded 14 days before, then the officer.
        await skipTo(env, at(`${Y}-05-01T00:01`));
        const [bcmbReminder] = await mails(
          'obligationReminder',
          /inschrijving BCMB\/Register van uw organisatie/,
        );
        expect(bcmbReminder?.date?.toISOString()).toBeDefined();
        await mails('obligationOverdue', /inschrijving BCMB\/Register van uw organisatie/);
        // The signal report over Q1 came in time: no reminder, no notice.
        const notices = (list: ParsedMail[]) =>
          list.filter((m) => ['obligationReminder', 'obligationOverdue'].includes(kindOf(m)));
        const all = notices((await mail.parsed()).slice(before));
        expect(all.filter((m) => /signaalrapportage/.test(m.subject ?? ''))).toEqual([]);
        expect(all.filter((m) => /prognose/.test(m.subject ?? '')).length).toBe(1);

        // J. Jansen registered in time: no reminder for the staff member's term (10 June).
        const may = await now(`${Y}-05-02T10:00`);
        await may.provider.recordObligation({
          kind: 'bcmbRegistered',
          subject: 'J. Jansen',
          registeredOn: `${Y}-05-02`,
        });
        await skipTo(env, at(`${Y}-06-11T00:01`));
        const later = notices((await mail.parsed()).slice(before));
        expect(later.filter((m) => /J\. Jansen/.test(m.subject ?? ''))).toEqual([]);

        // The final ceiling and a later year's tariff.
        const june = await now(`${Y}-06-12T10:00`);
        const final = await june.officer.setCeiling({
          region: 'Nijmegen',
          year: Y,
          amount: 130_000,
          reason: 'Definitieve middelen.',
        });
        expect(final).toMatchObject({ ceiling: 130_000, final: true });
        await mails('ceilingChanged', /Definitief budgetplafond Nijmegen/);
        await june.provider.reportProduction({ month: `${Y}-01`, region: 'Nijmegen', hours: 10 });
        expect((await refusal(june.officer.setYearTariff({ year: Y, hourlyRate: 90 }))).message).toBe(
          `year: production of ${Y} was already reported at € 100 an hour; a tariff applies from the start of its year, before the first report`,
        );
        expect(await june.officer.setYearTariff({ year: y(2028), hourlyRate: 104.5 })).toEqual({
          [String(Y)]: 100,
          [String(y(2028))]: 104.5,
        });

        // The officer finds the provider is not new after all: its own BCMB term is no longer open.
        const open = async () => (await june.provider.view()).obligations?.open.map((o) => o.id) ?? [];
        expect(await open()).toContain(`bcmb:provider:${Y}-01-01`);
        const nobody = contractActions(
          env.client,
          config.id,
          'a',
          ' ',
          () => new Date(at(`${Y}-06-12T10:00`)),
        );
        expect((await refusal(nobody.setNewProvider(false))).message).toMatch(/^by: must not be empty/);
        await june.officer.setNewProvider(false, 'Had al een overeenkomst in de vorige periode.');
        expect(await open()).not.toContain(`bcmb:provider:${Y}-01-01`);
      },
      activities,
    );
  },
);
