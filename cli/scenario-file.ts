/** Reads a dry-run scenario (JSON or YAML); a configuration named by path is read relative to the scenario file. */
import path from 'node:path';
import { type ConfigLoader, type Scenario, validateScenario } from '../domain/scenario';
import { InputError, readStructuredFile } from './config-file';

export function loadScenarioFile(file: string): Scenario {
  const input = readStructuredFile(file, 'scenario');
  const loadConfig: ConfigLoader = (configPath) => {
    try {
      return {
        ok: true,
        value: readStructuredFile(path.resolve(path.dirname(file), configPath), 'cycle configuration'),
      };
    } catch (error) {
      if (error instanceof InputError) return { ok: false, problems: error.problems };
      throw error;
    }
  };
  const result = validateScenario(input, loadConfig);
  if (!result.ok) throw new InputError(file, result.problems, 'scenario');
  return result.scenario;
}
