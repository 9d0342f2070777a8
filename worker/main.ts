/**
 * The worker as a process of its own (docker-compose, or beside a Temporal server you run yourself):
 *   TEMPORAL_ADDRESS=host:7233 [TEMPORAL_NAMESPACE=default] SMTP_URL=… OCO_RECEIPT_KEY=… node dist/worker/main.js
 * This is production: SMTP_URL and OCO_RECEIPT_KEY must be set (no embedded SMTP server, no key file), or it does not
 * start. Stops cleanly on SIGINT/SIGTERM: the Temporal runtime shuts the worker down and run() returns.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { wireDependencies } from './dependencies';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const dataDir = path.resolve(process.env.OCO_DATA_DIR ?? 'data');
  const wired = await wireDependencies({
    dataDir,
    defaultFrom: 'Zorginkoop OCO <oco@localhost>',
    local: false,
  });
  console.log(`mail: ${wired.mailDescription}`);
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  try {
    const client = new Client({ connection: clientConnection, namespace });
    const worker = await createWorker({
      connection,
      namespace,
      activities: createActivities({ ...wired.activities, temporal: { client } }),
    });
    console.log(
      `worker polling task queue ${worker.options.taskQueue} on ${address} (namespace ${namespace})`,
    );
    await worker.run();
  } finally {
    await clientConnection.close();
    await connection.close();
    await wired.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
