/**
 * The officer's commands against a real time-skipping server and worker: `oco cycle start` from a configuration file
 * (then resumed), `oco cycle status` in text and JSON, and `oco nvi publish` / `oco assess` from files, with their
 * refusals by field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { formatStatus, startCycle } from '../../cli/commands/cycle';
import { assessFromFile, publishNviFromFile } from '../../cli/commands/officer-inputs';
import { InputError } from '../../cli/config-file';
import { officerActions, providerInputs } from '../../client/inputs';
import { cycleWorkflowId, providerWorkflowId } from '../../workflows/ids';
import { example2024 } from '../helpers/configs';
import { cycleInFuture, provider } from '../helpers/cycle-rig';
import { startMailRig } from '../helpers/mail';
import { skipTo, testOnOwnServer, withWorker } from '../helpers/temporal';

testOnOwnServer(
  'oco cycle start/status, oco nvi publish and oco assess from files',
  async (env: TestWorkflowEnvironment) => {
    const { config, at } = await cycleInFuture(env, example2024(), 'cli-officer');
    const dir = mkdtempSync(path.join(tmpdir(), 'oco-cli-'));
    const file = (name: string, content: unknown) => {
      const target = path.join(dir, name);
      writeFileSync(target, JSON.stringify(content));
      return target;
    };
    const configFile = file('cycle.json', config);
    const mail = await startMailRig();
    try {
      await withWorker(
        env,
        async ({ taskQueue }) => {
          const started = await startCycle(env.client, configFile, taskQueue);
          expect([started.cycleId, started.state, started.status.phase]).toEqual([
            'cli-officer',
            'started',
            'scheduled',
          ]);
          expect((await startCycle(env.client, configFile, taskQueue)).state).toBe('running');
          await officerActions(env.client, config.id).registerProviders([provider('a'), provider('b')]);

          await skipTo(env, at(config.schedule.publication) + 60_000);
          const question = await providerInputs(
            env.client,
            config.id,
            'a',
            () => new Date(at(config.schedule.publication) + 60_000),
          ).askQuestion('Telt een consortium als één aanbieder?');
          await skipTo(env, at(config.schedule.questionDeadline) + 60_000);
          const status = formatStatus((await startCycle(env.client, configFile, taskQueue)).status);
          expect(status).toMatch(/^cli-officer: phase nviPreparation since /);
          expect(status).toContain('  providers registered: 2');
          expect(status).toContain('  Nota van Inlichtingen: not published');

          const serverNow = await env.currentTimeMs();
          const now = () => new Date(serverNow);
          // A malformed file: every problem by path; a question never asked: refused with the rule; then published.
          const bad = await publishNviFromFile(
            env.client,
            config.id,
            file('bad.json', [{ questions: [], answer: '' }]),
            now,
          ).catch((e: unknown) => e);
          expect(bad).toBeInstanceOf(InputError);
          expect((bad as InputError).message).toContain('bad.json: invalid NvI answers');
          const unknown = await publishNviFromFile(
            env.client,
            config.id,
            file('unknown.json', [
              { questions: [{ provider: 'b', number: 1 }], answer: 'Ja.', changesDocuments: false },
            ]),
            now,
          ).catch((e: unknown) => e);
          expect((unknown as InputError).problems.map((p) => p.message).join(' ')).toMatch(/b/);
          const notice = await publishNviFromFile(
            env.client,
            config.id,
            file('nvi.json', {
              answers: [
                {
                  questions: [{ provider: 'a', number: question.facts.sequence }],
                  answer: 'Ja.',
                  changesDocuments: false,
                },
              ],
            }),
            now,
          );
          expect(notice.publishedAt).toBe(now().toISOString());

          // Assessments before the assessment may start: refused, naming the item and what was recorded before it.
          const early = await assessFromFile(
            env.client,
            config.id,
            file('assess.json', [{ provider: 'a', region: 'Utrecht', requirements: {} }]),
            undefined,
            now,
          ).catch((e: unknown) => e);
          expect(early).toBeInstanceOf(InputError);
          expect((early as InputError).problems[0]?.path).toBe('[0]');
          expect((early as InputError).problems[0]?.message).toMatch(
            /^a, Utrecht: .* \(the 0 before it were recorded\)$/,
          );
          await Promise.all(
            ['a', 'b'].map((id) =>
              env.client.workflow.getHandle(providerWorkflowId(config.id, id)).terminate('test finished'),
            ),
          );
          await env.client.workflow.getHandle(cycleWorkflowId(config.id)).terminate('test finished');
        },
        createActivities({ email: mail.deps, temporal: { client: env.client } }),
      );
    } finally {
      await mail.stop();
    }
  },
);
