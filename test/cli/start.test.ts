/**
 * `npm start` as a user runs it: the built command starts the real Temporal dev server (SQLite under the data
 * folder), the worker and the cycle; Ctrl-C stops everything; a second start resumes the same cycle from disk.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { holidaysForCycle } from '../../domain/holidays';
import { phaseAfter } from '../../domain/phases';
import { planTimeline } from '../../domain/timeline';
import { startGreenMail } from '../../mail/greenmail';
import { freePort } from '../../support/free-port';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { example2027 } from '../helpers/configs';

const ROOT = path.join(__dirname, '..', '..');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startSystem(args: string[], extraEnv: Record<string, string> = {}): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  for (const name of ['TEMPORAL_ADDRESS', 'SMTP_URL', 'OCO_RECEIPT_KEY', 'PUBLISH_URL']) delete env[name];
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'oco.js'), 'start', ...args], {
    env,
    cwd: ROOT,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(running: Running, text: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running.output().includes(text)) {
    if (running.child.exitCode !== null) throw new Error(`oco start exited early:\n${running.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('starts the dev server, the worker and the cycle; Ctrl-C stops all; a restart resumes from disk', async () => {
  let token = '';
  const triageItems = async (count: number) => {
    let items: { from: string; reason: string }[] = [];
    for (let i = 0; i < 100 && items.length < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const triage = await fetch(`http://127.0.0.1:${apiPort}/triage`, {
        headers: { authorization: `Bearer ${token}` },
      });
      items = ((await triage.json()) as { items: typeof items }).items;
    }
    return items;
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oco-start-'));
  const [port, uiPort, apiPort, inboundPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const args = ['--config', path.join(ROOT, 'examples', 'vgz-2027-2028.yaml'), '--data', dataDir];
  args.push('--port', String(port), '--ui-port', String(uiPort), '--api-port', String(apiPort));
  args.push('--inbound-port', String(inboundPort));

  // The phase the cycle must be in now, by the real clock.
  const config = example2027();
  const fullTimeline = planTimeline(config, holidaysForCycle(config));
  const timeline = fullTimeline.filter((m) => m.key !== 'contractEnd');
  const expectedPhase = phaseAfter(timeline.filter((m) => Date.parse(m.at) <= Date.now()).map((m) => m.key));

  // The Wlz-uitvoerder's mailbox, read over IMAP.
  const mailbox = config.wlzUitvoerder.email.toLowerCase();
  const green = await startGreenMail(mailbox);
  const first = startSystem(args, {
    OCO_IMAP_URL: `imap://${encodeURIComponent(mailbox)}:${green.user.password}@127.0.0.1:${green.imapPort}/INBOX`,
    OCO_IMAP_POLL_SECONDS: '1',
  });
  try {
    await waitFor(first, 'Running. Press Ctrl-C to stop.');
    expect(first.output()).toContain(`Cycle vgz-2027-2028 started: phase ${expectedPhase}`);
    // Milestones the cycle reached are logged one line each.
    expect(first.output()).toMatch(
      /Z milestone reached cycleId=vgz-2027-2028 milestone=publication phase=questions\n/,
    );
    expect(first.output()).toContain(
      `Temporal Web UI: http://127.0.0.1:${uiPort}/namespaces/default/workflows/cycle-vgz-2027-2028`,
    );
    const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
    expect(ui.status).toBe(200);
    // Without SMTP_URL the mail goes to an embedded SMTP server that keeps it under the data folder.
    expect(first.output()).toMatch(
      /Mail: embedded SMTP server smtp:\/\/127\.0\.0\.1:\d+, messages kept in .*mailbox/,
    );
    expect(statSync(path.join(dataDir, 'receipt.key')).mode & 0o777).toBe(0o600);
    // The dev server's SQLite runs in WAL mode (temporal-server/dev-server.ts).
    expect(existsSync(path.join(dataDir, 'temporal.sqlite-wal'))).toBe(true);

    // The HTTP API: a token made with `oco token create` while the system runs works at once.
    expect(first.output()).toContain(`HTTP API: http://127.0.0.1:${apiPort} (OpenAPI document: `);
    expect(first.output()).toContain(`Dashboard: http://127.0.0.1:${apiPort}/ui/`);
    token = execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'oco.js'),
        'token',
        'create',
        '--role',
        'officer',
        '--label',
        'M. de Vries',
        '--data',
        dataDir,
      ],
      { encoding: 'utf8' },
    ).trim();
    const cycle = await fetch(`http://127.0.0.1:${apiPort}/cycles/vgz-2027-2028`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(cycle.status).toBe(200);
    expect(((await cycle.json()) as { phase: string }).phase).toBe(expectedPhase);
    expect((await fetch(`http://127.0.0.1:${apiPort}/cycles/vgz-2027-2028`)).status).toBe(401);
    // The audit log under the data folder: the token made with `oco token` and the request refused, no secret.
    expect(first.output()).toContain(`Audit log: ${path.join(dataDir, 'audit.jsonl')} (oco audit)`);
    const audit = JSON.parse(
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'bin', 'oco.js'), 'audit', '--data', dataDir, '--json'],
        {
          encoding: 'utf8',
        },
      ),
    ) as { entries: { what: { action: string }; outcome: { status?: number; error?: string } }[] };
    expect(
      audit.entries.map((e) => [e.what.action, e.outcome.status ?? null, e.outcome.error ?? null]),
    ).toEqual([
      ['token.create', null, null],
      ['read', 401, 'unauthorized'],
    ]);
    expect(readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8')).not.toContain(token.slice(17));
    // The dashboard is served by the same server, built by `npm run build`; its overview lists the running cycle.
    const dashboard = await fetch(`http://127.0.0.1:${apiPort}/ui/`);
    expect([dashboard.status, dashboard.headers.get('content-type')]).toEqual([
      200,
      'text/html; charset=utf-8',
    ]);
    const overview = await fetch(`http://127.0.0.1:${apiPort}/cycles`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await overview.json()) as { cycles: { cycleId: string; running: boolean }[] }).cycles).toEqual([
      expect.objectContaining({ cycleId: 'vgz-2027-2028', running: true }),
    ]);

    // The officer's command line against the running system.
    const oco = (...args: string[]) =>
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'bin', 'oco.js'), ...args, '--address', `127.0.0.1:${port}`],
        {
          encoding: 'utf8',
        },
      );
    const listed = JSON.parse(oco('cycle', 'list', '--json')) as {
      cycles: { cycleId: string; status: string }[];
    };
    expect(listed.cycles).toEqual([expect.objectContaining({ cycleId: 'vgz-2027-2028', status: 'RUNNING' })]);
    expect(oco('cycle', 'status', 'vgz-2027-2028')).toMatch(
      new RegExp(`^vgz-2027-2028: phase ${expectedPhase}`),
    );

    // A message from an unknown sender reaches the mailbox: the reader puts it in the triage queue.
    expect(first.output()).toContain(
      `Inbound mail: imap://${mailbox}@127.0.0.1:${green.imapPort}/INBOX, every 1 s`,
    );
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: green.smtpPort, secure: false, ignoreTLS: true })
      .sendMail({
        from: 'iemand@elders.example',
        to: mailbox,
        subject: 'Vraag',
        text: 'Hoe schrijf ik mij in?',
      });
    const items = await triageItems(1);
    expect(items).toEqual([
      expect.objectContaining({
        from: 'iemand@elders.example',
        reason: "the sender iemand@elders.example is not a known provider's address",
      }),
    ]);

    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      const status = await new Client({ connection }).workflow
        .getHandle('cycle-vgz-2027-2028')
        .query(cycleStatusQuery);
      expect(status.phase).toBe(expectedPhase);
      expect(status.timeline.map((m) => m.at)).toEqual(fullTimeline.map((m) => m.at));
    } finally {
      await connection.close();
    }
  } finally {
    first.child.kill('SIGINT');
  }
  expect(await first.exited).toBe(0);
  await green.stop();
  expect(first.output()).toContain('Temporal dev server stopped.');

  // Without OCO_IMAP_URL the system receives its mail itself, on its own SMTP listener.
  const second = startSystem(args);
  try {
    await waitFor(second, 'Running. Press Ctrl-C to stop.');
    expect(second.output()).toContain(`Cycle vgz-2027-2028 resumed: phase ${expectedPhase}`);
    expect(second.output()).not.toContain('differs from the configuration');
    expect(second.output()).toContain(
      `Inbound mail: SMTP listener smtp://127.0.0.1:${inboundPort} for ${mailbox} `,
    );
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true })
      .sendMail({ from: 'ander@elders.example', to: mailbox, subject: 'Stukken', text: 'Zie bijlage.' });
    const items = await triageItems(2);
    expect(items[1]).toMatchObject({ from: 'ander@elders.example' });
  } finally {
    second.child.kill('SIGINT');
  }
  expect(await second.exited).toBe(0);
}, 240_000);

test('Ctrl-C while the system is still starting stops what was started and exits cleanly', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oco-start-'));
  const [port, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const running = startSystem([
    '--api-port',
    String(apiPort),
    '--config',
    path.join(ROOT, 'examples', 'vgz-2027-2028.yaml'),
    '--data',
    dataDir,
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
  ]);
  await waitFor(running, 'Starting the Temporal dev server');
  running.child.kill('SIGINT');
  expect(await running.exited).toBe(0);
  expect(running.output()).toContain('Stopping ...');
  expect(running.output()).toContain('Temporal dev server stopped.');
  expect(running.output()).not.toContain('Running. Press Ctrl-C');
  // Nothing is left listening on the server's port.
  await expect(
    new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end()));
      socket.once('error', reject);
    }),
  ).rejects.toThrow(/ECONNREFUSED/);
}, 120_000);

test('refuses a wrong configuration before starting anything', async () => {
  const running = startSystem([
    '--config',
    path.join(ROOT, 'test', 'fixtures', 'bad-config.yaml'),
    '--data',
    os.tmpdir(),
  ]);
  expect(await running.exited).toBe(2);
  expect(running.output()).toContain('invalid cycle configuration');
  expect(running.output()).not.toContain('Starting the Temporal dev server');
});
