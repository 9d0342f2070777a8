/**
 * The dry-run simulator: a scenario in the past runs on its own time-skipping server (28-year shift) and is reported
 * in its own dates; refused events are listed and the run goes on; a wrong file gets every problem, exit 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { validateScenario } from '../../domain/scenario';
import { simulateScenario } from '../../simulator/simulate';
import { provisionTestServer } from '../../temporal-server/provision';
import { rawConfig } from '../helpers/configs';
import { quietRuntime } from '../helpers/temporal';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', '..', 'bin', 'oco.js');

beforeAll(quietRuntime);

const docs = (issuedOn: string) =>
  ['bestuursverklaring', 'machtiging', 'vogRp', 'kvkUittreksel', 'uboRegister', 'onderbouwing'].map(
    (kind) => ({
      kind,
      name: `${kind}.pdf`,
      ...(['vogRp', 'kvkUittreksel', 'uboRegister'].includes(kind) ? { issuedOn } : {}),
    }),
  );

function scenario() {
  return {
    config: rawConfig(),
    providers: [
      { id: 'noord', name: 'Stichting Noord', email: 'noord@example.nl' },
      { id: 'zuid', name: 'Zuid <OCO> B.V.', email: 'zuid@example.nl' },
      { id: 'stil', name: 'Stichting Stil', email: 'stil@example.nl' },
    ],
    events: [
      { at: '2023-06-10T10:00', type: 'question', provider: 'noord', text: 'Wat is de omvang?' },
      { at: '2023-06-17T12:00:00.000', type: 'question', provider: 'zuid', text: 'Te laat?' },
      {
        at: '2023-06-20T10:00',
        type: 'nvi',
        answers: [{ questions: [0], answer: 'Zie 4.2', changesDocuments: false }],
      },
      {
        at: '2023-07-20T10:00',
        type: 'submission',
        provider: 'noord',
        regions: ['Utrecht'],
        documents: docs('2023-07-01'),
      },
      {
        at: '2023-07-21T10:00',
        type: 'submission',
        provider: 'zuid',
        regions: ['Atlantis'],
        documents: docs('2023-07-01'),
      },
      {
        at: '2023-08-01T16:59:59.999',
        type: 'submission',
        provider: 'zuid',
        regions: ['Amsterdam'],
        documents: docs('2023-07-01').filter((d) => d.kind !== 'vogRp'),
      },
      {
        at: '2023-08-01T17:00',
        type: 'submission',
        provider: 'stil',
        regions: ['Amsterdam'],
        documents: docs('2023-07-01'),
      },
      { at: '2023-08-02T10:00', type: 'withdrawal', provider: 'noord' },
    ],
  };
}

test('a past scenario runs shifted, is reported in its own dates, and lists what the system refused', async () => {
  const validated = validateScenario(scenario(), () => ({ ok: false, problems: [] }));
  if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
  const report = await simulateScenario(validated.scenario, {
    provisioned: await provisionTestServer({}),
    workflowBundlePath: process.env.OCO_TEST_WORKFLOW_BUNDLE,
  });
  expect(report.shiftedYears % 28).toBe(0);
  expect(report.shiftedYears).toBeGreaterThan(0);
  expect(report.phase).toBe('assessment');

  // Messages in time order, in 2023, each with its template kind.
  const times = report.messages.map((m) => Date.parse(m.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  // Dated when the workflow asked for it: the publication instant, or a moment after on a busy machine.
  expect(report.messages[0]?.kind).toBe('publication');
  const publishedAfter = Date.parse(report.messages[0]?.at ?? '') - Date.parse('2023-06-01T07:00:00.000Z');
  expect(publishedAfter).toBeGreaterThanOrEqual(0);
  expect(publishedAfter).toBeLessThan(10_000);
  expect(report.messages.every((m) => m.at.startsWith('2023-'))).toBe(true);
  expect(report.messages.every((m) => m.subject.includes('2024-2025'))).toBe(true);
  const kinds = (to: string) => report.messages.filter((m) => m.to === to).map((m) => m.kind);
  expect(kinds('noord@example.nl')).toEqual(
    expect.arrayContaining(['publication', 'questionReceipt', 'nviPublished', 'submissionReceipt']),
  );
  expect(kinds('zuid@example.nl')).toContain('questionLate');
  expect(kinds('stil@example.nl')).toContain('submissionRefused');
  // The NvI did not come by nviPublication? It did (20 June): no warning to the officer.
  expect(report.messages.filter((m) => m.kind === 'nviOverdue')).toEqual([]);

  expect(report.providers.noord).toMatchObject({
    status: 'submitted',
    submission: { receivedAt: '2023-07-20T08:00:00.000Z', onTime: true, missing: [], regions: ['Utrecht'] },
  });
  expect(report.providers.zuid?.status).toBe('incomplete');
  expect(report.providers.zuid?.submission).toMatchObject({
    receivedAt: '2023-08-01T14:59:59.999Z',
    onTime: true,
  });
  expect(report.providers.zuid?.submission?.missing[0]).toMatch(/^Ontbreekt: Verklaring omtrent gedrag/);
  expect(report.providers.zuid?.questions).toEqual([
    { number: 1, receivedAt: '2023-06-17T10:00:00.000Z', onTime: false, answered: false },
  ]);
  expect(report.providers.stil).toMatchObject({ status: 'late', submission: { onTime: false } });

  expect(report.refusals.map((r) => [r.at, r.type, r.provider])).toEqual([
    ['2023-07-21T08:00:00.000Z', 'submission', 'zuid'],
    ['2023-08-01T15:00:00.000Z', 'submission', 'stil'],
    ['2023-08-02T08:00:00.000Z', 'withdrawal', 'noord'],
    ['2023-09-15T06:59:00.000Z', 'selectionOverride', null],
    ['2023-09-15T06:59:00.000Z', 'selectionOverride', null],
  ]);
  expect(report.refusals[0]?.reason).toMatch(/"Atlantis" is not a region/);
  expect(report.refusals[2]?.reason).toMatch(/cannot be withdrawn/);
  // Nobody was assessed: the proposals cannot be confirmed, and the announcement is held back, not sent half.
  expect(report.refusals[3]?.reason).toMatch(
    /^Amsterdam: the proposal cannot be confirmed: .*not assessed: zuid$/,
  );
  expect(report.messages.filter((m) => m.kind === 'assessmentOverdue').map((m) => m.subject)).toEqual([
    expect.stringMatching(/^Let op: beoordeling niet compleet/),
    expect.stringMatching(/^Bekendmaking tegengehouden/),
  ]);
  expect(report.messages.filter((m) => ['selected', 'notSelected'].includes(m.kind))).toEqual([]);
  expect(report.providers.noord?.regions).toEqual({});
  expect(report.legal).toEqual([]);
});

test('oco simulate refuses a wrong scenario file with every problem and its path, exit 2', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oco-simulate-'));
  const file = path.join(dir, 'wrong.json');
  const wrong = scenario();
  (wrong.events[0] as Record<string, unknown>).at = '2023-02-30T10:00';
  (wrong.events[1] as Record<string, unknown>).provider = 'onbekend';
  (wrong.events[2] as Record<string, unknown>).type = 'nota';
  writeFileSync(file, JSON.stringify(wrong));
  const failure = await run('node', [BIN, 'simulate', '--scenario', file]).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failure?.code).toBe(2);
  expect(failure?.stderr).toContain('events[0].at');
  expect(failure?.stderr).toContain('events[1].provider: unknown provider "onbekend"');
  expect(failure?.stderr).toContain('events[2].type');
});

test('the 2024-2025 example runs into the contract year: outcomes, objections, kort geding, contracts and the budget ladder in --json', async () => {
  const scenarioFile = path.join(__dirname, '..', '..', 'examples', 'zk-2024-2025.scenario.json');
  const { stdout } = await run('node', [BIN, 'simulate', '--scenario', scenarioFile, '--json'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(stdout) as Awaited<ReturnType<typeof simulateScenario>>;
  expect(report.phase).toBe('completed');
  // Five applicants for four places in Utrecht: the fifth is told why not.
  const utrecht = Object.entries(report.providers).filter(([, p]) => p.regions.Utrecht !== undefined);
  expect(utrecht.map(([id, p]) => [id, p.regions.Utrecht]).sort()).toEqual([
    ['brug', 'selected'],
    ['kern', 'selected'],
    ['samenkracht', 'selected'],
    ['steunpunt', 'selected'],
    ['wijzer', 'rejected'],
  ]);
  expect(report.providers.horizon?.regions).toEqual({ Drenthe: 'selected', Zwolle: 'rejected' });
  // One objection answered on the last day, followed by a kort geding; one a moment too late.
  expect(report.providers.wijzer?.objection).toEqual({
    filedAt: '2023-09-25T12:00:00.000Z',
    onTime: true,
    answerDueAt: '2023-10-15T22:00:00.000Z',
    answeredAt: expect.stringMatching(/^2023-10-15T14:00:00\.\d{3}Z$/),
    outcome: 'rejected',
    kortGedingDeadline: '2023-10-29T23:00:00.000Z',
  });
  expect(report.providers.horizon?.objection).toMatchObject({
    filedAt: '2023-09-29T22:00:00.000Z',
    onTime: false,
  });
  expect(report.legal.map((r) => [r.providerId, r.onTime, r.kortGedingServed?.servedOn ?? null])).toEqual([
    ['wijzer', true, '2023-10-24'],
    ['horizon', false, null],
  ]);
  // Every selected provider got a contract; all but one signed it, and the officer heard of that one.
  expect(report.providers.gooise?.contract).toEqual({
    sentAt: expect.stringMatching(/^2023-10-16T07:00/),
    signedAt: null,
  });
  expect(report.providers.wijzer?.contract).toBeNull();
  expect(report.messages.filter((m) => m.kind === 'contractsUnsigned')).toHaveLength(1);
  // The contract year 2024: kompas climbs the whole ladder to referral, wegwijzer is helped by a transfer from
  // horizon, zorgmaatje's February peak is incidental; hours for a Utrecht client booked on Rotterdam are refused.
  expect(report.providers.kompas?.budget?.Rotterdam).toMatchObject({ ceiling: 120_000, step: 'referral' });
  expect(report.providers.kompas?.transitions?.map((t) => [t.to, t.at])).toEqual([
    ['maatwerk', '2024-04-05T08:00:00.000Z'],
    ['overheveling', '2024-04-12T08:00:00.000Z'],
    ['vws', '2024-04-19T08:00:00.000Z'],
    ['referral', '2024-05-21T12:00:00.000Z'],
  ]);
  expect(report.providers.wegwijzer?.budget?.Drenthe).toMatchObject({ ceiling: 70_000, step: 'none' });
  expect(report.providers.wegwijzer?.transitions?.map((t) => [t.from, t.to, t.by])).toEqual([
    ['none', 'maatwerk', 'system'],
    ['maatwerk', 'overheveling', 'Zorginkoop OCO Zilveren Kruis'],
    ['overheveling', 'none', 'system'],
  ]);
  expect(report.providers.horizon?.budget?.Drenthe).toMatchObject({ ceiling: 50_000, step: 'none' });
  expect(report.providers.zorgmaatje?.budget?.Zwolle).toMatchObject({ projected: 82_290, step: 'none' });
  expect(report.providers.zorgmaatje?.transitions).toEqual([]);
  expect(report.refusals.find((r) => r.type === 'production')?.reason).toMatch(
    /^clientRegion: hours for clients of Utrecht may not be booked on Rotterdam/,
  );
  const budgetMessages = report.messages.filter((m) => m.at >= '2024-01-01');
  expect(budgetMessages.filter((m) => m.kind === 'transferProposal')).toHaveLength(2);
  expect(budgetMessages.some((m) => m.kind === 'vwsReminder')).toBe(true);
  // The procurement's own messages all went out before the contract start.
  expect(report.messages.filter((m) => m.at >= '2024-01-02').every((m) => BUDGET_KINDS.has(m.kind))).toBe(
    true,
  );
});

const BUDGET_KINDS = new Set([
  'budgetReceipt',
  'obligationReminder',
  'obligationOverdue',
  'overrunStep',
  'ladderOverdue',
  'ceilingChanged',
  'budgetReview',
  'transferProposal',
  'vwsReminder',
]);
