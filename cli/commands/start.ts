/**
 * `oco start --config FILE` (also `npm start -- --config FILE`): the whole system on one machine. Starts the
 * Temporal dev server (SQLite under the data folder) unless TEMPORAL_ADDRESS names a server to use, runs the
 * worker, and starts the cycle of the configuration or resumes it if it is already running. Ctrl-C stops all.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Command, InvalidArgumentError } from 'commander';
import { startOrResumeCycle } from '../../client/cycles';
import { type RunningServer, startDevServer } from '../../temporal-server/dev-server';
import { createWorker } from '../../worker/worker';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { loadConfigFile } from '../config-file';
import { localLabel } from './timeline';

interface StartOptions {
  config: string;
  data: string;
  port: number;
  uiPort: number;
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InvalidArgumentError('must be a port 1-65535');
  return port;
}

export function startCommand(): Command {
  return new Command('start')
    .description('run the Temporal dev server, the worker, and start or resume the cycle of a configuration')
    .requiredOption('-c, --config <file>', 'cycle configuration (JSON or YAML)')
    .option(
      '-d, --data <dir>',
      'data folder (Temporal SQLite database, logs)',
      process.env.OCO_DATA_DIR ?? 'data',
    )
    .option('--port <port>', 'Temporal frontend port of the embedded dev server', portNumber, 7233)
    .option('--ui-port <port>', 'Temporal Web UI port of the embedded dev server', portNumber, 8233)
    .action((options: StartOptions) => runSystem(options));
}

/** What the workflows log (milestones reached) and every warning; not the worker's own start-up chatter. */
function officerLogger(): DefaultLogger {
  const printer = new DefaultLogger('INFO');
  return new DefaultLogger('INFO', (entry) => {
    if (entry.level === 'INFO' && entry.meta?.sdkComponent !== 'workflow') return;
    printer.log(entry.level, entry.message, entry.meta);
  });
}

async function runSystem(options: StartOptions): Promise<void> {
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
  try {
    const worker = await createWorker({ connection: nativeConnection, namespace });
    const running = worker.run();
    const client = new Client({ connection, namespace });
    const cycle = await startOrResumeCycle(client, config);
    const workflowId = cycle.handle.workflowId;
    console.log(`Temporal server: ${address} (namespace ${namespace})`);
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
    await connection.close();
    await nativeConnection.close();
    if (server) {
      await server.stop();
      console.log('Temporal dev server stopped.');
    }
  }
}
