/**
 * GreenMail, a real SMTP and IMAP server in one Java jar (Maven Central, com.icegreen:greenmail-standalone), for the
 * inbound-mail tests and the deadline-rush benchmark: providers send to it over SMTP, the mail reader reads it over
 * IMAP. Provisioned with Maven into the cache beside the Temporal servers, started on free ports per use.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port';
import { projectRoot } from '../support/project-root';
import { cacheRoot } from '../temporal-server/locations';

export const GREENMAIL_VERSION = '2.1.3';
const run = promisify(execFile);

function jarDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(cacheRoot(env)), `greenmail-${GREENMAIL_VERSION}`, 'lib');
}

/** The GreenMail jar, fetched with Maven on first use. */
export async function provisionGreenMail(log: (line: string) => void = () => undefined): Promise<string> {
  const lib = jarDir();
  const jar = () => readdirSync(lib).find((f) => f.startsWith('greenmail-standalone') && f.endsWith('.jar'));
  if (existsSync(lib) && jar()) return path.join(lib, jar() as string);
  log(`fetching com.icegreen:greenmail-standalone:${GREENMAIL_VERSION} from Maven Central with mvn`);
  await run(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(projectRoot(), 'mail', 'greenmail.pom.xml'),
      `-Dgreenmail.version=${GREENMAIL_VERSION}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${lib}`,
      '-DexcludeTransitive=true',
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const found = existsSync(lib) ? jar() : undefined;
  if (!found) throw new Error('mvn finished but copied no GreenMail jar');
  return path.join(lib, found);
}

/** Resolves once something accepts connections on the port (30 s at most). */
async function listening(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`GreenMail did not listen on port ${port} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface GreenMail {
  smtpPort: number;
  imapPort: number;
  /** The mailbox the system reads, and its password. */
  user: { login: string; password: string; email: string };
  stop(): Promise<void>;
}

/** Starts GreenMail with one mailbox (`email`, login = its local part) on free ports; resolves when IMAP listens. */
export async function startGreenMail(email: string, password = 'geheim'): Promise<GreenMail> {
  const jar = await provisionGreenMail();
  const [smtpPort, imapPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const login = email.split('@')[0] as string;
  const child: ChildProcess = spawn(
    'java',
    [
      '-Dgreenmail.hostname=127.0.0.1',
      `-Dgreenmail.smtp.port=${smtpPort}`,
      `-Dgreenmail.imap.port=${imapPort}`,
      `-Dgreenmail.api.port=${apiPort}`,
      `-Dgreenmail.users=${login}:${password}@${email.split('@')[1]}`,
      '-Dgreenmail.users.login=email',
      '-jar',
      jar,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`GreenMail exited with ${code}:\n${output}`))),
  );
  try {
    // Up when both ports take connections.
    await Promise.race([Promise.all([listening(smtpPort), listening(imapPort)]), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  child.removeAllListeners('exit');
  return {
    smtpPort,
    imapPort,
    user: { login: email, password, email },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
