/**
 * Keeps the Temporal runtime to warnings: workers log every state change at INFO, which drowns the output of the dry
 * run, the benchmark and the tests. The runtime can be installed once per process; a second call is ignored.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

export function installQuietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
  } catch {
    // Already installed in this process.
  }
}
