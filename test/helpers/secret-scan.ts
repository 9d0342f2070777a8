/**
 * Looks for committed secrets in text: private keys, passwords written into URLs or assigned in configuration, the
 * project's own bearer tokens and receipt key, and the well-known shapes of cloud and mail-service keys. Placeholders
 * ("password", "***", "${VAR}", "<secret>") are not secrets; a test fixture's literal is allowed only by name in
 * ALLOWED below, with the reason.
 */
import path from 'node:path';

export interface Finding {
  file: string;
  line: number;
  rule: string;
  text: string;
}

/** Files that are secrets by their name alone, wherever they are. */
const SECRET_FILES: [RegExp, string][] = [
  [/^receipt\.key$/, 'the receipt key file'],
  [/^tokens\.json$/, 'the token store'],
  [/^\.env(\..*)?$/, 'an environment file'],
  [/\.(pem|key|p12|pfx|jks|keystore)$/, 'a key or certificate store'],
  [/^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/, 'an SSH key'],
];

const PLACEHOLDER = /^(\$.*|\*+|x+|password|pass|passwd|pw|secret|geheim\.\.\.|…|\.\.\.|<[^>]+>|%[a-z]+%)$/i;

/** Literals that look like secrets but are not, by file: each with the reason it may stay. */
const ALLOWED: { file: string; value: string; why: string }[] = [
  {
    file: 'mail/greenmail.ts',
    value: 'geheim',
    why: "the throwaway user of the tests' local GreenMail server",
  },
  {
    file: 'test/inbound/settings.test.ts',
    value: 'ge%3Aheim',
    why: 'parsing an IMAP URL (no server behind it)',
  },
  { file: 'test/inbound/settings.test.ts', value: 'ge:heim', why: 'the same, decoded' },
];

/** Files whose `NAME: value` / `NAME=value` lines are configuration (compose, YAML, .env, Dockerfile, shell). */
const CONFIG_FILE = /(\.(ya?ml|env|toml|ini|properties|conf|cfg|sh)|^Dockerfile(\..*)?|^\.env.*)$/;

const RULES: {
  rule: string;
  pattern: RegExp;
  value?: (m: RegExpExecArray) => string;
  only?: RegExp;
}[] = [
  {
    rule: 'private key',
    pattern: /-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/g,
  },
  {
    rule: 'password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/'"`]*):([^\s@/'"`]+)@/gi,
    value: (m) => m[2] as string,
  },
  {
    // POSTGRES_PASSWORD: x, SMTP_PASS=x, OCO_RECEIPT_KEY=x, api_key: x; a value from the environment (${VAR}) is fine.
    rule: 'secret assigned in configuration',
    pattern:
      /^[ \t-]*(export[ \t]+)?["']?[A-Za-z0-9_.-]*(password|passwd|pwd|pass|secret|token|_key|api[_-]?key)[A-Za-z0-9_.-]*["']?[ \t]*[:=][ \t]*["']?([^\s"'#]+)/gim,
    value: (m) => m[3] as string,
    only: CONFIG_FILE,
  },
  {
    // const password = 'x', { pass: "x" }, "apiKey": "x" (code and JSON).
    rule: 'secret literal in code',
    pattern: /\b(\w*(password|passwd|secret|apikey|api_key)|pass)["']?\s*[:=]\s*(['"`])([^'"`\s$]{3,})\3/gi,
    value: (m) => m[4] as string,
  },
  {
    rule: 'an OCO bearer token',
    pattern: /\boco_[a-z0-9]{12}_([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    // A secret of one repeated character is a test's stand-in.
    value: (m) => (/^(.)\1*$/.test(m[1] as string) ? '***' : (m[1] as string)),
  },
  { rule: 'AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/g },
  { rule: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g },
  { rule: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { rule: 'SendGrid key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/g },
];

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** What in one file looks like a committed secret. `file` is the path in the repository. */
export function scanText(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const name = path.basename(file);
  const secretFile = SECRET_FILES.find(([pattern]) => pattern.test(name));
  if (secretFile) findings.push({ file, line: 0, rule: `secret file (${secretFile[1]})`, text: name });
  for (const { rule, pattern, value, only } of RULES) {
    if (only && !only.test(name)) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const found = value ? value(m) : m[0];
      // A placeholder, or a value shown masked ("smtp://oco:***@mail"), is not a secret.
      if (value && (PLACEHOLDER.test(found) || found.includes('***'))) continue;
      if (ALLOWED.some((a) => a.file === file && a.value === found)) continue;
      findings.push({ file, line: lineOf(text, m.index), rule, text: m[0].trim().slice(0, 120) });
    }
  }
  return findings;
}
