/** The heavy half of `oco simulate`: provisions the test server, runs the scenario, prints the report. */
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Scenario } from '../../domain/scenario';
import { renderReport } from '../../simulator/report';
import { simulateScenario } from '../../simulator/simulate';
import { provisionTestServer } from '../../temporal-server/provision';

export async function runSimulation(scenario: Scenario, options: { json: boolean }): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
  const log = (line: string) => console.error(`[simulate] ${line}`);
  const provisioned = await provisionTestServer({ log });
  const report = await simulateScenario(scenario, { provisioned, log });
  if (options.json) {
    const { run: _run, shiftedYears: _years, cycleId: _id, ...printed } = report;
    console.log(JSON.stringify(printed, null, 2));
  } else console.log(renderReport(report, scenario.config.timezone));
}
