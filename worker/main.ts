/**
 * The worker as a process of its own (docker-compose, or beside a Temporal server you run yourself):
 *   TEMPORAL_ADDRESS=host:7233 [TEMPORAL_NAMESPACE=default] node dist/worker/main.js
 * Stops cleanly on SIGINT/SIGTERM: the Temporal runtime shuts the worker down and run() returns.
 */
import { NativeConnection } from '@temporalio/worker';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const connection = await NativeConnection.connect({ address });
  try {
    const worker = await createWorker({ connection, namespace });
    console.log(
      `worker polling task queue ${worker.options.taskQueue} on ${address} (namespace ${namespace})`,
    );
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
