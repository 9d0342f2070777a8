/**
 * Replays the recorded histories in test/histories through the current workflow code, so a change that would break
 * cycles already running fails CI. Record new histories with `npm run record-histories`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';

import { quietRuntime } from '../helpers/temporal';

const HISTORIES = path.join(__dirname, '..', 'histories');

beforeAll(quietRuntime);

function histories(): { workflowId: string; history: unknown }[] {
  return readdirSync(HISTORIES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')),
    }));
}

async function replayErrors(workflowBundle: { code: string } | { codePath: string }): Promise<string[]> {
  const errors: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle, replayName: 'replay-test' },
    histories(),
  )) {
    if (result.error) errors.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
  }
  return errors;
}

test('every recorded history replays on the current workflow code', async () => {
  expect(histories().length).toBeGreaterThan(0);
  const bundlePath = process.env.OCO_TEST_WORKFLOW_BUNDLE;
  if (!bundlePath) throw new Error('no workflow bundle: run through jest');
  expect(await replayErrors({ codePath: bundlePath })).toEqual([]);
});

test('a non-deterministic change to the workflow makes replay fail', async () => {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../fixtures/nondeterministic-workflows'),
    logger: new DefaultLogger('WARN'),
  });
  const errors = await replayErrors({ code });
  expect(errors.length).toBe(histories().length);
  for (const error of errors) expect(error).toMatch(/DeterminismViolationError|[Nn]ondeterminism/);
});
