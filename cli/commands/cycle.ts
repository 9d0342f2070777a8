/**
 * The officer's cycle commands on a running system (`--address`): `oco cycle start --config FILE` starts the cycle of
 * a configuration (or resumes it), `oco cycle status ID` shows its phase, next milestone, providers, NvI, tariff and
 * what needs attention, `oco cycle list` every cycle on the server. `--json` on each.
 */
import type { Client } from '@temporalio/client';
import { Command } from 'commander';
import { cycleStatus, plannedStatus, startOrResumeCycle } from '../../client/cycles';
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

/** What needs the officer's attention, in one line each. */
export function attention(status: CycleStatus): string[] {
  const lines: string[] = [];
  if (status.announcementBlocked)
    lines.push(
      `announcement held back since ${status.announcementBlocked.since}: assessment incomplete in ${status.announcementBlocked.incomplete.map((r) => r.region).join(', ')}`,
    );
  for (const failure of status.deliveryFailures) lines.push(`not delivered: ${failure}`);
  return lines;
}

export function formatStatus(status: CycleStatus): string {
  const zone = status.config.timezone;
  const lines = [
    `${status.cycleId}: phase ${status.phase}${status.phaseSince ? ` since ${status.phaseSince}` : ''}`,
    `  next milestone: ${status.next ? `${status.next.key} at ${localLabel(status.next, zone)}` : 'none'}`,
    `  providers registered: ${status.providers}`,
    `  Nota van Inlichtingen: ${status.nvi ? `published ${status.nvi.publishedAt}` : 'not published'}`,
    `  tariff: ${status.tariff ? `final, € ${status.tariff.hourlyRate} an hour` : 'as configured'}`,
    `  schedule amendments: ${status.amendments.length}`,
  ];
  const issues = attention(status);
  lines.push(issues.length === 0 ? '  nothing needs attention' : '  needs attention:');
  for (const issue of issues) lines.push(`    ! ${issue}`);
  return lines.join('\n');
}

export async function listCycles(
  client: Client,
): Promise<{ cycleId: string; status: string; startedAt: string }[]> {
  const cycles: { cycleId: string; status: string; startedAt: string }[] = [];
  for await (const execution of client.workflow.list({ query: "WorkflowType = 'cycleWorkflow'" }))
    cycles.push({
      cycleId: execution.workflowId.replace(/^cycle-/, ''),
      status: execution.status.name,
      startedAt: execution.startTime.toISOString(),
    });
  return cycles.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export function cycleCommand(): Command {
  const cycle = new Command('cycle')
    .description('start, read and list cycles on a running system')
    .exitOverride()
    .showHelpAfterError();
  withServerOptions(
    cycle
      .command('start')
      .description('start the cycle of a configuration, or resume it when it runs already')
      .requiredOption('-c, --config <file>', 'cycle configuration (JSON or YAML)')
      .option('--json', 'print JSON'),
  ).action(async (options: ServerOptions & { config: string; json?: boolean }) => {
    const started = await withClient(options, (client) => startCycle(client, options.config));
    if (options.json) return console.log(JSON.stringify(started, null, 2));
    console.log(
      `cycle ${started.cycleId} ${started.state === 'started' ? 'started' : 'resumed'}: phase ${started.status.phase}`,
    );
    for (const difference of started.differences)
      console.log(`  ! differs from the configuration: ${difference}`);
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
