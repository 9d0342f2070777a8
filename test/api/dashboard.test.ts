/**
 * The dashboard's read endpoints against the real workflows on the time-skipping server: who a token is, every cycle
 * with its phase, next milestone and what needs attention (the NvI overdue), the timeline with reached milestones and
 * an amendment, the calendar, the providers, a provider's mail thread (its receipt once, the mail it sent) and who may
 * read what; and the budgets of a contract period read from real contract-period workflows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { cycleBudgets } from '../../client/budgets';
import { contractInputs } from '../../client/contract-period';
import { ProviderDirectory } from '../../inbound/directory';
import { InboundLedger } from '../../inbound/ledger';
import { acknowledgmentAbout } from '../../inbound/take-in';
import { JsonLinesSentMailJournal } from '../../mail/outbox-journal';
import { budgetCoordinatorWorkflow } from '../../workflows/budget-coordinator';
import { contractPeriodWorkflow } from '../../workflows/contract-period';
import { type CycleStatus, cycleStatusQuery } from '../../workflows/cycle-api';
import { budgetWorkflowId, contractWorkflowId } from '../../workflows/ids';
import { type ApiRig, startApi } from '../helpers/api';
import { example2024, example2027 } from '../helpers/configs';
import { handoverOf } from '../helpers/contracts';
import { completeDocuments, cycleInFuture, kindOf, provider, runCycle, toOf } from '../helpers/cycle-rig';
import { startMailRig } from '../helpers/mail';
import { skipTo, testOnOwnServer, withWorker } from '../helpers/temporal';

const file = (name: string, sha: string) => ({
  name,
  sizeBytes: 3,
  sha256: sha,
  mediaType: 'application/pdf',
});

testOnOwnServer(
  'the dashboard reads: me, cycles with attention, timeline, calendar, providers, a thread; who may read what',
  async (env: TestWorkflowEnvironment) => {
    const { config, at, y } = await cycleInFuture(env, example2024(), 'dash');
    const dir = await mkdtemp(path.join(tmpdir(), 'oco-dashboard-'));
    const outbox = new JsonLinesSentMailJournal(path.join(dir, 'outbox.jsonl'));
    const ledger = new InboundLedger(path.join(dir, 'ledger.jsonl'));
    await runCycle(
      env,
      config,
      [provider('a'), provider('b')],
      async (cycle) => {
        let now = await env.currentTimeMs();
        const skip = async (ms: number) => {
          await skipTo(env, ms);
          now = ms;
        };
        const api: ApiRig = await startApi(env.client, {
          clock: () => new Date(now),
          outbox,
          cycleIds: [config.id],
          inbound: { ledger, directory: new ProviderDirectory(env.client, [config.id]) },
        });
        try {
          const officer = await api.token('officer');
          const legal = await api.token('legal');
          const a = await api.token('provider', 'a');
          const b = await api.token('provider', 'b', config.id);
          const get = (route: string, token: string) => api.request('GET', route, { token });

          // Who the token is.
          const me = await Promise.all([officer, legal, a, b].map((t) => get('/me', t)));
          expect(
            me.map((r) => [r.status, r.body.role, r.body.label, r.body.providerId, r.body.cycleId]),
          ).toEqual([
            [200, 'officer', 'M. de Vries', null, null],
            [200, 'legal', 'legal', null, null],
            [200, 'provider', 'provider a', 'a', null],
            [200, 'provider', 'provider b', 'b', config.id],
          ]);
          expect(me[0]?.body.tokenId).toMatch(/^[a-z0-9]{12}$/);

          // Every cycle: before publication, nothing needs attention.
          const before = await get('/cycles', officer);
          expect(before.status).toBe(200);
          expect(before.body.cycles).toEqual([
            {
              cycleId: config.id,
              title: config.title,
              wlzUitvoerder: { name: 'Zilveren Kruis', email: config.wlzUitvoerder.email },
              running: true,
              workflowStatus: 'RUNNING',
              startedAt: expect.any(String),
              phase: 'scheduled',
              phaseLabel: 'nog niet gepubliceerd',
              next: {
                key: 'publication',
                label: 'publicatie van de inkoopprocedure',
                at: new Date(at(config.schedule.publication)).toISOString(),
                display: `donderdag 1 juni ${y(2023)}, 09:00 uur`,
              },
              providers: 2,
              attention: [],
              readError: null,
            },
          ]);
          for (const route of [
            '/cycles',
            `/cycles/${config.id}/timeline`,
            `/cycles/${config.id}/providers`,
          ]) {
            const refused = await get(route, a);
            expect([route, refused.status, refused.body.error.message]).toEqual([
              route,
              403,
              'a provider token may not do this (allowed: officer, legal)',
            ]);
          }

          // An amendment before publication; then the publication, a's submission and its receipt.
          const amended = await api.request('POST', `/cycles/${config.id}/schedule-amendments`, {
            token: officer,
            body: { milestone: 'assessmentStart', to: `${y(2023)}-08-03T09:00`, reason: 'Meer tijd nodig' },
          });
          expect(amended.status).toBe(201);
          const amendedAt = new Date(now).toISOString();
          await skip(at(config.schedule.publication) + 60_000);
          const issuedOn = config.schedule.publication.slice(0, 10);
          const receipt = await (await cycle.provider('a')).submit({
            regions: ['Utrecht'],
            documents: completeDocuments(issuedOn),
          });
          const [receiptMail] = await cycle.mails(
            (m) => kindOf(m) === 'submissionReceipt' && toOf(m) === 'a@aanbieder.example.nl',
            1,
          );
          // What a sent by e-mail: a question routed to it, a message in triage from its address; and someone else's.
          const received = (messageId: string, from: string, extra: object) =>
            ledger.add({
              messageId,
              receivedAt: new Date(now + 1000).toISOString(),
              from,
              subject: `Bericht ${messageId}`,
              rawSha256: '0'.repeat(64),
              files: [file('vraag.pdf', '1'.repeat(64))],
              ...extra,
            } as Parameters<typeof ledger.add>[0]);
          received('<q1@aanbieder.example.nl>', 'a@aanbieder.example.nl', {
            outcome: 'routed',
            cycleId: config.id,
            providerId: 'a',
            kind: 'question',
            receiptCode: 'X',
          });
          received('<t1@aanbieder.example.nl>', 'A@aanbieder.example.nl', { outcome: 'triage', reason: 'x' });
          received('<t2@elders.nl>', 'c@elders.nl', { outcome: 'triage', reason: 'x' });
          // The acknowledgment of the triage item is about that message, and belongs in a's thread.
          outbox.record({
            messageId: '<ack-t1@zilverenkruis.nl>',
            at: new Date(now + 2000).toISOString(),
            to: ['a@aanbieder.example.nl'],
            subject: 'Ontvangen',
            kind: 'inboundReceived',
            cycleId: config.id,
            providerId: acknowledgmentAbout('<t1@aanbieder.example.nl>'),
            sequence: 1,
          });

          // Past the NvI's planned instant without an NvI: the overview says so.
          await skip(at(config.schedule.nviPublication) + 60_000);
          const overdue = (await get('/cycles', legal)).body.cycles[0];
          expect([overdue.phase, overdue.phaseLabel, overdue.next.key]).toEqual([
            'submissions',
            'inschrijving open',
            'submissionDeadline',
          ]);
          expect(overdue.attention).toEqual([
            {
              kind: 'nviOverdue',
              count: 1,
              message: `De Nota van Inlichtingen is nog niet gepubliceerd; die stond gepland op zaterdag 1 juli ${y(2023)}, 00:00 uur.`,
            },
          ]);

          // The timeline: reached milestones, the amendment, the reminders (b's: a had submitted).
          const timeline = await get(`/cycles/${config.id}/timeline`, legal);
          expect(timeline.status).toBe(200);
          const status = await cycle.cycle.query(cycleStatusQuery);
          const { milestones, reminders, ...rest } = timeline.body;
          expect(rest).toEqual({
            cycleId: config.id,
            timezone: 'Europe/Amsterdam',
            now: new Date(now).toISOString(),
          });
          expect(milestones.map((m: { key: string }) => m.key)).toEqual(status.timeline.map((m) => m.key));
          const byKey = Object.fromEntries(milestones.map((m: { key: string }) => [m.key, m]));
          expect(byKey.publication).toMatchObject({
            label: 'publicatie van de inkoopprocedure',
            reached: true,
          });
          expect(byKey.publication.reachedAt).toEqual(expect.any(String));
          expect([byKey.nviPublication.reached, byKey.submissionDeadline.reached]).toEqual([true, false]);
          expect(byKey.assessmentStart).toMatchObject({
            at: new Date(at(`${y(2023)}-08-03T09:00`)).toISOString(),
            display: `donderdag 3 augustus ${y(2023)}, 09:00 uur`,
            reached: false,
            reachedAt: null,
            amendments: [
              {
                number: 1,
                from: new Date(at(config.schedule.assessmentStart)).toISOString(),
                to: new Date(at(`${y(2023)}-08-03T09:00`)).toISOString(),
                amendedAt,
                reason: 'Meer tijd nodig',
              },
            ],
          });
          expect(
            reminders.map((r: { key: string; daysBefore: number; count: number }) => [
              r.key,
              r.daysBefore,
              r.count,
            ]),
          ).toEqual([
            ['questionDeadline', 7, 1],
            ['questionDeadline', 1, 1],
          ]);

          // The calendar: one event per milestone, the amended one at its new time.
          const ics = await get(`/cycles/${config.id}/calendar.ics`, officer);
          expect([
            ics.status,
            ics.headers.get('content-type'),
            ics.headers.get('content-disposition'),
          ]).toEqual([200, 'text/calendar; charset=utf-8', `attachment; filename="${config.id}.ics"`]);
          expect(ics.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
          expect(ics.body.match(/BEGIN:VEVENT/g)).toHaveLength(milestones.length);
          expect(ics.body).toContain(`UID:${config.id}.assessmentStart@oco-contracting`);

          // The providers.
          const providers = await get(`/cycles/${config.id}/providers`, legal);
          expect(providers.body.providers.map((p: { provider: { id: string } }) => p.provider.id)).toEqual([
            'a',
            'b',
          ]);

          // a's thread, read by a: its receipt once (with subject and Message-ID), the mail it sent, oldest first.
          const thread = async (token: string) => {
            for (let i = 0; ; i++) {
              const answer = await get(`/cycles/${config.id}/providers/a/thread`, token);
              const found = answer.body.messages?.some(
                (m: { kind: string }) => m.kind === 'submissionReceipt',
              );
              if (found || i > 100) return answer;
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          };
          const own = await thread(a);
          expect(own.status).toBe(200);
          const messages: { direction: string; kind: string; messageId: string; at: string }[] =
            own.body.messages;
          const receipts = messages.filter((m) => m.messageId === receiptMail?.messageId);
          expect(receipts).toEqual([
            expect.objectContaining({
              direction: 'out',
              kind: 'submissionReceipt',
              subject: receiptMail?.subject,
              to: ['a@aanbieder.example.nl'],
              files: [expect.objectContaining({ name: 'ontvangstbevestiging.json' })],
            }),
          ]);
          expect(receipt.code).toEqual(expect.any(String));
          expect(messages.filter((m) => m.direction === 'in').map((m) => [m.messageId, m.kind])).toEqual([
            ['<q1@aanbieder.example.nl>', 'question'],
            ['<t1@aanbieder.example.nl>', 'unrouted'],
          ]);
          expect(messages.map((m) => m.kind)).toEqual(
            expect.arrayContaining(['publication', 'inboundReceived']),
          );
          expect(messages.map((m) => m.at)).toEqual(messages.map((m) => m.at).sort());
          expect((await get(`/cycles/${config.id}/providers/a/thread`, officer)).body).toEqual(own.body);
          for (const [token, route, message] of [
            [b, `/cycles/${config.id}/providers/a/thread`, 'this token acts for provider b, not a'],
            [a, `/cycles/${config.id}/providers/b/thread`, 'this token acts for provider a, not b'],
          ] as const) {
            const refused = await get(route, token);
            expect([refused.status, refused.body.error.message]).toEqual([403, message]);
          }

          // No contract period yet.
          expect((await get(`/cycles/${config.id}/budgets`, officer)).body).toEqual({
            cycleId: config.id,
            contracts: [],
            coordinator: null,
            review: [],
          });

          // Bad input: an unknown cycle or provider is 404 naming it; a malformed id is 400 naming the field.
          for (const route of ['timeline', 'calendar.ics', 'providers', 'budgets']) {
            const unknown = await get(`/cycles/bestaat-niet/${route}`, officer);
            expect([route, unknown.status, unknown.body.error.message]).toEqual([
              route,
              404,
              'there is no cycle bestaat-niet',
            ]);
          }
          const unknownProvider = await get(`/cycles/${config.id}/providers/zz/thread`, officer);
          expect([unknownProvider.status, unknownProvider.body.error.message]).toEqual([
            404,
            `provider zz is not registered in cycle ${config.id}`,
          ]);
          const malformed = await get('/cycles/Niet_Goed/timeline', officer);
          expect([
            malformed.status,
            malformed.body.error.problems.map((p: { path: string }) => p.path),
          ]).toEqual([400, ['params.cycleId']]);
        } finally {
          await api.close();
        }
      },
      {},
      { outbox },
    );
    await rm(dir, { recursive: true, force: true });
  },
);

testOnOwnServer(
  'the budgets of a contract period: each contract by month, the coordinator, the review',
  async (env) => {
    const { config, at, y } = await cycleInFuture(env, example2027(), 'dash-budgets');
    const Y = y(2027);
    const mail = await startMailRig();
    try {
      await skipTo(env, at(`${Y}-01-01T00:00`) - 60_000);
      const activities = createActivities({ email: mail.deps, temporal: { client: env.client } });
      await withWorker(
        env,
        async ({ start }) => {
          const contracts = [
            [provider('a'), [{ name: 'Nijmegen', ceiling: 120_000 }]],
            [
              provider('b'),
              [
                { name: 'Nijmegen', ceiling: 60_000 },
                { name: 'Waardenland', ceiling: 30_000 },
              ],
            ],
          ] as const;
          for (const [p, regions] of contracts)
            await start(contractPeriodWorkflow, {
              workflowId: contractWorkflowId(config.id, p.id),
              args: [handoverOf(config, p, [...regions])],
            });
          await start(budgetCoordinatorWorkflow, {
            workflowId: budgetWorkflowId(config.id),
            args: [{ cycleId: config.id, config, providers: contracts.map(([p]) => p) }],
          });
          await skipTo(env, at(`${Y}-02-02T09:00`));
          const stamp = () => new Date(at(`${Y}-02-02T09:00`));
          await contractInputs(env.client, config.id, 'a', stamp).reportProduction({
            month: `${Y}-01`,
            region: 'Nijmegen',
            hours: 120,
          });
          await contractInputs(env.client, config.id, 'a', stamp).submitPrognosis({
            year: Y,
            months: Array.from({ length: 12 }, () => 10_000),
          });

          // What the cycle hands over names the contracts; one that never started has nothing to read.
          const status = {
            cycleId: config.id,
            config,
            handover: { at: '', handedOver: ['a', 'b', 'never-started'], unsigned: [] },
          } as unknown as CycleStatus;
          const budgets = await cycleBudgets(env.client, status);
          expect(budgets.contracts.map((c) => [c.provider.id, c.months.length])).toEqual([
            ['a', 24],
            ['b', 48],
          ]);
          expect(budgets.contracts[0]?.months.slice(0, 2)).toEqual([
            {
              region: 'Nijmegen',
              year: Y,
              month: `${Y}-01`,
              spentCents: 1_200_000,
              reported: true,
              prognosisCents: 1_000_000,
            },
            {
              region: 'Nijmegen',
              year: Y,
              month: `${Y}-02`,
              spentCents: 0,
              reported: false,
              prognosisCents: 1_000_000,
            },
          ]);
          expect(budgets.coordinator?.providers.map((p) => p.id)).toEqual(['a', 'b']);
          // The review as the June and October messages list it: a's January run (€ 12,000 a month) projects € 144,000.
          expect(budgets.review.filter((r) => r.year === Y)).toEqual([
            {
              region: 'Nijmegen',
              year: Y,
              providers: 2,
              ceilingCents: 18_000_000,
              projectedCents: 14_400_000 + 6_000_000,
              headroomCents: 18_000_000 - 20_400_000,
            },
            {
              region: 'Waardenland',
              year: Y,
              providers: 1,
              ceilingCents: 3_000_000,
              projectedCents: 3_000_000,
              headroomCents: 0,
            },
          ]);
          expect(budgets.review.filter((r) => r.year === Y + 1).map((r) => r.region)).toEqual([
            'Nijmegen',
            'Waardenland',
          ]);
        },
        activities,
      );
    } finally {
      await mail.stop();
    }
  },
);
