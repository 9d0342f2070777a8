/** `oco timeline --config FILE [--json]`: validates a configuration and prints its planned timeline. */
import { Command } from 'commander';
import { DateTime } from 'luxon';
import type { CycleConfig } from '../../domain/config';
import { holidaysForCycle } from '../../domain/holidays';
import { type Milestone, planTimeline } from '../../domain/timeline';
import { loadConfigFile } from '../config-file';

export function timelineCommand(): Command {
  return new Command('timeline')
    .description('validate a cycle configuration and print every milestone and derived term')
    .requiredOption('-c, --config <file>', 'cycle configuration (JSON or YAML)')
    .option('--json', 'print { "milestones": [ { key, at, local, warnings, ... } ] }')
    .action((options: { config: string; json?: boolean }) => {
      const config = loadConfigFile(options.config);
      const milestones = planTimeline(config, holidaysForCycle(config));
      console.log(
        options.json ? JSON.stringify({ milestones }, null, 2) : renderTimeline(config, milestones),
      );
    });
}

/** Local time for people: "Fri 2023-09-29 24:00 +02:00"; a deadline at midnight closes the day before. */
export function localLabel(m: Milestone, zone: string): string {
  const local = DateTime.fromISO(m.at, { zone }).setLocale('en');
  const closesDay = m.kind === 'deadline' && local.toFormat('HH:mm:ss.SSS') === '00:00:00.000';
  const day = closesDay ? local.minus({ days: 1 }) : local;
  return `${day.toFormat('ccc yyyy-MM-dd')} ${closesDay ? '24:00' : local.toFormat('HH:mm')} ${local.toFormat('ZZ')}`;
}

export function renderTimeline(config: CycleConfig, milestones: Milestone[]): string {
  const rows = milestones.map((m) => [m.key, localLabel(m, config.timezone), m.at]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length), 9));
  const pad = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const lines = [
    `Timeline of ${config.id} (${config.wlzUitvoerder.name}), local times in ${config.timezone}`,
    'A deadline is the first instant that is late; 24:00 closes the day shown.',
    '',
    pad(['milestone', 'local', 'UTC']),
    pad(widths.map((w) => '-'.repeat(w))),
  ];
  milestones.forEach((m, i) => {
    lines.push(pad(rows[i] as string[]));
    if (m.basis !== 'schedule') lines.push(`    = ${m.basis}`);
    for (const warning of m.warnings) lines.push(`    ! ${warning}`);
  });
  return lines.join('\n');
}
