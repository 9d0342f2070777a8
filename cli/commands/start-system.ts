/** The running system behind `oco start`: dev server, SMTP, worker, the cycle; see start.ts. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { JsonLinesAuditLog } from '../../api/audit/journal';
import { buildApi } from '../../api/server';
import { TokenStore } from '../../api/tokens';
import { closePdfInspector } from '../../attachments/inspect';
import { FileSystemAttachmentStore } from '../../attachments/store';
import { plannedStatus, startOrResumeCycle } from '../../client/cycles';
import { limitsFromEnv } from '../../domain/attachment-limits';
import { startInbound } from '../../inbound/wire';
import { startDevServer } from '../../temporal-server/dev-server';
import { wireDependencies } from '../../worker/dependencies';
import { createWorker } from '../../worker/worker';
import { loadConfigFile } from '../config-file';
import type { StartOptions } from './start';
import { localLabel } from './timeline';

/** One line per thing the workflows log (a milestone reached) and every warning; not the worker's start-up chatter. */
function officerLogger(): DefaultLogger {
  const printer = new DefaultLogger('INFO');
  const internal = new Set(['sdkComponent', 'taskQueue', 'namespace', 'runId', 'workflowType', 'workflowId']);
  return new DefaultLogger('INFO', (entry) => {
    if (entry.level !== 'INFO') return printer.log(entry.level, entry.message, entry.meta);
    if (entry.meta?.sdkComponent !== 'workflow') return;
    const facts = Object.entries(entry.meta ?? {})
      .filter(([key]) => !internal.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
    console.log(`${time} ${entry.message} ${facts.join(' ')}`);
  });
}

/**
 * Ctrl-C (SIGINT) or SIGTERM at any moment stops the system in order: during start-up what was started is stopped
 * again, once running the worker drains first. A second Ctrl-C stops at once.
 */
class StopRequest {
  requested = false;
  private onStop: (() => void) | undefined;

  constructor() {
    process.on('SIGINT', this.handle);
    process.on('SIGTERM', this.handle);
  }

  private readonly handle = () => {
    if (this.requested) {
      console.log('Stopping now.');
      process.exit(130); // the dev server is killed by its exit hook
    }
    this.requested = true;
    console.log('\nStopping ... (Ctrl-C again to stop at once)');
    this.onStop?.();
  };

  whenRequested(fn: () => void): void {
    this.onStop = fn;
    if (this.requested) fn();
  }

  dispose(): void {
    process.off('SIGINT', this.handle);
    process.off('SIGTERM', this.handle);
  }
}

export async function runSystem(options: StartOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const dataDir = path.resolve(options.data);
  mkdirSync(dataDir, { recursive: true });
  // Signals are ours (StopRequest), not the Temporal runtime's: it would swallow a Ctrl-C given before the worker runs.
  Runtime.install({ shutdownSignals: [], logger: officerLogger() });
  const stop = new StopRequest();
  const cleanups: (() => Promise<void>)[] = [];
  try {
    let address = process.env.TEMPORAL_ADDRESS;
    let uiUrl = process.env.TEMPORAL_UI_URL;
    if (!address) {
      console.log('Starting the Temporal dev server ...');
      const server = await startDevServer({
        dbFile: path.join(dataDir, 'temporal.sqlite'),
        logFile: path.join(dataDir, 'temporal-server.log'),
        port: options.port,
        uiPort: options.uiPort,
        log: (line) => console.log(`  ${line}`),
      });
      cleanups.push(async () => {
        await server.stop();
        console.log('Temporal dev server stopped.');
      });
      address = server.address;
      uiUrl = server.uiUrl;
    }
    if (stop.requested) return;
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    const nativeConnection = await NativeConnection.connect({ address });
    cleanups.push(() => nativeConnection.close());
    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace });
    const wired = await wireDependencies({
      dataDir,
      defaultFrom: `Zorginkoop OCO ${config.wlzUitvoerder.name} <${config.wlzUitvoerder.email}>`,
      local: true,
    });
    cleanups.push(() => wired.close());
    const worker = await createWorker({
      connection: nativeConnection,
      namespace,
      activities: createActivities({ ...wired.activities, temporal: { client } }),
    });
    // run() is RUNNING at once, so a stop requested before or from now on drains the worker.
    const running = worker.run();
    stop.whenRequested(() => worker.shutdown());
    if (stop.requested) {
      await running;
      return;
    }
    const tokens = TokenStore.inDataDir(dataDir);
    const audit = JsonLinesAuditLog.inDataDir(dataDir);
    const store = new FileSystemAttachmentStore(path.join(dataDir, 'attachments'));
    const limits = limitsFromEnv(process.env);
    const inbound = await startInbound({
      inboundHost: options.inboundHost,
      inboundPort: options.inboundPort,
      mailboxes: [config.wlzUitvoerder.email],
      client,
      dataDir,
      cycleIds: [config.id],
      email: wired.activities.email as NonNullable<typeof wired.activities.email>,
      store,
      limits,
      log: (line) => console.log(`${new Date().toISOString()} ${line}`),
    });
    cleanups.push(() => inbound.stop());
    const api = await buildApi({
      client,
      store,
      tokens,
      audit,
      limits,
      inbound: { ledger: inbound.ledger, directory: inbound.directory },
      outbox: wired.outbox,
      cycleIds: [config.id],
    });
    const apiUrl = await api.listen({ port: options.apiPort, host: options.apiHost });
    cleanups.push(async () => {
      await api.close();
      await closePdfInspector();
      console.log('HTTP API stopped.');
    });
    const cycle = await startOrResumeCycle(client, config);
    const workflowId = cycle.handle.workflowId;
    console.log(`Temporal server: ${address} (namespace ${namespace})`);
    console.log(`Mail: ${wired.mailDescription}`);
    console.log(`Inbound mail: ${inbound.description}`);
    console.log(`HTTP API: ${apiUrl} (OpenAPI document: ${apiUrl}/openapi.json)`);
    console.log(
      `Dashboard: ${apiUrl}/ui/ (sign in with a token from \`oco token create --role officer|legal\`)`,
    );
    console.log(`Audit log: ${audit.file} (oco audit)`);
    if ((await tokens.list()).length === 0)
      console.log(
        `  no tokens yet: npx oco token create --role officer --label "Uw naam" --data ${options.data}`,
      );
    if (uiUrl)
      console.log(
        `Temporal Web UI: ${uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`,
      );
    if (cycle.state === 'closed') {
      console.log(`Cycle ${config.id} has already ended (workflow ${workflowId}); it is not started again.`);
    } else {
      const status = await plannedStatus(cycle.handle);
      console.log(
        `Cycle ${config.id} ${cycle.state === 'started' ? 'started' : 'resumed'}: phase ${status.phase}`,
      );
      if (status.next)
        console.log(`Next milestone: ${status.next.key} at ${localLabel(status.next, config.timezone)}`);
      for (const difference of cycle.differences)
        console.log(`  ! differs from the configuration: ${difference}`);
    }
    if (!stop.requested) console.log('Running. Press Ctrl-C to stop.');
    await running;
    console.log('Worker stopped.');
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error(`while stopping: ${(error as Error).message}`));
    }
    stop.dispose();
  }
}
