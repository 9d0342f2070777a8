/**
 * Bearer tokens for the HTTP API: each has a role (provider, officer, legal) and, for a provider, the provider id it
 * acts for (and optionally the one cycle). A token is shown once, when `oco token create` makes it; only its SHA-256
 * is kept (`<data>/tokens.json`), and a presented token is compared with the kept hash in constant time. The token
 * carries its own id ("oco_<id>_<secret>"), so checking one is a lookup, not a scan. Tokens expire and can be revoked.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const ROLES = ['provider', 'officer', 'legal'] as const;
export type Role = (typeof ROLES)[number];

const TokenRecordSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{12}$/),
  role: z.enum(ROLES),
  providerId: z.string().optional(),
  cycleId: z.string().optional(),
  /** Who the token is for, as the officer who made it wrote it down. */
  label: z.string().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

/** Who is calling: what a verified token grants. */
export interface Caller {
  tokenId: string;
  role: Role;
  providerId?: string;
  cycleId?: string;
  label?: string;
}

/**
 * A refusal says, for the audit log, which token id was claimed (when the token had the right form) and, when its
 * secret matched but the token is revoked or expired, whose it was.
 */
export type TokenCheck =
  | { ok: true; caller: Caller }
  | { ok: false; reason: string; tokenId?: string; caller?: Caller };

const TOKEN = /^oco_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest();

export interface NewToken {
  role: Role;
  providerId?: string;
  cycleId?: string;
  label?: string;
  /** Lifetime in days; none: until revoked. */
  days?: number;
}

export class TokenStore {
  private records: TokenRecord[] | undefined;

  constructor(
    readonly file: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  static inDataDir(dataDir: string): TokenStore {
    return new TokenStore(path.join(dataDir, 'tokens.json'));
  }

  private loadedMtimeMs = -1;

  /** The records, read again when the file changed: a token made or revoked by `oco token` counts at once. */
  private async load(): Promise<TokenRecord[]> {
    const mtimeMs = await stat(this.file).then(
      (s) => s.mtimeMs,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return 0;
        throw error;
      },
    );
    if (this.records && mtimeMs === this.loadedMtimeMs) return this.records;
    const text = mtimeMs === 0 ? '[]' : await readFile(this.file, 'utf8');
    this.records = z.array(TokenRecordSchema).parse(JSON.parse(text));
    this.loadedMtimeMs = mtimeMs;
    return this.records;
  }

  private async save(records: TokenRecord[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.part`;
    await writeFile(temporary, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.file);
    this.records = undefined;
  }

  /** Makes a token; the secret is in the returned token only, never stored. */
  async create(input: NewToken): Promise<{ token: string; record: TokenRecord }> {
    const [made] = await this.createMany([input]);
    return made as { token: string; record: TokenRecord };
  }

  /** Makes several tokens with one write (a benchmark's thousands of providers, an import). */
  async createMany(inputs: readonly NewToken[]): Promise<{ token: string; record: TokenRecord }[]> {
    for (const input of inputs) {
      if (input.role === 'provider' && !input.providerId)
        throw new Error('--provider: a provider token must name the provider it acts for');
      if (input.role !== 'provider' && input.providerId)
        throw new Error(`--provider: only a provider token acts for a provider, not a ${input.role} token`);
    }
    const records = await this.load();
    const now = this.clock();
    const made = inputs.map((input) => {
      const id = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const record: TokenRecord = {
        id,
        role: input.role,
        ...(input.providerId ? { providerId: input.providerId } : {}),
        ...(input.cycleId ? { cycleId: input.cycleId } : {}),
        ...(input.label ? { label: input.label } : {}),
        sha256: hashOf(secret).toString('hex'),
        createdAt: now.toISOString(),
        expiresAt: input.days ? new Date(now.getTime() + input.days * 86_400_000).toISOString() : null,
        revokedAt: null,
      };
      return { token: `oco_${id}_${secret}`, record };
    });
    await this.save([...records, ...made.map((m) => m.record)]);
    return made;
  }

  async revoke(id: string): Promise<TokenRecord> {
    const records = await this.load();
    const record = records.find((r) => r.id === id);
    if (!record) throw new Error(`id: no token ${id}`);
    const revoked = { ...record, revokedAt: record.revokedAt ?? this.clock().toISOString() };
    await this.save(records.map((r) => (r.id === id ? revoked : r)));
    return revoked;
  }

  async list(): Promise<TokenRecord[]> {
    return [...(await this.load())];
  }

  /**
   * Checks a presented token. The secret is never compared as text: its SHA-256 (32 bytes, whatever the secret's
   * length) is compared with the kept SHA-256 (32 bytes) by crypto.timingSafeEqual, and an unknown id is compared
   * against 32 zero bytes the same way, so the time taken does not depend on the secret's content or on how much of
   * it is right. Only after that comparison does the answer differ (revoked, expired).
   */
  async verify(token: string): Promise<TokenCheck> {
    const match = TOKEN.exec(token);
    // The same hash work whether or not the token is well-formed or known, so timing tells nothing.
    const presented = hashOf(match?.[2] ?? token);
    const record = match ? (await this.load()).find((r) => r.id === match[1]) : undefined;
    const kept = record ? Buffer.from(record.sha256, 'hex') : Buffer.alloc(32);
    const equal = timingSafeEqual(presented, kept);
    const claimed = match ? { tokenId: match[1] as string } : {};
    if (!match || !record || !equal) return { ok: false, reason: 'the token is not valid', ...claimed };
    const caller: Caller = {
      tokenId: record.id,
      role: record.role,
      ...(record.providerId ? { providerId: record.providerId } : {}),
      ...(record.cycleId ? { cycleId: record.cycleId } : {}),
      ...(record.label ? { label: record.label } : {}),
    };
    if (record.revokedAt) return { ok: false, reason: 'the token was revoked', ...claimed, caller };
    if (record.expiresAt && Date.parse(record.expiresAt) <= this.clock().getTime())
      return { ok: false, reason: 'the token has expired', ...claimed, caller };
    return { ok: true, caller };
  }
}
