/**
 * Secrets come from the environment only, and are never printed. A production worker (`node dist/worker/main.js`)
 * refuses to start without OCO_RECEIPT_KEY, even when a key file lies in the data folder; only the local `npm start`
 * (not with NODE_ENV=production) may keep one there. The start-up output names the SMTP server without its password,
 * and a malformed mailbox URL is not echoed with its password either.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { imapSettingsOf } from '../../inbound/wire';
import {
  localKeyFileAllowed,
  RECEIPT_KEY_REQUIRED,
  receiptKeyFile,
  resolveReceiptKey,
} from '../../mail/receipt-key';
import { freePort } from '../../support/free-port';
import { redactUrl } from '../../support/redact';
import { startDevServerOnFreePorts } from '../../temporal-server/dev-server';
import { wireDependencies } from '../../worker/dependencies';

const ROOT = path.join(__dirname, '..', '..');
const KEY = randomBytes(32).toString('hex');
/** A password made now, so that finding it anywhere in the output can only mean it leaked. */
const password = () => `pw-${randomBytes(12).toString('hex')}`;

function runWorker(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const base = { ...process.env };
  for (const name of ['OCO_RECEIPT_KEY', 'SMTP_URL', 'TEMPORAL_ADDRESS', 'OCO_DATA_DIR', 'NODE_ENV'])
    delete base[name];
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'worker', 'main.js')], {
    env: { ...base, ...env },
    cwd: os.tmpdir(),
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

test('only the local npm start may keep the receipt key in the data folder', () => {
  expect(localKeyFileAllowed({ NODE_ENV: 'test' }, true)).toBe(true);
  expect(localKeyFileAllowed({ NODE_ENV: 'production' }, true)).toBe(false);
  expect(localKeyFileAllowed({}, false)).toBe(false);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oco-key-'));
  writeFileSync(receiptKeyFile(dataDir), `${KEY}\n`);
  // Production: the environment or nothing, even with a key file at hand.
  expect(() => resolveReceiptKey({ env: {}, dataDir, create: true, environmentOnly: true })).toThrow(
    RECEIPT_KEY_REQUIRED,
  );
  expect(
    resolveReceiptKey({
      env: { OCO_RECEIPT_KEY: KEY },
      dataDir,
      create: true,
      environmentOnly: true,
    }).toString('hex'),
  ).toBe(KEY);
  // Locally the file is read (and made once when missing).
  expect(resolveReceiptKey({ env: {}, dataDir, create: true }).toString('hex')).toBe(KEY);
  // A key that is too short is refused without being echoed.
  const short = () => resolveReceiptKey({ env: { OCO_RECEIPT_KEY: 'abcd1234' }, dataDir, create: false });
  expect(short).toThrow(
    new Error('OCO_RECEIPT_KEY must hold at least 32 bytes (64 hex digits or 44 base64 characters)'),
  );
});

test('wiring: a production worker needs OCO_RECEIPT_KEY; the SMTP address is described without its password', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oco-wire-'));
  const secret = password();
  const smtp = `smtp://oco%40vgz.nl:${secret}@127.0.0.1:2525?pool=true`;
  const wire = (env: NodeJS.ProcessEnv, local: boolean) =>
    wireDependencies({ dataDir, env, defaultFrom: 'OCO <oco@localhost>', local });
  await expect(wire({ SMTP_URL: smtp }, false)).rejects.toThrow(RECEIPT_KEY_REQUIRED);
  await expect(wire({ SMTP_URL: smtp, NODE_ENV: 'production' }, true)).rejects.toThrow(RECEIPT_KEY_REQUIRED);
  expect(existsSync(receiptKeyFile(dataDir))).toBe(false);
  const wired = await wire({ SMTP_URL: smtp, OCO_RECEIPT_KEY: KEY }, false);
  try {
    expect(wired.mailDescription).toBe('smtp://oco%40vgz.nl:***@127.0.0.1:2525?pool=true');
  } finally {
    await wired.close();
  }
  expect(redactUrl(`smtps://apikey:${secret}@smtp.example:465?auth_pass=${secret}`)).toBe(
    'smtps://apikey:***@smtp.example:465?auth_pass=***',
  );
  // A mistyped URL without "//" parses without a host (its password in the path), or not at all: everything between
  // the scheme (or the start) and the last "@" goes.
  expect(redactUrl(`smtp:oco:${secret}@mail.vgz.nl:587`)).toBe('smtp:***@mail.vgz.nl:587');
  expect(redactUrl(`smtp:/oco:${secret}@mail.vgz.nl:587`)).toBe('smtp:***@mail.vgz.nl:587');
  expect(redactUrl(`smtp:oco:${secret}@x@mail.vgz.nl`)).toBe('smtp:***@mail.vgz.nl');
  expect(redactUrl(`:oco:${secret}@mail.vgz.nl`)).toBe('***@mail.vgz.nl');
  // A URL that names no one keeps its "@" elsewhere: nothing to hide, nothing lost.
  expect(redactUrl('smtp://mail.vgz.nl?from=oco@vgz.nl')).toBe('smtp://mail.vgz.nl?from=oco@vgz.nl');
  // A mailbox URL that cannot be read is named in the error, without its password.
  expect(() => imapSettingsOf(`imap//oco:${secret}@mail.vgz.nl`)).toThrow(
    /got imap\/\/\*\*\*@mail\.vgz\.nl$/,
  );
});

test('the worker process: refuses to start without OCO_RECEIPT_KEY; prints the SMTP server without the password', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oco-worker-'));
  const secret = password();
  // Nothing listens on this port: the worker prints its mail line, then fails to reach Temporal and exits.
  const address = `127.0.0.1:${await freePort()}`;
  const smtp = `smtp://oco:${secret}@127.0.0.1:2525`;
  const withoutKey = await runWorker({ SMTP_URL: smtp, TEMPORAL_ADDRESS: address, OCO_DATA_DIR: dataDir });
  expect(withoutKey.code).toBe(1);
  expect(withoutKey.output).toContain(RECEIPT_KEY_REQUIRED);
  expect(withoutKey.output).not.toContain(secret);
  expect(existsSync(receiptKeyFile(dataDir))).toBe(false);

  const withKey = await runWorker({
    SMTP_URL: smtp,
    OCO_RECEIPT_KEY: KEY,
    TEMPORAL_ADDRESS: address,
    OCO_DATA_DIR: dataDir,
  });
  expect(withKey.output).toContain('mail: smtp://oco:***@127.0.0.1:2525\n');
  expect(withKey.output).not.toContain(secret);
  expect(withKey.output).not.toContain(KEY);
  expect(withKey.code).toBe(1);
}, 60_000);

test('the Temporal dev server started for npm start does not inherit the secrets in the environment', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oco-server-env-'));
  const secret = password();
  const saved = { key: process.env.OCO_RECEIPT_KEY, smtp: process.env.SMTP_URL };
  process.env.OCO_RECEIPT_KEY = KEY;
  process.env.SMTP_URL = `smtp://oco:${secret}@mail.example.nl:587`;
  const server = await startDevServerOnFreePorts({
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });
  try {
    if (server.pid === undefined) throw new Error('the dev server was not started by this process');
    const environ = readFileSync(`/proc/${server.pid}/environ`, 'utf8');
    expect(environ).toContain('PATH=');
    expect([environ.includes(KEY), environ.includes(secret)]).toEqual([false, false]);
  } finally {
    await server.stop();
    process.env.OCO_RECEIPT_KEY = saved.key;
    process.env.SMTP_URL = saved.smtp;
    if (saved.key === undefined) delete process.env.OCO_RECEIPT_KEY;
    if (saved.smtp === undefined) delete process.env.SMTP_URL;
  }
}, 120_000);
