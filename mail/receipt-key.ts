/**
 * Where the receipt master key comes from. In production only from the environment: OCO_RECEIPT_KEY (hex or base64,
 * at least 32 bytes), put there by the deployment's secret store; a worker started without it refuses to start, so
 * receipts are never sealed with a key made up on the spot (which a new volume would silently replace, making every
 * earlier receipt unverifiable) or kept beside the data it protects (and in its backups). Only the local
 * installation (`npm start` on one machine, not with NODE_ENV=production) may keep a key file under the data folder,
 * created once with 32 random bytes and readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseMasterKey } from './receipt';

export function receiptKeyFile(dataDir: string): string {
  return path.join(dataDir, 'receipt.key');
}

/** The refusal of a production worker without a key: what to set, and how to make one. */
export const RECEIPT_KEY_REQUIRED =
  'OCO_RECEIPT_KEY is not set: in production the receipt key comes from the environment only ' +
  '(32 random bytes as 64 hex digits, made once with `openssl rand -hex 32` and kept in your secret store); ' +
  'only `npm start` on one machine keeps a key file under the data folder';

/** Whether a key file under the data folder may be used: only by the local `npm start`, never in production. */
export function localKeyFileAllowed(env: NodeJS.ProcessEnv, localStart: boolean): boolean {
  return localStart && env.NODE_ENV !== 'production';
}

export function resolveReceiptKey(options: {
  env?: NodeJS.ProcessEnv;
  dataDir: string;
  create: boolean;
  /** Production: OCO_RECEIPT_KEY or nothing; a key file is neither read nor made. */
  environmentOnly?: boolean;
}): Buffer {
  const fromEnv = (options.env ?? process.env).OCO_RECEIPT_KEY;
  if (fromEnv) return parseMasterKey(fromEnv);
  if (options.environmentOnly) throw new Error(RECEIPT_KEY_REQUIRED);
  const file = receiptKeyFile(options.dataDir);
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8'));
  if (!options.create) {
    throw new Error(
      `no receipt key: set OCO_RECEIPT_KEY or run from the data folder that holds receipt.key (${file})`,
    );
  }
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
