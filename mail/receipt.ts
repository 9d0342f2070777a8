/**
 * Receipts that prove something: the facts of an accepted input (what, when, on time against which deadline, the
 * files with their SHA-256, what is missing or doubtful) sealed with an HMAC-SHA256 under the cycle's key.
 *
 * The cycle's key is derived from one master key (OCO_RECEIPT_KEY) and the cycle id, so a leaked code of one cycle
 * says nothing about another. Facts are signed as canonical JSON (keys sorted), so the same facts always give the
 * same code and any change to one byte of them gives another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const RECEIPT_KINDS = [
  'question',
  'submission',
  'supplement',
  'withdrawal',
  'objection',
  'contractSigned',
  'production',
  'prognosis',
  'overrunReport',
  'obligation',
] as const;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 as 64 lower-case hex digits');

export const FileFactSchema = z.strictObject({
  name: z.string().min(1).max(255),
  sizeBytes: z.int().min(0),
  sha256: sha256Hex,
});
export type FileFact = z.infer<typeof FileFactSchema>;

export const ReceiptFactsSchema = z.strictObject({
  kind: z.enum(RECEIPT_KINDS),
  cycleId: z.string().min(1),
  providerId: z.string().min(1),
  /** The n-th input of this kind from this provider in this cycle (1, 2, ...). */
  sequence: z.int().min(1),
  /** When the system accepted the input, ISO-8601 UTC with milliseconds. */
  receivedAt: z.iso.datetime(),
  /** The deadline it was measured against, or null where none applies. */
  deadline: z.strictObject({ key: z.string(), label: z.string(), at: z.iso.datetime() }).nullable(),
  onTime: z.boolean(),
  files: z.array(FileFactSchema),
  /** What is missing or doubtful, in Dutch, as the provider reads it. */
  issues: z.array(z.string()),
});
export type ReceiptFacts = z.infer<typeof ReceiptFactsSchema>;

export interface SignedReceipt {
  facts: ReceiptFacts;
  /** e.g. "OCO-3F2A-9B1C-77D0-4E15-A2C8-0B9F-1D3E-6A4C" */
  code: string;
}

export function cycleKey(masterKey: Buffer, cycleId: string): Buffer {
  return createHmac('sha256', masterKey).update(`oco-receipt-key\u0000${cycleId}`).digest();
}

/** JSON with object keys sorted at every level: one text for one set of facts. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function digest(masterKey: Buffer, facts: ReceiptFacts): Buffer {
  return createHmac('sha256', cycleKey(masterKey, facts.cycleId)).update(canonicalJson(facts)).digest();
}

/** 128 bits of the HMAC, in groups of four hex digits: short enough to quote, long enough not to be guessed. */
function formatCode(mac: Buffer): string {
  const hex = mac.subarray(0, 16).toString('hex').toUpperCase();
  return `OCO-${hex.match(/.{4}/g)?.join('-')}`;
}

export function signReceipt(masterKey: Buffer, facts: ReceiptFacts): SignedReceipt {
  const parsed = ReceiptFactsSchema.parse(facts);
  return { facts: parsed, code: formatCode(digest(masterKey, parsed)) };
}

export type Verification = { genuine: true } | { genuine: false; reason: string };

export function verifyReceipt(masterKey: Buffer, facts: unknown, code: string): Verification {
  const parsed = ReceiptFactsSchema.safeParse(facts);
  if (!parsed.success)
    return {
      genuine: false,
      reason: `the receipt's facts are not well-formed: ${parsed.error.issues[0]?.message}`,
    };
  const expected = Buffer.from(formatCode(digest(masterKey, parsed.data)));
  const given = Buffer.from(code.trim().toUpperCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return {
      genuine: false,
      reason: 'the receipt code does not match its facts: changed, or not issued with this key',
    };
  }
  return { genuine: true };
}

/** The master key from the environment: at least 32 bytes, given as hex or base64. */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]+$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length < 32)
    throw new Error('OCO_RECEIPT_KEY must hold at least 32 bytes (64 hex digits or 44 base64 characters)');
  return key;
}
