/** The Temporal connection of a command that acts on a running system: --address and --namespace, closed after. */
import { Client, Connection } from '@temporalio/client';
import type { Command } from 'commander';

export interface ServerOptions {
  address: string;
  namespace: string;
}

export function withServerOptions(command: Command): Command {
  return command
    .option('--address <host:port>', 'Temporal frontend', process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233')
    .option('--namespace <name>', 'Temporal namespace', process.env.TEMPORAL_NAMESPACE ?? 'default');
}

export async function withClient<T>(options: ServerOptions, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: options.address });
  try {
    return await fn(new Client({ connection, namespace: options.namespace }));
  } finally {
    await connection.close();
  }
}
