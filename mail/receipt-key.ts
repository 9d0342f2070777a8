/**
 * Where the receipt master key comes from: OCO_RECEIPT_KEY (hex or base64, at least 32 bytes), or for a local
 * installation a key file under the data folder, created once with 32 random bytes and readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseMasterKey } from './receipt';

export function receiptKeyFile(dataDir: string): string {
  return path.join(dataDir, 'receipt.key');
}

export function resolveReceiptKey(options: {
  env?: NodeJS.ProcessEnv;
  dataDir: string;
  create: boolean;
}): Buffer {
  const fromEnv = (options.env ?? process.env).OCO_RECEIPT_KEY;
  if (fromEnv) return parseMasterKey(fromEnv);
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
