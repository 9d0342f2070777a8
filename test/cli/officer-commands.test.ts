/**
 * The officer's commands against a real time-skipping server and worker: `oco cycle start` from configuration files
 * (all checked before any starts; then resumed), `oco providers register` from a CSV list, `oco cycle status` in text and JSON, and `oco nvi publish` / `oco assess` from files, with their
 * refusals by field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { formatStatus, startCycle, startCycles } from '../../cli/commands/cycle';
import { assessFromFile, publishNviFromFile } from '../../cli/commands/officer-inputs';
import { registerFromFile } from '../../cli/commands/providers';
import { InputError } from '../../cli/config-file';
import { providerInputs } from '../../client/inputs';
import { cycleWorkflowId, providerWorkflowId } from '../../workflows/ids';
import { example2024 } from '../helpers/configs';
import { cycleInFuture } from '../helpers/cycle-rig';
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
          // Two configurations at once, one of them wrong: nothing starts; then both start, a line each.
          const secondFile = file('second.json', { ...config, id: 'cli-officer-2' });
          const wrong = file('wrong.json', { ...config, id: 'cli-officer-3', regions: [] });
          const refused = await startCycles(env.client, [configFile, wrong], undefined, taskQueue).catch(
            (e: unknown) => e,
          );
          expect((refused as InputError).problems.map((p) => p.path)).toEqual([`${wrong}: regions`]);
          await expect(
            env.client.workflow.getHandle(cycleWorkflowId(config.id)).describe(),
          ).rejects.toMatchObject({
            name: 'WorkflowNotFoundError',
          });
          const lines: string[] = [];
          const both = await startCycles(
            env.client,
            [configFile, secondFile],
            (l) => lines.push(l),
            taskQueue,
          );
          expect(both.map((c) => [c.cycleId, c.state, c.status.phase])).toEqual([
            ['cli-officer', 'started', 'scheduled'],
            ['cli-officer-2', 'started', 'scheduled'],
          ]);
          expect(lines).toEqual([
            `1/2 cycle cli-officer started: phase scheduled, ${config.regions.length} region(s)`,
            `2/2 cycle cli-officer-2 started: phase scheduled, ${config.regions.length} region(s)`,
          ]);
          expect((await startCycle(env.client, configFile, taskQueue)).state).toBe('running');
          await env.client.workflow.getHandle(cycleWorkflowId('cli-officer-2')).terminate('not needed');

          // Providers from a spreadsheet export: a malformed list is named by line, nothing sent; then registered.
          const csv = (name: string, lines: string[]) => {
            const target = path.join(dir, name);
            writeFileSync(target, `${lines.join('\n')}\n`);
            return target;
          };
          const badList = await registerFromFile(
            env.client,
            config.id,
            csv('bad.csv', [
              'id;name;email',
              'a;Stichting a;geen-adres',
              'A b;Stichting b;a@aanbieder.example.nl',
            ]),
          ).catch((e: unknown) => e);
          expect((badList as InputError).problems.map((p) => p.path)).toEqual(['line 2 email', 'line 3 id']);
          const registering: string[] = [];
          const list = csv('aanbieders.csv', [
            'id;name;email;consortium',
            'a;Stichting a;a@aanbieder.example.nl;nee',
            'b;Stichting b;b@aanbieder.example.nl;',
          ]);
          const registered = await registerFromFile(env.client, config.id, list, (l) => registering.push(l));
          expect(registered).toEqual({ registered: ['a', 'b'], alreadyRegistered: [] });
          expect(registering).toEqual(['2/2 sent: 2 registered, 0 already registered']);
          expect((await registerFromFile(env.client, config.id, list)).alreadyRegistered).toEqual(['a', 'b']);

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
