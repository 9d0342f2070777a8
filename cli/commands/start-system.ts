/** The running system behind `oco start`: dev server, SMTP, worker, the cycle; see start.ts. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { startOrResumeCycle } from '../../client/cycles';
import { type RunningServer, startDevServer } from '../../temporal-server/dev-server';
import { wireDependencies } from '../../worker/dependencies';
import { createWorker } from '../../worker/worker';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { loadConfigFile } from '../config-file';
import type { StartOptions } from './start';
import { localLabel } from './timeline';

/** What the workflows log (milestones reached) and every warning; not the worker's own start-up chatter. */
function officerLogger(): DefaultLogger {
  const printer = new DefaultLogger('INFO');
  return new DefaultLogger('INFO', (entry) => {
    if (entry.level === 'INFO' && entry.meta?.sdkComponent !== 'workflow') return;
    printer.log(entry.level, entry.message, entry.meta);
  });
}

export async function runSystem(options: StartOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const dataDir = path.resolve(options.data);
  mkdirSync(dataDir, { recursive: true });
  // The Temporal runtime stops the worker on SIGINT/SIGTERM; everything below then unwinds in order.
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'], logger: officerLogger() });

  let server: RunningServer | undefined;
  let address = process.env.TEMPORAL_ADDRESS;
  let uiUrl = process.env.TEMPORAL_UI_URL;
  if (!address) {
    console.log('Starting the Temporal dev server ...');
    server = await startDevServer({
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      logFile: path.join(dataDir, 'temporal-server.log'),
      port: options.port,
      uiPort: options.uiPort,
      log: (line) => console.log(`  ${line}`),
    });
    address = server.address;
    uiUrl = server.uiUrl;
  }
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const wired = await wireDependencies({
    dataDir,
    defaultFrom: `Zorginkoop OCO ${config.wlzUitvoerder.name} <${config.wlzUitvoerder.email}>`,
    embeddedSmtp: true,
  });
  try {
    const worker = await createWorker({
      connection: nativeConnection,
      namespace,
      activities: createActivities(wired.activities),
    });
    const running = worker.run();
    const client = new Client({ connection, namespace });
    const cycle = await startOrResumeCycle(client, config);
    const workflowId = cycle.handle.workflowId;
    console.log(`Temporal server: ${address} (namespace ${namespace})`);
    console.log(`Mail: ${wired.mailDescription}`);
    if (uiUrl)
      console.log(
        `Temporal Web UI: ${uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`,
      );
    if (cycle.state === 'closed') {
      console.log(`Cycle ${config.id} has already ended (workflow ${workflowId}); it is not started again.`);
    } else {
      const status = await cycle.handle.query(cycleStatusQuery);
      console.log(
        `Cycle ${config.id} ${cycle.state === 'started' ? 'started' : 'resumed'}: phase ${status.phase}`,
      );
      if (status.next)
        console.log(`Next milestone: ${status.next.key} at ${localLabel(status.next, config.timezone)}`);
      for (const difference of cycle.differences)
        console.log(`  ! differs from the configuration: ${difference}`);
    }
    console.log('Running. Press Ctrl-C to stop.');
    await running;
    console.log('Worker stopped.');
  } finally {
    await wired.close();
    await connection.close();
    await nativeConnection.close();
    if (server) {
      await server.stop();
      console.log('Temporal dev server stopped.');
    }
  }
}
