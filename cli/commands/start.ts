/**
 * `oco start --config FILE` (also `npm start -- --config FILE`): the whole system on one machine. Starts the
 * Temporal dev server (SQLite under the data folder) unless TEMPORAL_ADDRESS names a server to use, runs the
 * worker and the HTTP API, and starts the cycle of the configuration or resumes it if it is already running. Ctrl-C
 * stops all.
 */
import { Command, InvalidArgumentError } from 'commander';

export interface StartOptions {
  config: string;
  data: string;
  port: number;
  uiPort: number;
  apiPort: number;
  apiHost: string;
  inboundPort: number;
  inboundHost: string;
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
    .option('--api-port <port>', 'port of the HTTP API', portNumber, Number(process.env.OCO_API_PORT ?? 8080))
    .option('--api-host <host>', 'address the HTTP API listens on', process.env.OCO_API_HOST ?? '127.0.0.1')
    .option(
      '--inbound-port <port>',
      "port of the SMTP listener that receives providers' mail (when OCO_IMAP_URL names no mailbox)",
      portNumber,
      Number(process.env.OCO_INBOUND_SMTP_PORT ?? 2525),
    )
    .option(
      '--inbound-host <host>',
      'address the inbound SMTP listener listens on',
      process.env.OCO_INBOUND_SMTP_HOST ?? '127.0.0.1',
    )
    .action(async (options: StartOptions) => {
      // Loaded on demand: the worker and the mail layer take a moment to load, other commands need neither.
      const { runSystem } = await import('./start-system');
      await runSystem(options);
    });
}
