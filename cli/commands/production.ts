/**
 * `oco production import --cycle ID --file FILE`: the officer imports a month (or more) of production for many
 * providers at once, from a spreadsheet export (CSV: provider;region;month;hours[;clientRegion][;note]) or a JSON or
 * YAML list. The whole file is checked first and nothing is sent when a row is malformed (every problem listed by
 * row and column). Then the rows go to the providers' contract workflows, a few at a time, with a line of progress;
 * a row the procedure refuses (no running contract, a region not contracted) is listed at the end with its reason
 * and the others are imported (exit code 2 when any was refused). Each row's Update id comes from the file and the
 * row, so importing the same file again after an interruption does not report a row twice.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { contractInputs } from '../../client/contract-period';
import { type Clock, InputRefusedError, systemClock } from '../../client/inputs';
import { ProductionInputSchema } from '../../domain/budget/production';
import { parseInput } from '../../domain/inputs';
import type { Problem } from '../../domain/validation';
import { InputError } from '../config-file';
import { csvNumber, readTableFile } from '../table-file';
import { type ServerOptions, withClient, withServerOptions } from '../temporal-client';

const ProductionRowSchema = ProductionInputSchema.omit({ receivedAt: true, by: true }).extend({
  provider: z.string({ message: 'must name the provider id' }).trim().min(1, 'must name the provider id'),
});
export type ProductionRow = z.output<typeof ProductionRowSchema>;

export interface ImportOutcome {
  imported: { where: string; provider: string; region: string; month: string; hours: number }[];
  refused: { where: string; provider: string; region: string; month: string; reason: string }[];
}

export function readProductionFile(file: string): { where: string; row: ProductionRow }[] {
  const problems: Problem[] = [];
  const rows: { where: string; row: ProductionRow }[] = [];
  const table = readTableFile(file, 'production');
  if (table.length === 0) throw new InputError(file, [{ path: '', message: 'holds no rows' }], 'production');
  for (const { where, values, fromCsv } of table) {
    const parsed = parseInput(
      ProductionRowSchema,
      fromCsv ? { ...values, ...('hours' in values ? { hours: csvNumber(values.hours) } : {}) } : values,
    );
    if (parsed.ok) rows.push({ where, row: parsed.value as ProductionRow });
    else
      problems.push(
        ...parsed.problems.map((p) => ({
          path: `${where}${p.path ? ` ${p.path}` : ''}`,
          message: p.message,
        })),
      );
  }
  if (problems.length > 0) throw new InputError(file, problems, 'production');
  return rows;
}

/**
 * One id per file and row: the same file imported again (after an interruption) is a no-op for the rows already
 * applied, while a later file with the same figure (A, then B, then A again) is a correction like any other.
 */
const updateIdOf = (cycleId: string, fileHash: string, row: ProductionRow) =>
  `import-${createHash('sha256')
    .update(JSON.stringify([cycleId, fileHash, row]))
    .digest('hex')
    .slice(0, 32)}`;

export async function importProduction(
  client: Client,
  cycleId: string,
  file: string,
  options: { parallel?: number; progress?: (line: string) => void; clock?: Clock } = {},
): Promise<ImportOutcome> {
  const rows = readProductionFile(file);
  const fileHash = createHash('sha256').update(readFileSync(file)).digest('hex');
  const outcome: ImportOutcome = { imported: [], refused: [] };
  const clock = options.clock ?? systemClock;
  const every = Math.max(1, Math.floor(rows.length / 20));
  let done = 0;
  let next = 0;
  const work = async () => {
    for (let i = next++; i < rows.length; i = next++) {
      const { where, row } = rows[i] as (typeof rows)[number];
      const { provider, ...report } = row;
      try {
        await contractInputs(client, cycleId, provider, clock).reportProduction(
          { ...report, by: 'officer' },
          updateIdOf(cycleId, fileHash, row),
        );
        outcome.imported.push({ where, provider, region: row.region, month: row.month, hours: row.hours });
      } catch (error) {
        if (!(error instanceof InputRefusedError)) throw error;
        outcome.refused.push({
          where,
          provider,
          region: row.region,
          month: row.month,
          reason: error.message,
        });
      }
      done++;
      if (done % every === 0 || done === rows.length)
        options.progress?.(
          `${done}/${rows.length} rows (${Math.round((100 * done) / rows.length)} %): ${outcome.imported.length} imported, ${outcome.refused.length} refused`,
        );
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 8, rows.length) }, work));
  const order = (a: { where: string }, b: { where: string }) =>
    a.where.localeCompare(b.where, undefined, { numeric: true });
  outcome.imported.sort(order);
  outcome.refused.sort(order);
  return outcome;
}

function parallelism(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be a whole number 1-64');
  return n;
}

export function productionCommand(): Command {
  const production = new Command('production')
    .description("providers' monthly production, imported by the officer")
    .exitOverride()
    .showHelpAfterError();
  withServerOptions(
    production
      .command('import')
      .description(
        'import production rows (CSV provider;region;month;hours[;clientRegion][;note], or JSON/YAML)',
      )
      .requiredOption('--cycle <id>', 'the cycle whose contracts the rows are for')
      .requiredOption('--file <file>', 'the rows (.csv, .json, .yaml)')
      .option('--parallel <n>', 'rows sent at the same time', parallelism, 8)
      .option('--json', 'print the outcome as JSON'),
  ).action(
    async (options: ServerOptions & { cycle: string; file: string; parallel: number; json?: boolean }) => {
      const outcome = await withClient(options, (client) =>
        importProduction(client, options.cycle, options.file, {
          parallel: options.parallel,
          ...(options.json ? {} : { progress: (line: string) => console.log(line) }),
        }),
      );
      if (options.json) console.log(JSON.stringify(outcome, null, 2));
      else
        for (const r of outcome.refused)
          console.log(`  refused ${r.where}: ${r.provider}, ${r.region}, ${r.month}: ${r.reason}`);
      if (outcome.refused.length > 0) {
        if (!options.json)
          console.error(
            `${outcome.refused.length} row(s) refused, ${outcome.imported.length} imported; import the corrected rows in a file of their own (this file imported again reports none of its rows twice)`,
          );
        process.exitCode = 2;
      }
    },
  );
  return production;
}
