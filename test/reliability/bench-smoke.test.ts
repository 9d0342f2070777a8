/**
 * The benchmark's load parts still run (issue 9, item 7), at tiny sizes: (a) the deadline rush and its saturated run,
 * (b) the floor, (c) the national simulation. Asserts what they count (accepted, delivered, assessed, contracts,
 * failures), never how fast: timings belong to `npm run bench`.
 */
import { benchDeadlineRush } from '../../bench/deadline-rush';
import { benchFloor } from '../../bench/floor';
import { benchNational } from '../../bench/national';
import { quietRuntime } from '../helpers/temporal';

beforeAll(quietRuntime);

test('(b) the floor: every input recorded and answered, one e-mail each, paced and saturated', async () => {
  const floor = await benchFloor(6, 4_000, undefined, 3);
  for (const run of [floor.rush, floor.saturated]) {
    expect(run).toMatchObject({ inputs: 6, accepted: 6, refused: 0, delivered: 6, duplicates: 0 });
    expect(run.timed).toHaveLength(6);
    // Every input's Update and e-mail activity were found in its workflow's history.
    expect(run.stages.read).toBe(6);
    expect(run.stages.activity.p50).toBeGreaterThanOrEqual(0);
  }
});

test('(a) the deadline rush: every submission accepted on time, every receipt delivered, paced and saturated', async () => {
  const rush = await benchDeadlineRush(4, 4_000, undefined, 2);
  for (const run of [rush.rush, rush.saturated]) {
    expect(run).toMatchObject({ inputs: 4, accepted: 4, refused: 0, delivered: 4, markedLate: 0 });
    expect(run.stages.read).toBe(4);
  }
  expect(rush.rush.bySlice.reduce((n, s) => n + s.count, 0)).toBe(4);
});

test.each([
  ['one server and worker for all', 'one'],
  ['a server and worker for each', 'each'],
] as const)(
  '(c) the national simulation, %s: seven cycles over 31 regions, every submission assessed, every selected provider a contract',
  async (_label, servers) => {
    const national = await benchNational(16, undefined, 8, servers);
    expect(national.cycles).toHaveLength(7);
    expect(national.cycles.reduce((n, c) => n + c.regions, 0)).toBe(31);
    expect(national.providerWorkflows).toBeGreaterThan(16);
    for (const cycle of national.cycles) {
      expect(cycle.applicants).toBeGreaterThan(0);
      expect(cycle).toMatchObject({ notAssessed: 0, selectedWithoutContract: 0, refusals: 0 });
      expect(cycle.onTime).toBe(cycle.applicants);
      expect(cycle.contractsSigned).toBe(cycle.selected);
    }
    expect(national.cycles.reduce((n, c) => n + c.selected, 0)).toBeGreaterThan(0);
    expect(national).toMatchObject({ failedWorkflows: 0, failedTasks: 0 });
    expect(national.workflows).toBeGreaterThanOrEqual(national.providerWorkflows + 7);
    expect(national.messages).toBeGreaterThan(national.inputs);
  },
);
