/**
 * The worker's SMTP client waits for a mail server well inside the minute an e-mail activity may take (SMTP_TIMEOUTS):
 * nodemailer's own defaults (two minutes to connect, 30 s for the greeting, ten minutes of silence) would outlive it,
 * and Temporal would start a second attempt while the first still hoped to send.
 */
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { msToNumber } from '@temporalio/common/lib/time';
import { createEmailActivities } from '../../activities/email';
import { EMAIL_ACTIVITY_OPTIONS, SMTP_TIMEOUTS } from '../../activities/email-options';
import { wireDependencies } from '../../worker/dependencies';
import { exampleReceipt, TEST_KEY } from '../helpers/mail';

test('a mail server that accepts the connection and never greets: the send fails for now, well inside the minute', async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const wired = await wireDependencies({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'oco-smtp-timeouts-')),
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, OCO_RECEIPT_KEY: TEST_KEY.toString('hex') },
    defaultFrom: 'Zorginkoop OCO <oco@zilverenkruis.nl>',
    local: false,
  });
  try {
    const email = wired.activities.email;
    if (!email) throw new Error('the worker wired no e-mail');
    const activities = createEmailActivities(email);
    const started = Date.now();
    const failure = await activities.sendEmail(exampleReceipt()).catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(failure).toMatchObject({ type: 'TemporaryDeliveryFailure', nonRetryable: false });
    expect((failure as Error).message).toContain('Greeting never received');
    // The worker's own limit, not nodemailer's 30 s greeting; and clearly less than the activity's minute.
    expect(waited).toBeGreaterThanOrEqual(SMTP_TIMEOUTS.connectionTimeout - 500);
    expect(waited).toBeLessThan(SMTP_TIMEOUTS.connectionTimeout + 5_000);
    expect(waited).toBeLessThan(msToNumber(EMAIL_ACTIVITY_OPTIONS.startToCloseTimeout ?? 0) / 2);
  } finally {
    await wired.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});
