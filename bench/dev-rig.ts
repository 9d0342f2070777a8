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
import { MailboxServer } from '../mail/mailbox-server';
import { freePort } from '../support/free-port';
import { startDevServer } from '../temporal-server/dev-server';

export async function startDevRig(name: string, smtpConnections = 4) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `oco-${name}-`));
  const server = await startDevServer({
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
    port: await freePort(),
    uiPort: await freePort(),
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
  return {
    dir,
    mailbox,
    transport,
    native,
    client: new Client({ connection }),
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
