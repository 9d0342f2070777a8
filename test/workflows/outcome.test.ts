/**
 * Part 2 of the procedure on the real time-skipping server: assessment per region, ranking and a tie at the cut-off,
 * the announcement (and one held back), objection terms from the actual send, answers, kort geding, the legal
 * register, contracts, their escalation and the hand-over at contract start. Real worker, real SMTP server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { legalReport } from '../../cli/commands/legal';
import { legalActions } from '../../client/inputs';
import { legalRegister } from '../../client/legal';
import type { CycleConfig } from '../../domain/config';
import { contractPeriodQuery } from '../../workflows/contract-period-api';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { contractWorkflowId } from '../../workflows/ids';
import { example2024 } from '../helpers/configs';
import {
  type CycleRig,
  completeDocuments,
  kindOf,
  cycleInFuture as movedCycle,
  provider,
  refusal,
  runCycle,
  toOf,
} from '../helpers/cycle-rig';
import { recordHistory, testOnOwnServer } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
const serverTest = (name: string, fn: () => Promise<void>) =>
  testOnOwnServer(name, (own) => {
    env = own;
    return fn();
  });

const DAY = 24 * 60 * 60_000;

/** The 2024-2025 example in the server's future, Drenthe with a budget; the clock a day before publication. */
async function cycleInFuture(id: string) {
  const moved = await movedCycle(env, example2024(), id);
  const config: CycleConfig = {
    ...moved.config,
    wlzUitvoerder: { ...moved.config.wlzUitvoerder, legalEmail: 'juridisch@zilverenkruis.nl' },
    regions: moved.config.regions.map((r) => (r.name === 'Drenthe' ? { ...r, budget: 1_000_000 } : r)),
  };
  return { ...moved, config };
}

const to = (address: string) => (m: Parameters<typeof kindOf>[0]) => toOf(m) === address;
const ofKind = (kind: string, id?: string) => (m: Parameters<typeof kindOf>[0]) =>
  kindOf(m) === kind && (id === undefined || to(`${id}@aanbieder.example.nl`)(m));

function allMet(config: CycleConfig): Record<string, true> {
  return Object.fromEntries(config.assessment.requirements.map((_, i) => [String(i + 1), true as const]));
}

/** Everyone submits on time, for the regions given. */
async function submitAll(
  rig: CycleRig,
  at: number,
  regions: Record<string, string[]>,
  y: (n: number) => number,
) {
  for (const [id, names] of Object.entries(regions))
    await (await rig.provider(id, at)).submit({
      regions: names,
      documents: completeDocuments(`${y(2023)}-05-01`),
    });
}

serverTest(
  'per-region outcomes, a tie at the cut-off decided with a reason, objections, kort geding, contracts and hand-over',
  async () => {
    const { config, at, y } = await cycleInFuture('outcome-t1');
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    await runCycle(
      env,
      config,
      ids.map((id) => provider(id)),
      async (rig) => {
        await rig.skipTo(at(`${y(2023)}-07-20T10:00`));
        await submitAll(
          rig,
          at(`${y(2023)}-07-20T10:00`),
          {
            a: ['Drenthe', 'Zwolle'],
            b: ['Drenthe'],
            c: ['Drenthe'],
            d: ['Drenthe'],
            e: ['Drenthe'],
            f: ['Drenthe'],
          },
          y,
        );

        // Nothing can be assessed before the assessment starts.
        const early = await refusal(
          (await rig.officer()).assess('a', { region: 'Drenthe', requirements: allMet(config) }),
        );
        expect(early.message).toMatch(/^the assessment starts at/);

        await rig.skipTo(at(`${y(2023)}-08-10T10:00`));
        const officer = await rig.officer();
        const met = allMet(config);
        await officer.assess('a', {
          region: 'Drenthe',
          requirements: met,
          selection: { priorWlzContract: true },
        });
        await officer.assess('a', {
          region: 'Zwolle',
          requirements: { ...met, '12': { met: false, reason: 'Geen dekking in de kop van de regio.' } },
        });
        await officer.assess('b', {
          region: 'Drenthe',
          requirements: met,
          selection: { priorWlzContract: true },
        });
        for (const id of ['c', 'd', 'e'])
          await officer.assess(id, {
            region: 'Drenthe',
            requirements: met,
            selection: { wmoContractInRegion: true },
          });
        // A region the provider did not apply for, and an incomplete list, are refused.
        expect((await refusal(officer.assess('b', { region: 'Zwolle', requirements: met }))).message).toMatch(
          /^region: the provider did not apply for "Zwolle"/,
        );
        const { '15': _fifteen, ...fourteen } = met;
        expect(
          (await refusal(officer.assess('f', { region: 'Drenthe', requirements: fourteen }))).message,
        ).toMatch(/^requirements: 15 not assessed/);
        // The region cannot be decided while an applicant is not assessed.
        expect((await refusal(officer.decideSelection('Drenthe'))).message).toMatch(/not assessed: f$/);
        await officer.assess('f', {
          region: 'Drenthe',
          requirements: {
            ...met,
            '13': { met: false, reason: 'Slechts twee cliëntondersteuners in de regio.' },
          },
          selection: { priorWlzContract: true },
        });

        const drenthe = (await officer.proposals()).find((p) => p.region === 'Drenthe');
        expect(drenthe?.proposed).toEqual(['a', 'b']);
        expect(drenthe?.tie).toEqual({ rank: 3, providers: ['c', 'd', 'e'], places: 2 });
        expect(drenthe?.candidates.find((c) => c.providerId === 'f')).toMatchObject({
          suitable: false,
          rank: null,
        });

        // The tie is never broken silently.
        expect(
          (await refusal(officer.decideSelection('Drenthe', { selected: ['a', 'b', 'c', 'd'] }))).message,
        ).toMatch(/^reason: c, d, e are equal on every selection criterion/);
        const decision = await officer.decideSelection('Drenthe', {
          selected: ['a', 'b', 'c', 'd'],
          reason: 'Integrale afweging: c en d dekken samen de hele regio; e alleen het zuiden.',
          allocation: { a: 2, b: 1, c: 1, d: 1 },
        });
        expect(decision).toMatchObject({
          override: true,
          ceilings: { a: 400_000, b: 200_000, c: 200_000, d: 200_000 },
        });
        await officer.decideSelection('Zwolle');

        // The announcement, one message per provider with every region it applied for.
        await rig.skipTo(at(config.schedule.announcement) + 60_000);
        const selected = await rig.mails(ofKind('selected'), 4);
        expect(selected.map(toOf).sort()).toEqual(
          ['a', 'b', 'c', 'd'].map((id) => `${id}@aanbieder.example.nl`),
        );
        const [toA] = await rig.mails(ofKind('selected', 'a'), 1);
        expect(toA?.text).toMatch(/Drenthe/);
        expect(toA?.text).toMatch(/400\.000,00/);
        expect(toA?.text).toMatch(/eis 12 \(Regionale dekking/);
        const [toE] = await rig.mails(ofKind('notSelected', 'e'), 1);
        expect(toE?.text).toMatch(/Toelichting van het zorgkantoor: Integrale afweging/);
        const [toF] = await rig.mails(ofKind('notSelected', 'f'), 1);
        expect(toF?.text).toMatch(/Niet voldaan aan eis 13/);

        const termEnd = at(`${y(2023)}-09-30T00:00`);
        expect((await rig.view('e')).announcements[0]).toMatchObject({
          termEndsAt: new Date(termEnd).toISOString(),
          termLastDay: `${y(2023)}-09-29`,
        });

        // The term's last millisecond is on time; its end is not (kept, with the policy's rule).
        await rig.skipTo(termEnd - 1);
        const onTime = await (await rig.provider('e', termEnd - 1)).object({
          text: 'Wij dekken ook het noorden van Drenthe.',
          files: [{ name: 'dekking.pdf', sizeBytes: 1234, sha256: 'a'.repeat(64) }],
        });
        expect(onTime.facts).toMatchObject({
          kind: 'objection',
          onTime: true,
          files: [{ name: 'dekking.pdf' }],
        });
        await rig.skipTo(termEnd);
        const late = await (await rig.provider('f', termEnd)).object({ text: 'Wij hebben wel drie mensen.' });
        expect(late.facts.onTime).toBe(false);
        expect(late.facts.issues[0]).toMatch(/vervalt uw recht/);
        await rig.mails(ofKind('objectionRefused', 'f'), 1);

        // Legal is warned of the open objection 7 days before the answer deadline.
        const answerDeadline = at(config.schedule.objectionAnswerDeadline);
        await rig.skipTo(answerDeadline - 7 * DAY + 60_000);
        const [warning] = await rig.mails((m) => kindOf(m) === 'objectionAnswerDue', 1);
        expect(toOf(warning as never)).toBe('juridisch@zilverenkruis.nl');

        // Answered on the last day (a Sunday); the kort-geding term then ends on the day summer time ends.
        await rig.skipTo(at(`${y(2023)}-10-15T16:00`));
        const legal = legalActions(env.client, config.id, () => new Date(at(`${y(2023)}-10-15T16:00`)));
        expect(
          (await refusal(legal.answerObjection('f', { outcome: 'rejected', text: 'Te laat.' }))).message,
        ).toMatch(/no unanswered objection/);
        await legal.answerObjection('e', { outcome: 'rejected', text: 'De selectie blijft ongewijzigd.' });
        await rig.mails(ofKind('objectionAnswer', 'e'), 1);
        await rig.mails((m) => kindOf(m) === 'kortGedingRunning', 1);

        await rig.skipTo(at(`${y(2023)}-10-20T11:00`));
        await legalActions(
          env.client,
          config.id,
          () => new Date(at(`${y(2023)}-10-20T11:00`)),
        ).recordKortGeding('e', {
          court: 'Rechtbank Den Haag',
          servedOn: `${y(2023)}-10-19`,
        });
        const register = await legalRegister(env.client, config.id);
        expect(register).toHaveLength(2);
        expect(register[0]).toMatchObject({
          providerId: 'e',
          onTime: true,
          answerDueAt: new Date(answerDeadline).toISOString(),
          outcome: 'rejected',
          kortGedingDeadline: new Date(at(`${y(2023)}-10-30T00:00`)).toISOString(),
          kortGedingServed: { court: 'Rechtbank Den Haag', servedOn: `${y(2023)}-10-19` },
        });
        expect(register[0]?.warnings).toContain(
          `the answer term ends on Sunday 15 October ${y(2023)}, not a working day (Sunday)`,
        );
        expect(register[1]).toMatchObject({ providerId: 'f', onTime: false, answerDueAt: null });
        // `oco legal`: JSON rows in UTC, the table in local time with weekdays.
        const json = JSON.parse(await legalReport(env.client, config.id, true)) as typeof register;
        expect(json[0]?.filedAt).toBe(new Date(termEnd - 1).toISOString());
        const table = await legalReport(env.client, config.id, false);
        expect(table).toContain(`  filed            Fri ${y(2023)}-09-29 23:59:59  on time`);
        expect(table).toContain(`  answer due       through Sun ${y(2023)}-10-15 24:00`);
        expect(table).toContain(`  kort geding term through Sun ${y(2023)}-10-29 24:00`);
        expect(table).toContain('LATE: the right had lapsed');

        // Contracts at dispatch; one signed by the provider, one recorded by the officer, two left unsigned.
        await rig.skipTo(at(config.schedule.contractDispatch) + 60_000);
        await rig.mails(ofKind('contractDispatch'), 4);
        await (await rig.provider('a')).signContract({ signer: 'J. de Vries' });
        await (await rig.officer()).recordSignedContract('b');
        expect((await refusal((await rig.provider('e')).signContract())).message).toMatch(
          /no contract has been sent/,
        );
        await rig.skipTo(at(config.schedule.contractDispatch) + 7 * DAY + 60_000);
        const reminders = await rig.mails(ofKind('contractReminder'), 2);
        expect(reminders.map(toOf).sort()).toEqual(['c@aanbieder.example.nl', 'd@aanbieder.example.nl']);

        const start = at(`${config.contract.start}T00:00`);
        await rig.skipTo(start - 14 * DAY + 60_000);
        const [unsigned] = await rig.mails((m) => kindOf(m) === 'contractsUnsigned', 1);
        expect(unsigned?.text).toMatch(/Stichting c/);
        expect(unsigned?.text).toMatch(/Stichting d/);

        await rig.skipTo(start + 60_000);
        const summary = await rig.cycle.result();
        expect(summary.handover).toMatchObject({ handedOver: ['a', 'b'], unsigned: ['c', 'd'] });
        expect(summary.selected).toMatchObject({ Drenthe: ['a', 'b', 'c', 'd'], Zwolle: [] });
        const contract = await env.client.workflow
          .getHandle(contractWorkflowId(config.id, 'a'))
          .query(contractPeriodQuery);
        expect(contract.contract).toMatchObject({
          regions: [{ name: 'Drenthe', ceiling: 400_000 }],
          signer: 'J. de Vries',
        });
        expect((await rig.cycle.query(cycleStatusQuery)).phase).toBe('completed');
        await rig.record('cycle-part2-full');
        await recordHistory(env.client, contractWorkflowId(config.id, 'a'), 'contract-period-started');
        await rig.record('provider-part2-objection', 'e');
      },
    );
  },
);

serverTest(
  'an incomplete assessment holds the announcement back and escalates; sent a day late, the term ends a day later',
  async () => {
    const { config, at, y } = await cycleInFuture('outcome-t2');
    await runCycle(env, config, [provider('a'), provider('b')], async (rig) => {
      await rig.skipTo(at(`${y(2023)}-07-20T10:00`));
      await submitAll(rig, at(`${y(2023)}-07-20T10:00`), { a: ['Drenthe'], b: ['Drenthe'] }, y);
      await rig.skipTo(at(`${y(2023)}-08-10T10:00`));
      await (await rig.officer()).assess('a', { region: 'Drenthe', requirements: allMet(config) });

      // Three days before: a warning, the announcement still planned.
      const announcement = at(config.schedule.announcement);
      await rig.skipTo(announcement - 3 * DAY + 60_000);
      const [warning] = await rig.mails((m) => kindOf(m) === 'assessmentOverdue', 1);
      expect(warning?.subject).toMatch(/^Let op: beoordeling niet compleet/);
      expect(warning?.text).toMatch(/Drenthe: 1 aanbieder niet beoordeeld; selectie nog niet vastgesteld/);

      // At the announcement: nothing announced, the officer told it is held back.
      await rig.skipTo(announcement + 60_000);
      const [blocked] = await rig
        .mails((m) => kindOf(m) === 'assessmentOverdue', 2)
        .then((ms) => ms.slice(1));
      expect(blocked?.subject).toMatch(/^Bekendmaking tegengehouden/);
      const status = await rig.cycle.query(cycleStatusQuery);
      expect(status.selection).toBeNull();
      expect(status.announcementBlocked?.incomplete).toEqual([
        { region: 'Drenthe', applicants: 2, notAssessed: 1, decided: false, stale: false },
      ]);
      expect((await rig.view('a')).announcements).toEqual([]);
      expect(await (await rig.officer()).releaseAnnouncement()).toMatchObject({ announced: false });

      // A day later the assessment is completed; the decision releases the announcement.
      await rig.skipTo(announcement + DAY + 60_000);
      const officer = await rig.officer();
      await officer.assess('b', { region: 'Drenthe', requirements: allMet(config) });
      await officer.decideSelection('Drenthe');
      await rig.mails(ofKind('selected'), 2);
      const view = await rig.view('b');
      expect(view.announcements[0]?.termEndsAt).toBe(new Date(at(`${y(2023)}-10-01T00:00`)).toISOString());
      expect((await rig.cycle.query(cycleStatusQuery)).announcementBlocked).toBeNull();
      await rig.record('cycle-part2-held-back');
    });
  },
);

serverTest(
  'a term ending on the day summer time ends, an overdue answer, and an upheld objection that changes the region',
  async () => {
    const { config: base, at, y } = await cycleInFuture('outcome-t3');
    // The announcement on Sunday 15 October: the objection term's last day is 29 October, when summer time ends.
    const config: CycleConfig = {
      ...base,
      schedule: {
        ...base.schedule,
        announcement: `${y(2023)}-10-15T09:00`,
        objectionAnswerDeadline: `${y(2023)}-11-13T00:00`,
        contractDispatch: `${y(2023)}-11-20T09:00`,
      },
    };
    const ids = ['p', 'q', 'r', 's', 't'];
    await runCycle(
      env,
      config,
      ids.map((id) => provider(id)),
      async (rig) => {
        await rig.skipTo(at(`${y(2023)}-07-20T10:00`));
        await submitAll(
          rig,
          at(`${y(2023)}-07-20T10:00`),
          Object.fromEntries(ids.map((id) => [id, ['Drenthe']])),
          y,
        );
        await rig.skipTo(at(`${y(2023)}-08-10T10:00`));
        const officer = await rig.officer();
        for (const id of ['p', 'q', 'r', 's'])
          await officer.assess(id, {
            region: 'Drenthe',
            requirements: allMet(config),
            selection: { priorWlzContract: true },
          });
        await officer.assess('t', {
          region: 'Drenthe',
          requirements: allMet(config),
          selection: { fillsGap: true },
        });
        expect(await officer.decideSelection('Drenthe')).toMatchObject({
          selected: ['p', 'q', 'r', 's'],
          override: false,
        });

        await rig.skipTo(at(config.schedule.announcement) + 60_000);
        await rig.mails(ofKind('notSelected', 't'), 1);
        const termEnd = at(`${y(2023)}-10-30T00:00`);
        expect(new Date(termEnd).toISOString()).toBe(`${y(2023)}-10-29T23:00:00.000Z`);
        expect((await rig.view('t')).announcements[0]?.termEndsAt).toBe(new Date(termEnd).toISOString());
        await rig.skipTo(termEnd - 1);
        expect(
          (await (await rig.provider('t', termEnd - 1)).object({ text: 'Wij vullen een leemte.' })).facts
            .onTime,
        ).toBe(true);

        // Nobody answers: at the deadline the officer is told, the register says overdue.
        const answerDeadline = at(config.schedule.objectionAnswerDeadline);
        await rig.skipTo(answerDeadline + 60_000);
        const [overdue] = await rig.mails((m) => kindOf(m) === 'objectionAnswerOverdue', 1);
        expect(toOf(overdue as never)).toBe(config.wlzUitvoerder.email);
        expect((await legalRegister(env.client, config.id))[0]?.warnings).toContain('answer overdue');

        // Upheld, late; the officer re-decides the region, and the providers whose outcome changed are told.
        await legalActions(env.client, config.id, () => new Date(answerDeadline + 60_000)).answerObjection(
          't',
          {
            outcome: 'upheld',
            text: 'Het bezwaar is gegrond: t vult de leemte in het noorden.',
          },
        );
        await rig.mails(ofKind('objectionAnswer', 't'), 1);
        expect((await legalRegister(env.client, config.id))[0]?.warnings).toContain(
          'answer sent after it was due',
        );
        const again = await rig.officer();
        expect(
          (await refusal(again.decideSelection('Drenthe', { selected: ['p', 'q', 'r', 't'] }))).message,
        ).toMatch(/^reason: the selection differs from the proposal/);
        await again.decideSelection('Drenthe', {
          selected: ['p', 'q', 'r', 't'],
          reason: 'Bezwaar van t gegrond verklaard: t vult de leemte in het noorden van de regio.',
        });
        const [revisedT] = await rig.mails(ofKind('selected', 't'), 1);
        expect(revisedT?.subject).toMatch(/^Herziene uitkomst selectie: u bent geselecteerd/);
        const [revisedS] = await rig.mails(ofKind('notSelected', 's'), 1);
        expect(revisedS?.text).toMatch(/vervangt de eerdere uitkomst/);
        const s = await rig.view('s');
        expect(s.announcements.map((a) => a.outcome[0]?.selected)).toEqual([true, false]);
        // A new objection term for the new decision, from the day it went out.
        expect(Date.parse(s.announcements[1]?.termEndsAt as string)).toBeGreaterThan(
          answerDeadline + 13 * DAY,
        );
        // Nobody else was told anything new.
        expect((await rig.view('p')).announcements).toHaveLength(1);
        await rig.record('provider-part2-revised', 's');
      },
    );
  },
);
