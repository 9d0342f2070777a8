/**
 * The cycle workflow on the real time-skipping server: real worker, real workflow bundle, real timers.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { type Activities, createActivities } from '../../activities';
import { plannedStatus } from '../../client/cycles';
import type { CycleConfig } from '../../domain/config';
import { shiftConfigByYears, yearsToFuture } from '../../domain/shift';
import { cycleWorkflow } from '../../workflows/cycle';
import { cycleStatusQuery, type ReachedMilestone } from '../../workflows/cycle-api';
import { example2024 } from '../helpers/configs';
import { type MailRig, startMailRig } from '../helpers/mail';
import { recordHistory, skipTo, startOwnServer, withWorker } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let mail: MailRig;
let activities: Activities;

beforeAll(async () => {
  // A server of its own: the 2024-2025 cycles here need a 28-year era of the clock that tests sharing a server may
  // already have used up (a shift must stay before 2100).
  env = await startOwnServer();
  mail = await startMailRig();
  activities = createActivities({ email: mail.deps, temporal: { client: env.client } });
});

afterAll(async () => {
  await mail?.stop();
  await env?.teardown();
});

function at(config: CycleConfig, local: string): number {
  return DateTime.fromISO(local, { zone: config.timezone }).toMillis();
}

const MINUTE = 60_000;

function expectReachedOnTime(reached: ReachedMilestone): void {
  const lateBy = Date.parse(reached.reachedAt) - Date.parse(reached.plannedAt);
  expect({ key: reached.key, early: lateBy < 0 }).toEqual({ key: reached.key, early: false });
  expect(lateBy).toBeLessThan(5_000);
}

test('a full 2024-2025 cycle runs on durable timers, with the phase right at each instant', async () => {
  const base = example2024();
  const years = yearsToFuture(base, await env.currentTimeMs());
  const config = shiftConfigByYears(base, years);
  const y = (year: number) => year + years;
  // The test server ends workflows that would run more than ten years, so move its clock to the cycle's era first.
  await skipTo(env, at(config, config.schedule.publication) - 24 * 60 * MINUTE);

  await withWorker(
    env,
    async ({ start }) => {
      const handle = await start(cycleWorkflow, { args: [{ config }] });
      const phaseAt = async (local: string) => {
        await skipTo(env, at(config, local));
        return (await handle.query(cycleStatusQuery)).phase;
      };

      expect((await handle.query(cycleStatusQuery)).phase).toBe('scheduled');
      expect(await phaseAt(`${y(2023)}-06-01T08:59`)).toBe('scheduled');
      expect(await phaseAt(`${y(2023)}-06-01T09:01`)).toBe('questions');
      expect(await phaseAt(`${y(2023)}-06-17T12:01`)).toBe('nviPreparation');
      expect(await phaseAt(`${y(2023)}-08-01T16:59`)).toBe('submissions');
      expect(await phaseAt(`${y(2023)}-08-01T17:01`)).toBe('closed');
      expect(await phaseAt(`${y(2023)}-09-15T09:01`)).toBe('objection');
      // The objection term runs through Friday 29 September 24:00 (14 calendar days after 15 September).
      expect(await phaseAt(`${y(2023)}-09-29T23:59`)).toBe('objection');
      expect(await phaseAt(`${y(2023)}-09-30T00:01`)).toBe('objectionAnswering');
      const status = await handle.query(cycleStatusQuery);
      expect(status.next?.key).toBe('objectionAnswerDeadline');
      expect(status.phaseSince).toBe(new Date(at(config, `${y(2023)}-09-30T00:00`)).toISOString());

      const summary = await handle.result();
      expect(summary.phase).toBe('completed');
      expect(summary.caughtUp).toEqual([]);
      // Nobody published an NvI: the officer was warned at nviPublication.
      const warned = (await mail.parsed()).filter(
        (m) => m.headers.get('x-oco-kind') === 'nviOverdue' && m.headers.get('x-oco-cycle') === config.id,
      );
      expect(warned).toHaveLength(1);
      // Every timer fired at its planned instant: never a millisecond early, late only by the workflow task's latency.
      for (const reached of summary.reached) expectReachedOnTime(reached);
      const plannedAt = Object.fromEntries(summary.reached.map((r) => [r.key, r.plannedAt]));
      // The kort-geding term ends at local midnight on the day summer time ends: 23:00 UTC, not 22:00.
      expect(plannedAt.kortGedingDeadline).toBe(`${y(2023)}-10-29T23:00:00.000Z`);
      expect(plannedAt.objectionDeadline).toBe(`${y(2023)}-09-29T22:00:00.000Z`);
      expect(plannedAt.contractStart).toBe(`${y(2023)}-12-31T23:00:00.000Z`);
      expect(summary.reached.map((r) => r.key)).not.toContain('contractEnd');

      await recordHistory(env.client, handle.workflowId, 'cycle-part1-2024-2025');
    },
    activities,
  );
});

test('a cycle started after some milestones passed catches up at once and waits for the rest', async () => {
  const base = example2024();
  const now = await env.currentTimeMs();
  // Shift the 2024-2025 cycle so that the server's "now" lies between the announcement and the answer deadline.
  let config = shiftConfigByYears(base, yearsToFuture(base, now, 1) - 1);
  while (at(config, config.schedule.objectionAnswerDeadline) <= now) config = shiftConfigByYears(config, 1);
  const announcement = at(config, config.schedule.announcement);
  if (announcement > now) await skipTo(env, announcement + MINUTE);

  await withWorker(
    env,
    async ({ start }) => {
      const handle = await start(cycleWorkflow, { args: [{ config }] });
      let status = await plannedStatus(handle);
      // The announcement that passed minutes ago is made at once (to nobody here); its phase begins when it is out.
      for (let i = 0; i < 200 && status.phase === 'assessment'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        status = await handle.query(cycleStatusQuery);
      }
      expect(['objection', 'objectionAnswering']).toContain(status.phase);
      expect(status.reached.map((r) => r.key)).toEqual(
        expect.arrayContaining(['publication', 'submissionDeadline', 'announcement']),
      );
      const summary = await handle.result();
      expect(summary.caughtUp).toEqual(
        expect.arrayContaining(['publication', 'questionDeadline', 'announcement']),
      );
      expect(summary.caughtUp).not.toContain('contractDispatch');
      const dispatch = summary.reached.find((r) => r.key === 'contractDispatch');
      expect(dispatch).toBeDefined();
      if (dispatch) expectReachedOnTime(dispatch);
      expect(summary.phase).toBe('completed');
    },
    activities,
  );
});
