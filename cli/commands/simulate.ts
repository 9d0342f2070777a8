/**
 * `oco simulate --scenario FILE [--json]`: rehearses a whole cycle on a time-skipping Temporal server in seconds and
 * prints what happened: every message, each provider's state, and every input the system refused.
 */
import { Command } from 'commander';
import { loadScenarioFile } from '../scenario-file';

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('dry-run a scenario (configuration, providers, events) on a time-skipping Temporal server')
    .requiredOption('-s, --scenario <file>', 'scenario file (JSON or YAML)')
    .option('--json', 'print { messages, providers, phase, refusals } as JSON')
    .action(async (options: { scenario: string; json?: boolean }) => {
      const scenario = loadScenarioFile(options.scenario);
      // Loaded only now: the command line stays quick for the commands that need no Temporal.
      const { runSimulation } = await import('./simulate-run');
      await runSimulation(scenario, { json: options.json === true });
    });
}
