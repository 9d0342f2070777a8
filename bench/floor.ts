/**
 * Part (b) of the load figures, the floor: the same number of inputs as the deadline rush, the same pacing and the
 * same saturated run, through a bare HTTP route into a minimal workflow (bench/floor/) that only records the input and
 * sends one plain e-mail, on a fresh Temporal dev server of the same kind with the same SMTP rig. What Temporal, HTTP
 * and SMTP cost at the least; the rush divided by this is the cost of our own logic.
 */
import { createHash } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { DOCUMENT_KINDS, MUST_BE_FRESH } from '../domain/submission-rules';
import { inPool } from '../support/pool';
import { startDevRig } from './dev-rig';
import { createFloorActivities, FLOOR_MAIL_KIND } from './floor/activities';
import { type FloorHolder, floorWorkflowId, inputCountQuery, recordInputUpdate } from './floor/api';
import { floorFrontDoor } from './floor/front-door';
import { type LoadFigures, type LoadTarget, paced, refusal, saturated } from './load';
import { type StageFigures, stageFigures } from './stages';

export interface FloorFigures {
  inputs: number;
  rush: LoadFigures & { stages: StageFigures };
  saturated: LoadFigures & { concurrency: number; stages: StageFigures };
  wallMs: number;
}

const TASK_QUEUE = 'floor-bench';

/** The body each input sends: the shape and size of a submission through our API (regions and document refs). */
function submissionLikeBody(): unknown {
  const documents = DOCUMENT_KINDS.filter((k) => k !== 'consortiumDeclaration').map((kind) => ({
    kind,
    name: `${kind}.pdf`,
    sha256: createHash('sha256').update(kind).digest('hex'),
    ...(MUST_BE_FRESH.has(kind) ? { issuedOn: '2026-07-31' } : {}),
  }));
  return { regions: ['Utrecht'], documents };
}

export async function benchFloor(
  inputs: number,
  windowMs = 60_000,
  log: (line: string) => void = () => undefined,
  concurrency = 32,
): Promise<FloorFigures> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const rig = await startDevRig('floor', 8);
  const { mailbox, client } = rig;
  const door = await floorFrontDoor(client);
  const body = JSON.stringify(submissionLikeBody());
  const stagesOf = (target: { workflowId(i: number): string }, figures: LoadFigures) =>
    stageFigures(
      client,
      figures.timed.map((t) => ({ ...t, workflowId: target.workflowId(t.i) })),
      { update: recordInputUpdate.name, activity: 'sendFloorEmail' },
    );
  try {
    const worker = await Worker.create({
      connection: rig.native,
      taskQueue: TASK_QUEUE,
      workflowsPath: require.resolve('./floor/workflows'),
      activities: createFloorActivities(rig.transport),
    });

    /** Starts one workflow per input-holder, before the load (as our providers are registered before the rush). */
    async function prepare(
      name: string,
    ): Promise<LoadTarget & { workflowId(i: number): string; end(): Promise<void> }> {
      const holders: FloorHolder[] = Array.from({ length: inputs }, (_, i) => ({
        id: `${name}-${i + 1}`,
        email: `${name}-${i + 1}@floor.example.nl`,
      }));
      await inPool(holders, 16, async (holder) => {
        await client.workflow.start('floorWorkflow', {
          taskQueue: TASK_QUEUE,
          workflowId: floorWorkflowId(holder.id),
          args: [holder],
        });
      });
      // Asking each for its count waits until the worker has run its first task, as for our providers.
      await inPool(holders, 16, async (holder) => {
        await client.workflow.getHandle(floorWorkflowId(holder.id)).query(inputCountQuery);
      });
      log(`floor ${name}: ${inputs} workflows started and up (${elapsed()})`);
      return {
        workflowId: (i: number) => floorWorkflowId(holders[i]?.id ?? ''),
        recipients: holders.map((h) => h.email),
        mailKind: FLOOR_MAIL_KIND,
        async send(i) {
          const response = await fetch(`${door.url}/inputs/${holders[i]?.id}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const answer = (await response.json()) as {
            facts?: { receivedAt: string };
            error?: { code?: string; message?: string };
            message?: string;
          };
          if (response.status !== 201 || !answer.facts)
            return { refused: refusal(response.status, answer.error ?? { message: answer.message }) };
          return { acceptedAt: Date.parse(answer.facts.receivedAt) };
        },
        end: () =>
          inPool(holders, 16, async (holder) => {
            await client.workflow.getHandle(floorWorkflowId(holder.id)).terminate('benchmark finished');
          }),
      };
    }

    return await worker.runUntil(async () => {
      const rushTarget = await prepare('rush');
      // The window begins on a whole ten seconds, at least five from now (the workflows have run their first task).
      const window = { startMs: Math.ceil((Date.now() + 5_000) / 10_000) * 10_000, ms: windowMs };
      await new Promise((resolve) => setTimeout(resolve, window.startMs - Date.now()));
      log(`floor rush: ${inputs} inputs over ${windowMs / 1000} s`);
      const rush = await paced(rushTarget, mailbox, window, { serverPid: rig.serverPid });
      log(`floor rush: ${rush.accepted} accepted, ${rush.delivered} e-mails (${elapsed()})`);
      const rushStages = await stagesOf(rushTarget, rush);
      await rushTarget.end();

      const satTarget = await prepare('saturated');
      log(`floor saturated: ${inputs} inputs, ${concurrency} at a time`);
      const sat = await saturated(satTarget, mailbox, concurrency, { serverPid: rig.serverPid });
      log(
        `floor saturated: ${sat.accepted} accepted, ${sat.delivered} e-mails in ${sat.wallMs} ms (${elapsed()})`,
      );
      const satStages = await stagesOf(satTarget, sat);
      await satTarget.end();
      return {
        inputs,
        rush: { ...rush, stages: rushStages },
        saturated: { ...sat, concurrency, stages: satStages },
        wallMs: Date.now() - started,
      };
    });
  } finally {
    await door.app.close();
    await rig.close();
  }
}
