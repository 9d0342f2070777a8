/**
 * The budget coordinator with three real contract-period workflows on the time-skipping server: the transfer
 * proposal at overheveling, a transfer refused beyond the giver's headroom and one applied to both contracts, the
 * consultation with VWS with its reminder and its outcome, and the June review of every region.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { createActivities } from '../../activities';
import { budgetReport } from '../../cli/commands/budget';
import { budgetActions, contractActions, contractInputs } from '../../client/contract-period';
import type { ContractRecord } from '../../domain/contract';
import type { ProviderRef } from '../../domain/inputs';
import { budgetCoordinatorWorkflow } from '../../workflows/budget-coordinator';
import { contractPeriodWorkflow } from '../../workflows/contract-period';
import { adjustCeilingUpdate } from '../../workflows/contract-period-api';
import { budgetWorkflowId, contractWorkflowId } from '../../workflows/ids';
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

const mailsUntil = (filter: (m: ParsedMail) => boolean, count: number) => waitForMails(mail, filter, count);

testOnOwnServer(
  'overheveling proposed and applied, VWS consulted and its funds shared, the June review of every region',
  async (own) => {
    // Years on a server of its own: the shared server's clock must stay before 2100 for the other tests.
    env = own;
    const { config, at, y } = await cycleInFuture(env, example2027(), 'budget-coordinator');
    const activities = createActivities({ email: mail.deps, temporal: { client: env.client } });
    const Y = y(2027);
    await skipTo(env, at(`${Y}-01-01T00:00`) - 60_000);
    const providers: [ProviderRef, ContractRecord['regions']][] = [
      [provider('a'), [{ name: 'Nijmegen', ceiling: 120_000 }]],
      [provider('b'), [{ name: 'Nijmegen', ceiling: 120_000 }]],
      [provider('c'), [{ name: 'Waardenland', ceiling: 60_000 }]],
    ];
    await withWorker(
      env,
      async ({ start }) => {
        for (const [p, regions] of providers)
          await start(contractPeriodWorkflow, {
            workflowId: contractWorkflowId(config.id, p.id),
            args: [handoverOf(config, p, regions)],
          });
        await start(budgetCoordinatorWorkflow, {
          workflowId: budgetWorkflowId(config.id),
          args: [{ cycleId: config.id, config, providers: providers.map(([p]) => p) }],
        });
        const stamp = (local: string) => () => new Date(at(local));
        const report = async (local: string, id: string, region: string, month: string, hours: number) => {
          await skipTo(env, at(local));
          return contractInputs(env.client, config.id, id, stamp(local)).reportProduction({
            month,
            region,
            hours,
          });
        };

        // Q1: a runs at 130 hours a month (projection € 156,000 against € 120,000), b at 80, c at 40.
        for (const m of ['01', '02', '03']) {
          const next = `${Y}-${String(Number(m) + 1).padStart(2, '0')}-02T09:00`;
          await report(next, 'b', 'Nijmegen', `${Y}-${m}`, 80);
          await report(next, 'c', 'Waardenland', `${Y}-${m}`, 40);
          await report(next, 'a', 'Nijmegen', `${Y}-${m}`, 130);
        }
        await skipTo(env, at(`${Y}-04-06T10:00`));
        const officerA = contractActions(
          env.client,
          config.id,
          'a',
          'M. de Vries',
          stamp(`${Y}-04-06T10:00`),
        );
        expect((await officerA.recordMaatwerk({ region: 'Nijmegen', year: Y, agreements: null })).step).toBe(
          'overheveling',
        );

        // The proposal: b's headroom in Nijmegen first (€ 120,000 - € 96,000), nothing left uncovered.
        const [proposal] = await mailsUntil((m) => kindOf(m) === 'transferProposal', 1);
        expect(toOf(proposal as ParsedMail)).toBe(config.wlzUitvoerder.email);
        expect(proposal?.text).toMatch(/€\s36\.000,00 boven het budgetplafond/);
        expect(proposal?.text).toMatch(/€\s24\.000,00 van Stichting b in Nijmegen \(ruimte €\s24\.000,00\)/);
        expect(proposal?.text).toMatch(/€\s12\.000,00 van Stichting c in Waardenland/);

        const officer = budgetActions(env.client, config.id, 'M. de Vries', stamp(`${Y}-04-06T10:00`));
        const tooMuch = await refusal(
          officer.transfer({ from: 'b', to: 'a', region: 'Nijmegen', year: Y, amount: 24_000.01 }),
        );
        expect(tooMuch.message).toBe(
          `amount: Stichting b has €\u00a024.000,00 headroom in Nijmegen ${Y} (ceiling minus projection); a transfer may not push it over its own ceiling`,
        );
        expect(
          (await refusal(officer.transfer({ from: 'x', to: 'a', region: 'Nijmegen', year: Y, amount: 1 })))
            .message,
        ).toBe('from: x has no contract in this cycle');
        expect(
          (
            await refusal(
              officer.transfer({
                from: 'b',
                to: 'a',
                region: 'Nijmegen',
                toRegion: 'Waardenland',
                year: Y,
                amount: 1,
              }),
            )
          ).message,
        ).toBe(`toRegion: a has no running contract for Waardenland in ${Y}`);
        const applied = await officer.transfer({
          from: 'b',
          to: 'a',
          region: 'Nijmegen',
          year: Y,
          amount: 24_000,
        });
        // Two attempts were refused in the contracts; each kept its number.
        expect(applied).toMatchObject({ number: 3, amountCents: 24_000_00 });
        const viewA = await contractInputs(env.client, config.id, 'a').view();
        const viewB = await contractInputs(env.client, config.id, 'b').view();
        expect(viewA.budget?.[0]).toMatchObject({ ceiling: 144_000, step: 'overheveling' });
        expect(viewB.budget?.[0]).toMatchObject({ ceiling: 96_000, step: 'none' });
        // The case records the transfer it received, with the other side by name.
        expect(viewA.cases?.[0]?.transfers).toEqual([
          {
            amountCents: 24_000_00,
            counterpart: 'Stichting b',
            approvedAt: new Date(at(`${Y}-04-06T10:00`)).toISOString(),
            by: 'M. de Vries',
            reason: 'Overheveling 3: extra budgetruimte. Overheveling goedgekeurd door de zorginkoper.',
          },
        ]);
        await mailsUntil((m) => kindOf(m) === 'ceilingChanged', 2);
        // The giver's half once more, as an activity retried after a continue-as-new sends it (a new Update id, which
        // the server cannot recognise): the business event's id makes it a no-op.
        const again = await env.client.workflow
          .getHandle(contractWorkflowId(config.id, 'b'))
          .executeUpdate(adjustCeilingUpdate, {
            args: [
              {
                receivedAt: new Date(at(`${Y}-04-06T10:00`)).toISOString(),
                region: 'Nijmegen',
                year: Y,
                deltaCents: -24_000_00,
                kind: 'transfer',
                by: 'M. de Vries',
                reason: 'Overheveling 3, opnieuw',
                id: 'transfer-3-give',
              },
            ],
            updateId: 'after-continue-as-new',
          });
        expect(again.ceiling).toBe(96_000);
        const bChanges = (await contractInputs(env.client, config.id, 'b').view()).ledger?.ceilings[0]
          ?.changes;
        expect(bChanges?.filter((c) => c.kind === 'transfer').map((c) => [c.id, c.toCents])).toEqual([
          ['transfer-3-give', 96_000_00],
        ]);

        // Still € 12,000 short: on to VWS; a reminder after 14 days; VWS grants € 20,000, a gets its € 12,000.
        await skipTo(env, at(`${Y}-04-08T10:00`));
        await contractActions(env.client, config.id, 'a', 'M. de Vries', stamp(`${Y}-04-08T10:00`)).moveOn({
          region: 'Nijmegen',
          year: Y,
          reason: 'Onvoldoende ruimte bij andere aanbieders.',
        });
        const vws = budgetActions(env.client, config.id, 'M. de Vries', stamp(`${Y}-04-08T10:00`));
        expect((await refusal(vws.vwsOutcome({ year: Y, granted: false }))).message).toBe(
          `year: no consultation with VWS on ${Y} is open; record the request first`,
        );
        await vws.requestVws({ year: Y, note: 'Tekort in Nijmegen' });
        expect((await refusal(vws.requestVws({ year: Y }))).message).toMatch(
          new RegExp(`^year: the consultation with VWS on ${Y} is already open, since `),
        );
        expect((await refusal(vws.requestVws({ year: y(2030) }))).message).toBe(
          `year: ${y(2030)} is not a contract year (${Y}, ${y(2028)})`,
        );
        const partial = await refusal(vws.vwsOutcome({ year: Y, granted: true }));
        expect([partial.reason, partial.message]).toEqual([
          'invalid',
          'amount: must be the amount granted when granted is true',
        ]);
        await skipTo(env, at(`${Y}-04-22T10:01`));
        const [reminder] = await mailsUntil((m) => kindOf(m) === 'vwsReminder', 1);
        expect(reminder?.text).toMatch(/Stichting a, Nijmegen: tekort €\s12\.000,00/);
        const outcome = await budgetActions(
          env.client,
          config.id,
          'M. de Vries',
          stamp(`${Y}-04-22T10:01`),
        ).vwsOutcome({
          year: Y,
          granted: true,
          amount: 20_000,
        });
        expect(outcome.outcome?.shares).toEqual([
          { providerId: 'a', region: 'Nijmegen', grantedCents: 12_000_00 },
        ]);
        const closed = await contractInputs(env.client, config.id, 'a').view();
        expect(closed.cases?.[0]?.step).toBe('none');
        expect(closed.cases?.[0]?.vws).toEqual({
          requestedAt: new Date(at(`${Y}-04-08T10:00`)).toISOString(),
          by: 'M. de Vries',
          outcome: {
            granted: true,
            amountCents: 12_000_00,
            recordedAt: new Date(at(`${Y}-04-22T10:01`)).toISOString(),
            by: 'M. de Vries',
          },
        });
        expect(closed.budget?.[0]).toMatchObject({ ceiling: 156_000, step: 'none' });
        // oco budget shows what each step brought, in local time.
        const budgetText = await budgetReport(env.client, config.id, 'a', false);
        const day = (local: string) =>
          `${DateTime.fromMillis(at(local), { zone: config.timezone }).setLocale('en').toFormat('ccc')} ${local.replace('T', ' ')}`;
        expect(budgetText).toContain(
          `maatwerk recorded ${day(`${Y}-04-06T10:00`)} by M. de Vries: no agreements possible`,
        );
        expect(budgetText).toContain(
          `transfer ${day(`${Y}-04-06T10:00`)}  €\u00a024.000,00 from Stichting b, by M. de Vries`,
        );
        expect(budgetText).toContain(
          `VWS consulted ${day(`${Y}-04-08T10:00`)}: granted €\u00a012.000,00 (${day(`${Y}-04-22T10:01`)})`,
        );

        // 1 June: the review lists every region.
        await skipTo(env, at(`${Y}-06-01T00:01`));
        const [review] = await mailsUntil((m) => kindOf(m) === 'budgetReview', 1);
        expect(review?.text).toMatch(/Nijmegen \(2 aanbieders\): plafond €\s252\.000,00/);
        expect(review?.text).toMatch(/Waardenland \(1 aanbieder\): plafond €\s60\.000,00/);
        await recordHistory(env.client, budgetWorkflowId(config.id), 'budget-coordinator-transfer-vws');

        // A receiver whose contract ended between the check and the change: the giver gets its room back.
        await env.client.workflow
          .getHandle(contractWorkflowId(config.id, 'b'))
          .terminate('contract ontbonden');
        const late = await refusal(
          budgetActions(env.client, config.id, 'M. de Vries', stamp(`${Y}-06-01T00:01`)).transfer({
            from: 'c',
            to: 'b',
            region: 'Waardenland',
            toRegion: 'Nijmegen',
            year: Y,
            amount: 5_000,
          }),
        );
        expect(late.message).toBe(
          `provider b has no running contract in cycle ${config.id}; the room taken from c was handed back`,
        );
        const giver = await contractInputs(env.client, config.id, 'c').view();
        expect(giver.budget?.[0]?.ceiling).toBe(60_000);
        expect(
          giver.ledger?.ceilings[0]?.changes
            .filter((c) => c.kind === 'transfer')
            .map((c) => [c.id, c.toCents]),
        ).toEqual([
          ['transfer-4-give', 55_000_00],
          ['transfer-4-give-undone', 60_000_00],
        ]);
      },
      activities,
    );
  },
);
