/** Configurations for tests: the policy's own examples, and copies moved to where a test needs them. */
import path from 'node:path';
import { loadConfigFile } from '../../cli/config-file';
import type { CycleConfig, CycleConfigInput } from '../../domain/config';

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

export function example2024(): CycleConfig {
  return loadConfigFile(path.join(EXAMPLES, 'zk-2024-2025.yaml'));
}

export function example2027(): CycleConfig {
  return loadConfigFile(path.join(EXAMPLES, 'vgz-2027-2028.yaml'));
}

/** A plain, valid configuration as raw input (before defaults), for tests that break one field at a time. */
export function rawConfig(): Record<string, unknown> & CycleConfigInput {
  return {
    id: 'zk-2024-2025',
    wlzUitvoerder: { name: 'Zilveren Kruis', email: 'zorginkoopwlz.OCO@zilverenkruis.nl' },
    timezone: 'Europe/Amsterdam',
    contract: { start: '2024-01-01', years: 2 },
    schedule: {
      publication: '2023-06-01T09:00',
      questionDeadline: '2023-06-17T12:00',
      nviPublication: '2023-07-01T00:00',
      submissionDeadline: '2023-08-01T17:00',
      assessmentStart: '2023-08-02T09:00',
      announcement: '2023-09-15T09:00',
      objectionAnswerDeadline: '2023-10-16T00:00',
      contractDispatch: '2023-10-16T09:00',
    },
    regions: [{ name: 'Amsterdam' }, { name: 'Utrecht', maxProviders: 3, budget: 1_250_000 }],
    tariff: { hourlyRate: 82.29 },
  };
}
