/**
 * Part 1 of the procedure on the real time-skipping server: questions, NvI, submissions, the sealed vault, reminders,
 * amendments, the provisional tariff and withdrawals. Real worker, real workflow bundle, real SMTP server.
 */

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { createActivities } from '../../activities';
import type { WebsiteNotice } from '../../activities/website';
import { plannedStatus } from '../../client/cycles';
import { officerActions, providerInputs } from '../../client/inputs';
import type { CycleConfig } from '../../domain/config';
import { createWorker } from '../../worker/worker';
import { cycleWorkflow } from '../../workflows/cycle';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { providerWorkflowId } from '../../workflows/ids';
import { providerViewQuery } from '../../workflows/provider-api';
import { example2024, example2027 } from '../helpers/configs';
import {
  type CycleRig,
  completeDocuments,
  doc,
  kindOf,
  cycleInFuture as movedCycle,
  provider,
  refusal,
  runCycle,
  toOf,
} from '../helpers/cycle-rig';
import { startMailRig } from '../helpers/mail';
import { skipTo, testOnOwnServer } from '../helpers/temporal';

/** The server of the running test: each test has its own, since each moves the clock decades ahead. */
let env: TestWorkflowEnvironment;

const serverTest = (name: string, fn: () => Promise<void>) =>
  testOnOwnServer(name, (own) => {
    env = own;
    return fn();
  });

/** The zorgkantoor's website (an outside HTTP service, so msw stands in for it): what the cycles posted, per cycle. */
const PUBLISH_URL = 'https://cms.zorgkantoor.example/api/oco-notices';
const WEBSITE = { publishUrl: PUBLISH_URL };
const posted: WebsiteNotice[] = [];
const website = setupServer(
  http.post(PUBLISH_URL, async ({ request }) => {
    posted.push((await request.json()) as WebsiteNotice);
    return HttpResponse.json({ id: posted.length }, { status: 201 });
  }),
);
beforeAll(() => website.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => website.close());
const postedFor = (cycleId: string) =>
  posted.filter((n) => n.cycleId === cycleId).map((n) => `${n.kind} #${n.sequence}`);

/** Website notices go out in the background: waits until the cycle has posted `count` of them. */
async function postedNotices(cycleId: string, count: number): Promise<string[]> {
  for (let i = 0; postedFor(cycleId).length < count && i < 400; i++)
    await new Promise((r) => setTimeout(r, 25));
  return postedFor(cycleId);
}

/** The example moved into the server's future under its own id; the clock a day before its publication. */
const cycleInFuture = (base: CycleConfig, id: string) => movedCycle(env, base, id);

const to = (id: string) => (m: Parameters<typeof kindOf>[0]) => toOf(m) === `${id}@aanbieder.example.nl`;
const ofKind = (kind: string, id?: string) => (m: Parameters<typeof kindOf>[0]) =>
  kindOf(m) === kind && (id === undefined || to(id)(m));

async function acceptedUpdates(rig: CycleRig, providerId: string): Promise<number> {
  const history = await rig.env.client.workflow
    .getHandle(providerWorkflowId(rig.config.id, providerId))
    .fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

serverTest(
  'questions until 12:00:00.000 get receipts, a late one is kept and told so, and the NvI reaches everyone',
  async () => {
    const { config, at, y } = await cycleInFuture(example2024(), 'questions-t1');
    const deadline = at(config.schedule.questionDeadline);
    await runCycle(
      env,
      config,
      [provider('a'), provider('b'), provider('c')],
      async (rig) => {
        await rig.skipTo(at(config.schedule.publication) + 60_000);
        expect(await rig.mails(ofKind('publication'), 3)).toHaveLength(3);

        await rig.skipTo(at(`${y(2023)}-06-05T10:00`));
        const first = await (await rig.provider('a')).askQuestion(
          'Geldt de VOG-eis ook voor <b>vrijwilligers</b>?',
        );
        expect(first.facts).toMatchObject({ kind: 'question', sequence: 1, onTime: true, providerId: 'a' });
        expect(first.code).toMatch(/^OCO(-[0-9A-F]{4}){8}$/);
        // An NvI cannot be published while questions may still come in.
        const early = await refusal(
          (await rig.officer()).publishNvi([
            { questions: [{ provider: 'a', number: 1 }], answer: 'Ja.', changesDocuments: false },
          ]),
        );
        expect(early.message).toMatch(/after it/);

        await rig.skipTo(deadline - 1);
        const lastOnTime = await (await rig.provider('a', deadline - 1)).askQuestion(
          'Mag een consortium drie regio’s bedienen?',
        );
        expect(lastOnTime.facts).toMatchObject({ sequence: 2, onTime: true });
        await rig.skipTo(deadline);
        const late = await (await rig.provider('b', deadline)).askQuestion('Is de termijn al voorbij?');
        expect(late.facts.onTime).toBe(false);
        expect(late.facts.issues.join(' ')).toMatch(/niet in de Nota van Inlichtingen/);

        expect(await rig.mails(ofKind('questionReceipt', 'a'), 2)).toHaveLength(2);
        const [lateMail] = await rig.mails(ofKind('questionLate', 'b'), 1);
        expect(lateMail?.subject).toContain(late.code);
        const bView = await rig.view('b');
        expect(bView.questions).toEqual([
          expect.objectContaining({ number: 1, onTime: false, receiptCode: late.code, answeredAt: null }),
        ]);
        // Reminders of the question deadline went to who had not asked (b, c), not to a, who had.
        const questionReminders = await rig.mails(ofKind('deadlineReminder'));
        expect(questionReminders.map(toOf).sort()).toEqual([
          'b@aanbieder.example.nl',
          'b@aanbieder.example.nl',
          'c@aanbieder.example.nl',
          'c@aanbieder.example.nl',
        ]);

        await rig.skipTo(at(`${y(2023)}-06-20T10:00`));
        const officer = await rig.officer();
        const unknown = await refusal(
          officer.publishNvi([
            { questions: [{ provider: 'zz', number: 1 }], answer: 'Nee.', changesDocuments: false },
          ]),
        );
        expect(unknown.message).toContain('zz');
        const bad = await refusal(officer.publishNvi([]));
        expect(bad.reason).toBe('invalid');
        expect(bad.problems[0]?.path).toBe('answers');
        // Only questions that were asked, and asked in time, can be answered.
        const wrongRefs = await refusal(
          officer.publishNvi([
            {
              questions: [
                { provider: 'a', number: 1 },
                { provider: 'b', number: 1 },
                { provider: 'a', number: 9 },
              ],
              answer: 'Nee.',
              changesDocuments: false,
            },
          ]),
        );
        expect(wrongRefs.problems).toEqual([
          {
            path: 'answers[0].questions[1]',
            message: expect.stringMatching(
              /question 1 of provider b was received after the question deadline/,
            ),
          },
          {
            path: 'answers[0].questions[2]',
            message: 'provider a asked 2 question(s); there is no question 9',
          },
          {
            path: 'answers',
            message: expect.stringMatching(/^question 2 of provider a \(received .*\) is not answered/),
          },
        ]);
        expect((await rig.cycle.query(cycleStatusQuery)).nvi).toBeNull();
        const notice = await officer.publishNvi([
          {
            questions: [
              { provider: 'a', number: 1 },
              { provider: 'a', number: 2 },
            ],
            answer: 'Ja, zie de aangepaste paragraaf 4.2.',
            changesDocuments: true,
          },
        ]);
        expect(notice).toMatchObject({ questionCount: 2, answerCount: 1, changesDocuments: true });
        expect(
          (
            await refusal(
              officer.publishNvi([
                {
                  questions: [
                    { provider: 'a', number: 1 },
                    { provider: 'a', number: 2 },
                  ],
                  answer: 'Nogmaals.',
                  changesDocuments: false,
                },
              ]),
            )
          ).message,
        ).toMatch(/already been published/);

        expect(await rig.mails(ofKind('nviPublished'), 3)).toHaveLength(3);
        const aView = await rig.view('a');
        expect(aView.questions.map((q) => q.answeredAt)).toEqual([notice.publishedAt, notice.publishedAt]);
        expect((await rig.view('b')).questions[0]?.answeredAt).toBeNull();

        // Published in time: the officer gets no warning at nviPublication.
        await rig.skipTo(at(config.schedule.nviPublication) + 60_000);
        const status = await rig.cycle.query(cycleStatusQuery);
        expect(status.phase).toBe('submissions');
        expect(status.nvi?.answerCount).toBe(1);
        expect((await rig.mails()).filter((m) => kindOf(m) === 'nviOverdue')).toHaveLength(0);
        expect(await postedNotices(config.id, 2)).toEqual(['procedure #1', 'nvi #1']);
        await rig.record('cycle-part1-nvi');
        await rig.record('provider-part1-questions', 'a');
      },
      WEBSITE,
    );
  },
);

serverTest(
  'submissions until 17:00:00.000, sealed until closing, reminders only to who has not acted',
  async () => {
    const { config, at, y } = await cycleInFuture(example2024(), 'submissions-t2');
    const closing = at(config.schedule.submissionDeadline);
    const fresh = `${y(2023)}-07-01`;
    const region = config.regions[0]?.name as string;
    const providers = ['a', 'b', 'c', 'd', 'f'].map((id) => provider(id)).concat(provider('e', true));
    await runCycle(env, config, providers, async (rig) => {
      // No NvI by nviPublication: the officer is warned.
      await rig.skipTo(at(config.schedule.nviPublication) + 60_000);
      const [overdue] = await rig.mails(ofKind('nviOverdue'), 1);
      expect(toOf(overdue as never).toLowerCase()).toBe(config.wlzUitvoerder.email.toLowerCase());

      // Bad and refused inputs never enter history.
      await rig.skipTo(at(`${y(2023)}-07-10T10:00`));
      const e = await rig.provider('e');
      const invalid = await refusal(e.submit({ regions: [], documents: [] }));
      expect(invalid.reason).toBe('invalid');
      expect(invalid.problems.map((p) => p.path)).toContain('regions');
      const atlantis = await refusal(
        e.submit({ regions: ['Atlantis'], documents: completeDocuments(fresh) }),
      );
      expect(atlantis.message).toMatch(/"Atlantis" is not a region of Zilveren Kruis/);
      const future = await refusal(
        (await rig.provider('e', (await env.currentTimeMs()) + 60_000)).submit({
          regions: [region],
          documents: completeDocuments(fresh),
        }),
      );
      expect(future.message).toMatch(/cannot be in the future/);
      const nothing = await refusal(e.supplement([doc('vogRp', fresh)]));
      expect(nothing.message).toMatch(/submit first/);

      // e submits as a consortium without the declaration, then replaces it: the last version counts.
      const first = await e.submit({ regions: [region], documents: completeDocuments(fresh) });
      expect(first.facts.issues.join(' ')).toMatch(/hoofdelijke aansprakelijkheid/);
      await rig.skipTo(at(`${y(2023)}-07-15T10:00`));
      const second = await (await rig.provider('e')).submit({
        regions: [region],
        documents: completeDocuments(fresh, true),
      });
      expect(second.facts).toMatchObject({ sequence: 2, onTime: true, issues: [] });
      expect(await acceptedUpdates(rig, 'e')).toBe(2);
      // Two requests that crossed: one stamped before e's latest input is refused (sent again, it is stamped anew).
      const crossed = await refusal(
        (await rig.provider('e', at(`${y(2023)}-07-15T09:59`))).submit({
          regions: [region],
          documents: completeDocuments(fresh),
        }),
      );
      expect(crossed.message).toMatch(/lies before this provider's latest input/);
      expect(await acceptedUpdates(rig, 'e')).toBe(2);

      // b submits without a VOG RP and with an old KvK extract, then supplies both before closing.
      await rig.skipTo(at(`${y(2023)}-07-20T10:00`));
      const docs = completeDocuments(fresh).filter((d) => d.kind !== 'vogRp' && d.kind !== 'kvkUittreksel');
      const incomplete = await (await rig.provider('b')).submit({
        regions: [region],
        documents: [...docs, doc('kvkUittreksel', `${y(2023)}-01-19`)],
      });
      expect(incomplete.facts.issues).toEqual([
        expect.stringMatching(/^Ontbreekt: Verklaring omtrent gedrag/),
        expect.stringMatching(/uittreksel Kamer van Koophandel is ouder dan 6 maanden/),
      ]);
      // Sealed: the receipt tells b what is missing, but officers do not learn it before the closing.
      expect((await rig.view('b')).status).toBe('submitted');
      await rig.skipTo(at(`${y(2023)}-07-28T10:00`));
      // A name of the longest length allowed, with spaces around it, is taken as it reads: trimmed.
      const longName = `${'v'.repeat(251)}.pdf`;
      const supplement = await (await rig.provider('b')).supplement([
        { ...doc('vogRp', `${y(2023)}-07-27`), name: `  ${longName}   ` },
        doc('kvkUittreksel', `${y(2023)}-07-27`),
      ]);
      expect(supplement.facts).toMatchObject({ kind: 'supplement', onTime: true, issues: [] });
      expect(supplement.facts.files).toHaveLength(2);
      expect(supplement.facts.files[0]?.name).toBe(longName);
      await rig.mails(ofKind('supplementReceipt', 'b'), 1);

      // The vault: before closing, who and when; not what.
      await rig.skipTo(at(`${y(2023)}-07-31T12:00`));
      const sealed = await rig.view('e');
      expect(sealed.opened).toBe(false);
      expect(sealed.submission).toMatchObject({
        version: 2,
        onTime: true,
        documents: null,
        regions: null,
        missing: null,
      });
      expect(sealed.history.map((h) => h.receivedAt)).toEqual([
        first.facts.receivedAt,
        second.facts.receivedAt,
      ]);

      // The closing to the millisecond.
      await rig.skipTo(closing - 1);
      const onTime = await (await rig.provider('a', closing - 1)).submit({
        regions: [region],
        documents: completeDocuments(fresh),
      });
      expect(onTime.facts.onTime).toBe(true);
      await rig.skipTo(closing);
      const late = await (await rig.provider('c', closing)).submit({
        regions: [region],
        documents: completeDocuments(fresh),
      });
      expect(late.facts.onTime).toBe(false);
      expect(late.facts.issues[0]).toMatch(/na de sluiting/);
      // A worker backlog does not make an input late: stamped 16:59:59.999, processed ten minutes after closing.
      await rig.skipTo(closing + 10 * 60_000);
      const backlog = await (await rig.provider('f', closing - 1)).submit({
        regions: [region],
        documents: completeDocuments(fresh),
      });
      expect(backlog.facts.onTime).toBe(true);
      const stale = await refusal((await rig.provider('f', closing - 2 * 60 * 60_000)).withdraw());
      expect(stale.message).toMatch(/behind the system clock/);
      // Mandatory documents cannot be added after the closing: refused, with the rule.
      const lateSupplement = await refusal((await rig.provider('b')).supplement([doc('onderbouwing')]));
      expect(lateSupplement.message).toMatch(/cannot be added after the closing/);
      expect((await rig.view('b')).history.filter((h) => h.kind === 'supplement')).toHaveLength(1);

      const opened = await rig.view('e');
      expect(opened.opened).toBe(true);
      expect(opened.submission?.documents).toHaveLength(7);
      expect(opened.submission?.missing).toEqual([]);
      expect((await rig.view('a')).status).toBe('submitted');
      expect((await rig.view('b')).status).toBe('submitted');
      expect((await rig.view('c')).status).toBe('late');
      expect((await rig.view('c')).submission).toMatchObject({ onTime: false, version: null });
      expect((await rig.view('d')).status).toBe('invited');
      expect((await rig.view('f')).status).toBe('submitted');
      await rig.record('provider-part1-supplements', 'b');
      await rig.record('provider-part1-versions', 'e');

      const refused = await rig.mails(ofKind('submissionRefused'), 1);
      expect(refused.map(toOf)).toEqual(['c@aanbieder.example.nl']);
      // Submission reminders (7 and 1 days before) went to who had not submitted by then.
      const reminders = (await rig.mails(ofKind('deadlineReminder'))).filter((m) =>
        /sluiting/.test(m.subject ?? ''),
      );
      const count = (id: string) => reminders.filter(to(id)).length;
      expect({
        a: count('a'),
        b: count('b'),
        c: count('c'),
        d: count('d'),
        e: count('e'),
        f: count('f'),
      }).toEqual({
        a: 2,
        b: 0,
        c: 2,
        d: 2,
        e: 0,
        f: 2,
      });
      // One receipt per accepted input, each with its own Message-ID.
      const receipts = await rig.mails((m) => /Receipt|Refused/.test(kindOf(m)));
      expect(new Set(receipts.map((m) => m.messageId)).size).toBe(receipts.length);
    });
  },
);

serverTest(
  'an amendment moves the closing: timers follow, every provider is told, a passed milestone stays',
  async () => {
    const { config, at, y } = await cycleInFuture(example2024(), 'amend-t3');
    const region = config.regions[0]?.name as string;
    await runCycle(
      env,
      config,
      [provider('a'), provider('b')],
      async (rig) => {
        await rig.skipTo(at(`${y(2023)}-07-26T10:00`));
        const officer = await rig.officer();
        expect(
          (await refusal(officer.amendSchedule('publication', `${y(2023)}-09-01T09:00`))).message,
        ).toMatch(/already passed cannot be moved/);
        expect(
          (await refusal(officer.amendSchedule('submissionDeadline', `${y(2023)}-09-01T17:00`))).message,
        ).toMatch(/must lie after schedule.submissionDeadline/);
        expect(
          (await refusal(officer.amendSchedule('submissionDeadline', `${y(2023)}-07-01T17:00`))).message,
        ).toMatch(/already passed/);
        // The closing moves a week; the assessment, which must come after it, moves first.
        await officer.amendSchedule('assessmentStart', `${y(2023)}-08-09T09:00`);
        const amendment = await officer.amendSchedule(
          'submissionDeadline',
          `${y(2023)}-08-08T17:00`,
          'Nieuwe NvI',
        );
        expect(amendment).toMatchObject({
          number: 2,
          milestone: 'submissionDeadline',
          to: new Date(at(`${y(2023)}-08-08T17:00`)).toISOString(),
        });
        const told = await rig.mails(ofKind('scheduleAmended'), 4);
        expect(told.map(toOf).sort()).toEqual([
          'a@aanbieder.example.nl',
          'a@aanbieder.example.nl',
          'b@aanbieder.example.nl',
          'b@aanbieder.example.nl',
        ]);
        expect(told[0]?.attachments.some((f) => f.filename === 'termijnen.ics')).toBe(true);

        // After the old closing the window is still open.
        await rig.skipTo(at(`${y(2023)}-08-03T10:00`));
        expect((await rig.cycle.query(cycleStatusQuery)).phase).toBe('submissions');
        const receipt = await (await rig.provider('a')).submit({
          regions: [region],
          documents: completeDocuments(`${y(2023)}-07-01`),
        });
        expect(receipt.facts.onTime).toBe(true);
        expect(receipt.facts.deadline?.at).toBe(amendment.to);
        expect((await rig.view('a')).opened).toBe(false);

        await rig.skipTo(at(`${y(2023)}-08-08T17:00`) + 60_000);
        const status = await rig.cycle.query(cycleStatusQuery);
        expect(status.phase).toBe('closed');
        expect(status.reached.find((r) => r.key === 'submissionDeadline')?.plannedAt).toBe(amendment.to);
        expect(status.amendments.map((a) => a.milestone)).toEqual(['assessmentStart', 'submissionDeadline']);
        expect((await rig.view('a')).opened).toBe(true);
        // b was reminded 7 days before the old closing, then 7 and 1 days before the new one.
        const reminders = (await rig.mails(ofKind('deadlineReminder', 'b'))).filter((m) =>
          /sluiting/.test(m.subject ?? ''),
        );
        expect(reminders.map((m) => m.date?.toISOString())).toHaveLength(3);
        // The website shows the procedure and each amendment.
        expect(await postedNotices(config.id, 3)).toEqual([
          'procedure #1',
          'scheduleAmendment #1',
          'scheduleAmendment #2',
        ]);
        expect(posted.find((n) => n.cycleId === config.id && n.sequence === 2)?.summary).toBe(
          `sluiting van de inschrijving: dinsdag 8 augustus ${y(2023)}, 17:00 uur`,
        );
        await rig.record('cycle-part1-amendments');
        await rig.record('provider-part1-amended', 'b');
      },
      WEBSITE,
    );
  },
);

serverTest(
  'provisional tariff: withdrawal within four weeks of the announcement, across the end of summer time',
  async () => {
    const { config, at, y } = await cycleInFuture(example2027(), 'tariff-t4');
    const region = config.regions[0]?.name as string;
    await runCycle(
      env,
      config,
      [provider('a'), provider('b'), provider('c')],
      async (rig) => {
        await rig.skipTo(at(`${y(2026)}-07-20T10:00`));
        for (const id of ['a', 'b', 'c']) {
          await (await rig.provider(id)).submit({
            regions: [region],
            documents: completeDocuments(`${y(2026)}-07-01`),
          });
        }
        // Until the closing a provider may withdraw, tariff or not: c's submission no longer stands.
        await rig.skipTo(at(`${y(2026)}-07-25T10:00`));
        const early = await (await rig.provider('c')).withdraw('Wij zien af van inschrijving');
        expect(early.facts).toMatchObject({ kind: 'withdrawal', onTime: true });
        expect(early.facts.deadline?.key).toBe('submissionDeadline');
        expect((await rig.view('c')).status).toBe('withdrawn');
        await rig.skipTo(at(`${y(2026)}-08-10T10:00`));
        expect((await refusal((await rig.provider('a')).withdraw())).message).toMatch(
          /has not been announced yet/,
        );
        expect((await refusal((await rig.provider('c')).withdraw())).message).toMatch(
          /no standing submission/,
        );

        await rig.skipTo(at(`${y(2026)}-10-01T10:00`));
        const tariff = await (await rig.officer()).announceTariff(88.5);
        // Four weeks after Thursday 1 October: through Thursday 29 October 24:00, after summer time ended (UTC+1).
        expect(tariff.withdrawalDeadline).toBe(`${y(2026)}-10-29T23:00:00.000Z`);
        expect((await refusal((await rig.officer()).announceTariff(90))).message).toMatch(
          /already announced/,
        );
        const announced = await rig.mails(ofKind('tariffAnnounced'), 2);
        expect(announced.map(toOf).sort()).toEqual(['a@aanbieder.example.nl', 'b@aanbieder.example.nl']);

        const lastMs = at(`${y(2026)}-10-29T23:59:59.999`);
        await rig.skipTo(lastMs);
        const withdrawn = await (await rig.provider('a', lastMs)).withdraw('Tarief niet kostendekkend');
        expect(withdrawn.facts).toMatchObject({ kind: 'withdrawal', onTime: true });
        expect(withdrawn.facts.deadline?.key).toBe('withdrawalDeadline');
        await rig.skipTo(lastMs + 1);
        expect((await refusal((await rig.provider('b', lastMs + 1)).withdraw())).message).toMatch(/lapsed/);
        expect((await rig.view('a')).status).toBe('withdrawn');
        expect((await rig.view('b')).status).toBe('submitted');
        await rig.mails(ofKind('withdrawalReceipt', 'a'), 1);
        expect(await postedNotices(config.id, 2)).toEqual(['procedure #1', 'tariff #1']);
        await rig.record('cycle-part1-tariff');
        await rig.record('provider-part1-withdrawn', 'a');
      },
      WEBSITE,
    );
  },
);

serverTest(
  'a worker restarted in the middle of the submission window loses nothing and sends no receipt twice',
  async () => {
    const { config, at, y } = await cycleInFuture(example2024(), 'restart-t5');
    const region = config.regions[0]?.name as string;
    const fresh = `${y(2023)}-07-01`;
    const mail = await startMailRig();
    const activities = createActivities({ email: mail.deps, temporal: { client: env.client } });
    const taskQueue = 'restart-test';
    // The first worker keeps no workflow cache, so no task of its workflows waits on its sticky queue after it is
    // gone: the Java test server never moves such a task to the normal queue (a real server does, after the sticky
    // schedule-to-start timeout), and time skipping would stop there. The second worker rebuilds every workflow
    // from its history, as a restarted worker process does.
    const newWorker = (maxCachedWorkflows?: number) =>
      createWorker({
        connection: env.nativeConnection,
        taskQueue,
        activities,
        workflowBundlePath: process.env.OCO_TEST_WORKFLOW_BUNDLE,
        maxCachedWorkflows,
      });
    const ids = [
      `cycle-${config.id}`,
      providerWorkflowId(config.id, 'a'),
      providerWorkflowId(config.id, 'b'),
    ];
    const inputs = async (id: string) => {
      const now = await env.currentTimeMs();
      return providerInputs(env.client, config.id, id, () => new Date(now));
    };
    const receipts = () => mail.parsed().then((all) => all.filter((m) => /Receipt$/.test(kindOf(m))));
    try {
      await (await newWorker(0)).runUntil(async () => {
        const cycle = await env.client.workflow.start(cycleWorkflow, {
          taskQueue,
          workflowId: ids[0] as string,
          args: [{ config }],
        });
        await plannedStatus(cycle);
        await officerActions(env.client, config.id).registerProviders([provider('a'), provider('b')]);
        await skipTo(env, at(`${y(2023)}-07-20T10:00`));
        await (await inputs('a')).submit({ regions: [region], documents: completeDocuments(fresh) });
        await (await inputs('b')).submit({
          regions: [region],
          documents: completeDocuments(fresh).filter((d) => d.kind !== 'uboRegister'),
        });
        for (let i = 0; (await receipts()).length < 2 && i < 400; i++)
          await new Promise((r) => setTimeout(r, 25));
      });
      // The first worker is gone; a new one takes over the same task queue with the running cycle.
      await (await newWorker()).runUntil(async () => {
        await skipTo(env, at(`${y(2023)}-07-27T10:00`));
        await (await inputs('b')).supplement([doc('uboRegister', fresh)]);
        await (await inputs('a')).submit({ regions: [region], documents: completeDocuments(fresh) });
        await skipTo(env, at(config.schedule.submissionDeadline) + 60_000);
        for (let i = 0; (await receipts()).length < 4 && i < 400; i++)
          await new Promise((r) => setTimeout(r, 25));
        const view = (id: string) =>
          env.client.workflow.getHandle(providerWorkflowId(config.id, id)).query(providerViewQuery);
        const a = await view('a');
        expect(a.history.map((h) => h.sequence)).toEqual([1, 2]);
        expect(a.submission).toMatchObject({ version: 2, onTime: true, missing: [] });
        expect((await view('b')).status).toBe('submitted');
      });
      const sent = await receipts();
      expect(sent.map(kindOf).sort()).toEqual([
        'submissionReceipt',
        'submissionReceipt',
        'submissionReceipt',
        'supplementReceipt',
      ]);
      expect(new Set(sent.map((m) => m.messageId)).size).toBe(4);
      expect(
        // Headers unfolded first: a long Message-ID (with its routing token) is folded onto the next line.
        new Set(
          mail.server.received.map(
            (m) =>
              m.raw
                .toString()
                .replace(/\r?\n[ \t]+/g, ' ')
                .match(/^Message-ID: *(\S+)\r?$/im)?.[1],
          ),
        ).size,
      ).toBe(mail.server.received.length);
    } finally {
      await Promise.all(
        ids.map((id) =>
          env.client.workflow
            .getHandle(id)
            .terminate('test finished')
            .catch(() => undefined),
        ),
      );
      await mail.stop();
    }
  },
);

serverTest(
  'questions sent at once each get a receipt, and the history replays command for command',
  async () => {
    const { config, at, y } = await cycleInFuture(example2024(), 'questions-at-once');
    await runCycle(env, config, [provider('a')], async (rig) => {
      await rig.skipTo(at(`${y(2023)}-06-05T10:00`));
      const inputs = await rig.provider('a');
      // Each Update seals its receipt with a local activity; one at a time, so a replay issues the same commands.
      const receipts = await Promise.all(['Eén?', 'Twee?', 'Drie?'].map((q) => inputs.askQuestion(q)));
      expect(receipts.map((r) => r.facts.sequence).sort()).toEqual([1, 2, 3]);
      const workflowId = providerWorkflowId(config.id, 'a');
      const history = await rig.env.client.workflow.getHandle(workflowId).fetchHistory();
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: process.env.OCO_TEST_WORKFLOW_BUNDLE as string } },
        history,
        workflowId,
      );
    });
  },
);
