/**
 * What the dev-server benchmarks share: the Temporal dev server on SQLite in a temporary folder, an in-process SMTP
 * server (it notes when each message was handed to it), a pooled transport to it, and the connections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import type { CycleConfig } from '../domain/config';
import type { ProviderRef } from '../domain/inputs';
import { MailboxServer } from '../mail/mailbox-server';
import { TemplateStore } from '../mail/render';
import { inPool } from '../support/pool';
import { startDevServerOnFreePorts } from '../temporal-server/dev-server';
import { createWorker } from '../worker/worker';
import { cycleWorkflowId, providerWorkflowId } from '../workflows/ids';

export async function startDevRig(name: string, smtpConnections = 4) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `oco-${name}-`));
  const server = await startDevServerOnFreePorts({
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });
  const mailbox = await MailboxServer.start({});
  const transport = nodemailer.createTransport({
    host: mailbox.host,
    port: mailbox.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: smtpConnections,
  });
  const native = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  return {
    dir,
    /** The Temporal server's process id, for its CPU time (absent when the SDK started it). */
    serverPid: server.pid,
    mailbox,
    transport,
    native,
    client,
    /** The real worker with every activity, sending through the in-process SMTP server. */
    async worker(config: CycleConfig, taskQueue: string) {
      return createWorker({
        connection: native,
        taskQueue,
        activities: createActivities({
          email: {
            transport,
            templates: await TemplateStore.load(),
            from: `Zorginkoop OCO <${config.wlzUitvoerder.email}>`,
            receiptKey: Buffer.alloc(32, 7),
          },
          temporal: { client },
        }),
      });
    },
    /** Ends a benchmark's cycle and its providers' workflows, so the server is quiet for the next part. */
    async endCycle(cycleId: string, providers: ProviderRef[]) {
      await client.workflow.getHandle(cycleWorkflowId(cycleId)).terminate('benchmark finished');
      await inPool(providers, 16, (p) =>
        client.workflow
          .getHandle(providerWorkflowId(cycleId, p.id))
          .terminate('benchmark finished')
          .then(() => undefined),
      );
    },
    async close() {
      await connection.close();
      await native.close();
      transport.close();
      await mailbox.stop();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
