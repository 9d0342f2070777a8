/**
 * Runs once before all tests: provisions the time-skipping test server, starts one per Jest worker process and
 * publishes its address as OCO_TEST_TEMPORAL_<JEST_WORKER_ID>; bundles the workflows once for every test Worker.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { provisionTestServer, TemporalServerUnavailableError } from '../../temporal-server/provision';
import { workflowsPath } from '../../worker/worker';
import { startTimeSkippingServer } from '../helpers/temporal';

declare global {
  var __OCO_TEST_SERVERS__: TestWorkflowEnvironment[] | undefined;
  var __OCO_TEST_BUNDLE__: string | undefined;
}

export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const started = Date.now();
  const provisioned = await provisionTestServer({ log: (line) => console.log(`[test server] ${line}`) });
  const count = Math.max(1, globalConfig.maxWorkers);
  const [starts, bundled] = await Promise.all([
    Promise.allSettled(Array.from({ length: count }, () => startTimeSkippingServer(provisioned))),
    bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') }).then(
      (bundle) => ({ ok: true as const, bundle }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  ]);
  const servers = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []));
  const failed = starts.find((start) => start.status === 'rejected');
  if (failed || !bundled.ok) {
    // Stop the servers that did start: the global teardown knows only those of a set-up that succeeded.
    await Promise.all(servers.map((server) => server.teardown()));
    if (failed) throw new TemporalServerUnavailableError(provisioned, failed.reason);
    throw (bundled as { error: unknown }).error;
  }
  const { bundle } = bundled;
  servers.forEach((server, i) => {
    process.env[`OCO_TEST_TEMPORAL_${i + 1}`] = server.address;
  });
  process.env.OCO_TEST_TEMPORAL_COUNT = String(count);
  const bundlePath = path.join(os.tmpdir(), `oco-workflow-bundle-${process.pid}.js`);
  writeFileSync(bundlePath, bundle.code);
  process.env.OCO_TEST_WORKFLOW_BUNDLE = bundlePath;
  globalThis.__OCO_TEST_SERVERS__ = servers;
  globalThis.__OCO_TEST_BUNDLE__ = bundlePath;
  console.log(
    `\n[test server] ${count} time-skipping server(s) from ${provisioned.source} ready in ${Date.now() - started} ms`,
  );
}
