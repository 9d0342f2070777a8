/**
 * An API server on a real Temporal client, with a token store, an attachment store and an audit log in a temporary
 * folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { JsonLinesAuditLog } from '../../api/audit/journal';
import { type Api, type ApiDependencies, buildApi } from '../../api/server';
import { TokenStore } from '../../api/tokens';
import { closePdfInspector } from '../../attachments/inspect';
import { FileSystemAttachmentStore } from '../../attachments/store';

export interface ApiRig {
  app: Api;
  /** http://127.0.0.1:<port> */
  url: string;
  /** A real HTTP request; JSON bodies are sent as JSON, Buffers as they are. */
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, read by tests field by field
  ): Promise<{ status: number; body: any; headers: Headers }>;
  dir: string;
  tokens: TokenStore;
  store: FileSystemAttachmentStore;
  /** The audit log (`<dir>/audit.jsonl`), unless the caller gave its own. */
  audit: JsonLinesAuditLog;
  /** A token for a role (and provider), made once per rig and kept. */
  token(role: 'provider' | 'officer' | 'legal', providerId?: string, cycleId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startApi(
  client: Client,
  options: Partial<Omit<ApiDependencies, 'client' | 'tokens'>> & { tokenClock?: () => Date } = {},
): Promise<ApiRig> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oco-api-'));
  const tokens = new TokenStore(path.join(dir, 'tokens.json'), options.tokenClock);
  const store = new FileSystemAttachmentStore(path.join(dir, 'attachments'));
  const audit = new JsonLinesAuditLog(path.join(dir, 'audit.jsonl'));
  const app = await buildApi({ client, store, tokens, audit, ...options });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const made = new Map<string, string>();
  return {
    app,
    url: address,
    async request(method, route, { token, body, headers = {} } = {}) {
      const raw = Buffer.isBuffer(body);
      const response = await fetch(`${address}${route}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: raw ? (body as Buffer) : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, body: parsed, headers: response.headers };
    },
    dir,
    tokens,
    store,
    audit,
    async token(role, providerId, cycleId) {
      const key = `${role}/${providerId ?? ''}/${cycleId ?? ''}`;
      const existing = made.get(key);
      if (existing) return existing;
      const { token } = await tokens.create({
        role,
        ...(providerId ? { providerId } : {}),
        ...(cycleId ? { cycleId } : {}),
        label: role === 'officer' ? 'M. de Vries' : `${role} ${providerId ?? ''}`.trim(),
      });
      made.set(key, token);
      return token;
    },
    async close() {
      await app.close();
      await closePdfInspector();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A PDF with a text layer (`text` on its page), or without one (a drawn shape only: what a scan looks like). */
export async function pdf(text: string | null): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  if (text === null) page.drawRectangle({ x: 40, y: 40, width: 300, height: 400 });
  else page.drawText(text, { x: 50, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  // A fixed date, so the same text makes the same bytes (and the same SHA-256).
  doc.setCreationDate(new Date('2023-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2023-01-01T00:00:00Z'));
  return Buffer.from(await doc.save());
}
