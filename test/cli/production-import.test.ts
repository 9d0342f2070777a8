/**
 * `oco production import` against real contract-period workflows on the time-skipping server: a Dutch spreadsheet
 * export (semicolons, decimal commas) is checked whole before anything is sent, a malformed row is named by line and
 * column, rows the procedure refuses are listed with the reason while the others are imported, progress is reported,
 * and the same file imported again reports no row twice.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities';
import { importProduction } from '../../cli/commands/production';
import { InputError } from '../../cli/config-file';
import { contractInputs } from '../../client/contract-period';
import { contractPeriodWorkflow } from '../../workflows/contract-period';
import { contractWorkflowId } from '../../workflows/ids';
import { example2027 } from '../helpers/configs';
import { handoverOf } from '../helpers/contracts';
import { cycleInFuture, provider } from '../helpers/cycle-rig';
import { startMailRig } from '../helpers/mail';
import { skipTo, testOnOwnServer, withWorker } from '../helpers/temporal';

testOnOwnServer('production imported from a CSV file, checked first, refusals listed, once', async (env) => {
  const { config, at, y } = await cycleInFuture(env, example2027(), 'import');
  const Y = y(2027);
  const mail = await startMailRig();
  const dir = mkdtempSync(path.join(tmpdir(), 'oco-import-'));
  const file = (name: string, lines: string[]) => {
    const target = path.join(dir, name);
    writeFileSync(target, `\uFEFF${lines.join('\r\n')}\r\n`);
    return target;
  };
  try {
    await skipTo(env, at(`${Y}-01-01T00:00`) - 60_000);
    await withWorker(
      env,
      async ({ start }) => {
        for (const id of ['a', 'b'])
          await start(contractPeriodWorkflow, {
            workflowId: contractWorkflowId(config.id, id),
            args: [handoverOf(config, provider(id), [{ name: 'Nijmegen', ceiling: 120_000 }])],
          });
        await skipTo(env, at(`${Y}-02-03T09:00`));
        const now = await env.currentTimeMs();
        const clock = () => new Date(now);
        const production = async (id: string) =>
          (await contractInputs(env.client, config.id, id).view()).ledger?.production ?? [];

        // Malformed rows: every problem by line and column, and nothing sent.
        const broken = file('broken.csv', [
          'provider;region;month;hours',
          `a;Nijmegen;${Y}-01;100`,
          'b;Nijmegen;januari;veel',
          `;Nijmegen;${Y}-01;1,234`,
        ]);
        const problems = await importProduction(env.client, config.id, broken, { clock }).then(
          () => [],
          (error: unknown) => (error instanceof InputError ? error.problems : [String(error)]),
        );
        expect(problems).toEqual([
          { path: 'line 3 month', message: 'must be a month as "YYYY-MM", got "januari"' },
          { path: 'line 3 hours', message: 'must be a number of hours, got string "veel"' },
          { path: 'line 4 hours', message: 'must be hours with at most two decimals, got 1.234' },
          { path: 'line 4 provider', message: 'is required' },
        ]);
        expect(await production('a')).toEqual([]);

        // Two good rows, a provider without a contract and a region not contracted: two imported, two refused.
        const month = file('januari.csv', [
          'provider;region;month;hours;note',
          `a;Nijmegen;${Y}-01;100,5;`,
          `b;Nijmegen;${Y}-01;80;uit de declaraties`,
          `c;Nijmegen;${Y}-01;10;`,
          `a;Utrecht;${Y}-01;1;`,
        ]);
        const progress: string[] = [];
        const outcome = await importProduction(env.client, config.id, month, {
          clock,
          parallel: 2,
          progress: (line) => progress.push(line),
        });
        expect(outcome.imported.map((r) => [r.where, r.provider, r.hours])).toEqual([
          ['line 2', 'a', 100.5],
          ['line 3', 'b', 80],
        ]);
        expect(outcome.refused.map((r) => [r.where, r.reason])).toEqual([
          ['line 4', `provider c has no running contract in cycle ${config.id}`],
          ['line 5', 'region: "Utrecht" is not contracted with this provider (contracted: Nijmegen)'],
        ]);
        expect(progress.at(-1)).toBe('4/4 rows (100 %): 2 imported, 2 refused');
        const [entry] = await production('a');
        expect(entry).toMatchObject({
          month: `${Y}-01`,
          region: 'Nijmegen',
          current: { hours: 100.5, by: 'officer', reportedAt: new Date(now).toISOString() },
          replaced: [],
        });
        expect((await production('b'))[0]?.current.note).toBe('uit de declaraties');

        // The same file again (an interrupted import run once more): no row is reported twice.
        const again = await importProduction(env.client, config.id, month, { clock });
        expect(again.imported).toHaveLength(2);
        expect((await production('a'))[0]?.replaced).toEqual([]);
        expect((await production('b'))[0]?.replaced).toEqual([]);

        // A later file with a corrected figure is a correction.
        const corrected = file('correctie.csv', [
          'provider,region,month,hours,note',
          `a,Nijmegen,${Y}-01,96.25,correctie na controle`,
        ]);
        expect((await importProduction(env.client, config.id, corrected, { clock })).imported).toHaveLength(
          1,
        );
        const [fixed] = await production('a');
        expect([fixed?.current.hours, fixed?.replaced.map((r) => r.hours)]).toEqual([96.25, [100.5]]);
      },
      createActivities({ email: mail.deps, temporal: { client: env.client } }),
    );
  } finally {
    await mail.stop();
  }
});
