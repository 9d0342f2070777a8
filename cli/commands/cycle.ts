/**
 * The officer's cycle commands on a running system (`--address`): `oco cycle start --config FILE...` starts the cycle
 * of each configuration (or resumes it), `oco cycle status ID` shows its phase, next milestone, providers, NvI, tariff and
 * what needs attention, `oco cycle list` every cycle on the server. `--json` on each.
 */
import type { Client } from '@temporalio/client';
import { Command } from 'commander';
import { cycleStatus, listCycles, plannedStatus, startOrResumeCycle } from '../../client/cycles';
import { attentionOf } from '../../domain/attention';
import type { CycleStatus } from '../../workflows/cycle-api';
import { TASK_QUEUE } from '../../workflows/ids';
import { InputError, loadConfigFile } from '../config-file';
import { type ServerOptions, withClient, withServerOptions } from '../temporal-client';
import { localLabel } from './timeline';

export async function startCycle(client: Client, file: string, taskQueue = TASK_QUEUE) {
  const config = loadConfigFile(file);
  const started = await startOrResumeCycle(client, config, taskQueue);
  if (started.state === 'closed')
    throw new InputError(file, [
      { path: 'id', message: `cycle ${config.id} has ended; a cycle id is used once` },
    ]);
  const status = await plannedStatus(started.handle);
  return { cycleId: config.id, state: started.state, differences: started.differences, status };
}

/**
 * Starts (or resumes) the cycles of several configurations, with a line of progress each. Every file is checked
 * before any cycle starts: one bad configuration starts none (all problems listed, file by file).
 */
export async function startCycles(
  client: Client,
  files: string[],
  progress: (line: string) => void = () => undefined,
  taskQueue = TASK_QUEUE,
) {
  const problems = files.flatMap((file) => {
    try {
      loadConfigFile(file);
      return [];
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return error.problems.map((p) => ({ ...p, path: `${file}${p.path ? `: ${p.path}` : ''}` }));
    }
  });
  const ids = new Map<string, string>();
  for (const file of files.filter(() => problems.length === 0)) {
    const id = loadConfigFile(file).id;
    const first = ids.get(id);
    if (first) problems.push({ path: `${file}: id`, message: `cycle ${id} is also the id in ${first}` });
    ids.set(id, file);
  }
  if (problems.length > 0) throw new InputError('oco cycle start', problems, 'cycle configurations');
  const started = [];
  for (const [i, file] of files.entries()) {
    const one = await startCycle(client, file, taskQueue);
    started.push(one);
    progress(
      `${i + 1}/${files.length} cycle ${one.cycleId} ${one.state === 'started' ? 'started' : 'resumed'}: phase ${one.status.phase}, ${one.status.config.regions.length} region(s)`,
    );
    for (const difference of one.differences) progress(`  ! differs from the configuration: ${difference}`);
  }
  return started;
}

/** The status in a few lines; what needs attention is read from the cycle's status alone, at `now`. */
export function formatStatus(status: CycleStatus, now = new Date()): string {
  const zone = status.config.timezone;
  const lines = [
    `${status.cycleId}: phase ${status.phase}${status.phaseSince ? ` since ${status.phaseSince}` : ''}`,
    `  next milestone: ${status.next ? `${status.next.key} at ${localLabel(status.next, zone)}` : 'none'}`,
    `  providers registered: ${status.providers}`,
    `  Nota van Inlichtingen: ${status.nvi ? `published ${status.nvi.publishedAt}` : 'not published'}`,
    `  tariff: ${status.tariff ? `final, € ${status.tariff.hourlyRate} an hour` : 'as configured'}`,
    `  schedule amendments: ${status.amendments.length}`,
  ];
  const issues = attentionOf({ status, now }).flatMap((finding) => finding.details);
  lines.push(issues.length === 0 ? '  nothing needs attention' : '  needs attention:');
  for (const issue of issues) lines.push(`    ! ${issue}`);
  return lines.join('\n');
}

export function cycleCommand(): Command {
  const cycle = new Command('cycle')
    .description('start, read and list cycles on a running system')
    .exitOverride()
    .showHelpAfterError();
  withServerOptions(
    cycle
      .command('start')
      .description(
        'start the cycle of each configuration (several: one per Wlz-uitvoerder), or resume one that runs already',
      )
      .requiredOption('-c, --config <files...>', 'cycle configurations (JSON or YAML)')
      .option('--json', 'print JSON'),
  ).action(async (options: ServerOptions & { config: string[]; json?: boolean }) => {
    const started = await withClient(options, (client) =>
      startCycles(client, options.config, options.json ? undefined : (line) => console.log(line)),
    );
    if (options.json)
      console.log(JSON.stringify(started.length === 1 ? started[0] : { cycles: started }, null, 2));
  });
  withServerOptions(
    cycle
      .command('status')
      .description("a cycle's phase, next milestone and what needs attention")
      .argument('<id>', 'the cycle id')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: ServerOptions & { json?: boolean }) => {
    const status = await withClient(options, (client) =>
      cycleStatus(client, id).catch((error: Error) => {
        if (error.name === 'WorkflowNotFoundError')
          throw new InputError(
            'oco cycle status',
            [{ path: 'id', message: `no cycle ${id} on ${options.address}` }],
            'cycle id',
          );
        throw error;
      }),
    );
    console.log(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
  });
  withServerOptions(
    cycle.command('list').description('every cycle on the server').option('--json', 'print JSON'),
  ).action(async (options: ServerOptions & { json?: boolean }) => {
    const cycles = await withClient(options, listCycles);
    if (options.json) return console.log(JSON.stringify({ cycles }, null, 2));
    if (cycles.length === 0) return console.log('no cycles');
    for (const c of cycles)
      console.log(`${c.cycleId.padEnd(32)} ${c.status.padEnd(12)} started ${c.startedAt}`);
  });
  return cycle;
}
