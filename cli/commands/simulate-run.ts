/** The heavy half of `oco simulate`: provisions the test server, runs the scenario, prints the report. */

import type { Scenario } from '../../domain/scenario';
import { renderReport } from '../../simulator/report';
import { simulateScenario } from '../../simulator/simulate';
import { provisionTestServer } from '../../temporal-server/provision';
import { installQuietRuntime } from '../../worker/quiet-runtime';

export async function runSimulation(scenario: Scenario, options: { json: boolean }): Promise<void> {
  installQuietRuntime();

  const log = (line: string) => console.error(`[simulate] ${line}`);
  const provisioned = await provisionTestServer({ log });
  const report = await simulateScenario(scenario, { provisioned, log });
  if (options.json) {
    const { run: _run, shiftedYears: _years, cycleId: _id, ...printed } = report;
    console.log(JSON.stringify(printed, null, 2));
  } else console.log(renderReport(report, scenario.config.timezone));
}
