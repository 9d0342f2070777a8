/**
 * No secret is committed: every file git tracks (and every new file it does not ignore, so a secret is caught before
 * its first commit) is scanned for private keys, passwords in URLs or configuration, bearer tokens, the receipt key
 * file and cloud keys. The scanner itself is shown to catch each kind first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { scanText } from '../helpers/secret-scan';

const ROOT = path.join(__dirname, '..', '..');

function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return out
    .split('\0')
    .filter((f) => f && existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).isFile());
}

// Written in pieces, so that this file does not hold what it looks for.
const join = (...parts: string[]) => parts.join('');

test('the scanner catches each kind of committed secret, and lets placeholders pass', () => {
  const caught = (file: string, text: string) => scanText(file, text).map((f) => f.rule);
  expect(caught('deploy/key.txt', join('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIE...'))).toEqual([
    'private key',
  ]);
  expect(caught('README.md', join('SMTP_URL=smtp://oco:', 'hunter2', '@mail:587'))).toEqual([
    'password in a URL',
  ]);
  expect(caught('docker-compose.yml', join('      POSTGRES_', 'PASSWORD: ', 'temporal\n'))).toEqual([
    'secret assigned in configuration',
  ]);
  expect(caught('.ci/env.sh', join('export OCO_RECEIPT', '_KEY=', 'ab'.repeat(32)))).toEqual([
    'secret assigned in configuration',
  ]);
  expect(caught('mail/transport.ts', join('const smtp', "Password = '", "hunter2';"))).toEqual([
    'secret literal in code',
  ]);
  expect(caught('test/x.test.ts', join('oco_abcdefabcdef_', 'k'.repeat(20), 'Q'.repeat(23)))).toEqual([
    'an OCO bearer token',
  ]);
  expect(caught('data/receipt.key', 'ab'.repeat(32))).toEqual(['secret file (the receipt key file)']);
  expect(caught('.env', '')).toEqual(['secret file (an environment file)']);
  expect(caught('x.ts', join('AKIA', 'ABCDEFGHIJKLMNOP'))).toEqual(['AWS access key']);
  // Placeholders and values from the environment are not secrets.
  for (const [file, text] of [
    ['README.md', 'OCO_IMAP_URL=imap://user:password@host:143/INBOX, SMTP_URL smtp://user:pass@mail:587'],
    ['docker-compose.yml', join('      POSTGRES_PASSWORD: $', '{POSTGRES_PASSWORD:?set it}\n')],
    ['x.ts', join('const url = `imap://$', '{user}:$', '{password}@host`;')],
    ['mail/x.ts', 'smtp://oco:***@mail:587'],
    ['test/a.test.ts', join('oco_000000000000_', 'A'.repeat(43))],
  ])
    expect([file, caught(file as string, text as string)]).toEqual([file, []]);
});

test('no file in the repository holds a secret', () => {
  const files = repositoryFiles();
  expect(files.length).toBeGreaterThan(100);
  expect(files).toEqual(expect.arrayContaining(['docker-compose.yml', 'Dockerfile', 'README.md']));
  const findings = files.flatMap((file) => {
    const bytes = readFileSync(path.join(ROOT, file));
    // Binary files (images, fonts) hold no configuration; a secret file is caught by its name.
    const text = bytes.includes(0) ? '' : bytes.toString('utf8');
    return scanText(file, text);
  });
  expect(findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.text}`)).toEqual([]);
});

test('the data folder is not in the repository, and .env stays out of git and the image', () => {
  const files = repositoryFiles();
  expect(files.filter((f) => f.startsWith('data/'))).toEqual([]);
  for (const ignore of ['.gitignore', '.dockerignore'])
    expect([ignore, readFileSync(path.join(ROOT, ignore), 'utf8').split('\n')]).toEqual([
      ignore,
      expect.arrayContaining(['.env']),
    ]);
});
