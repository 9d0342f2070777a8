/** `oco calendar --config FILE [--out FILE]`: the whole cycle's timeline as one iCalendar file. */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { holidaysForCycle } from '../../domain/holidays';
import { planTimeline } from '../../domain/timeline';
import { cycleCalendar } from '../../mail/calendar';
import { loadConfigFile } from '../config-file';

export function calendarCommand(): Command {
  return new Command('calendar')
    .description('write every milestone and term of a cycle as one .ics calendar')
    .requiredOption('-c, --config <file>', 'cycle configuration (JSON or YAML)')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action((options: { config: string; out?: string }) => {
      const config = loadConfigFile(options.config);
      const milestones = planTimeline(config, holidaysForCycle(config));
      const ics = cycleCalendar(config, milestones);
      if (options.out) {
        writeFileSync(options.out, ics);
        console.log(`${options.out}: ${milestones.length} milestones of ${config.id}`);
      } else process.stdout.write(ics);
    });
}
