/**
 * The audit log, through the real API on the time-skipping server: a provider's upload and submission, the officer's
 * registration, assessment and selection, the provider's objection and legal's answer, a refused attempt with another
 * provider's token and one with an expired token each appear once, with who (token id, role, label, provider), what
 * (action, route, path, cycle, provider, region) and the outcome (status, receipt, workflow; or the error code).
 * A submission whose caller hangs up while the server works on it stands, and is recorded once, marked disconnected.
 * No token's secret, no Authorization header and no free text of a request is in the file. GET /audit is for officers
 * and legal only, its query is checked by field, and every read of it is recorded too. The log is read once the entry
 * of the last request is in it (it is written after the answer went out).
 */
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AuditEntry } from '../../api/audit/entry';
import type { JsonLinesAuditLog } from '../../api/audit/journal';
import { type AttachmentStore, FileSystemAttachmentStore } from '../../attachments/store';
import { cycleWorkflowId, providerWorkflowId } from '../../workflows/ids';
import { type ApiRig, pdf, startApi } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { cycleInFuture, kindOf, runCycle } from '../helpers/cycle-rig';
import { skipTo, testOnOwnServer } from '../helpers/temporal';
import { until } from '../reliability/waits';
import { rawRequest } from './raw-http';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** The log once the entry of request `requestId` is in it: entries are written after the answer went out. */
async function auditWith(audit: JsonLinesAuditLog, requestId: string | null): Promise<AuditEntry[]> {
  return until(
    `the audit entry of request ${requestId}`,
    async () => {
      const { entries } = await audit.read({ limit: 1000 });
      return entries.some((e) => e.requestId === requestId) ? entries : undefined;
    },
    10_000,
  );
}

/** An attachment store with a gate: the next read waits there, until the test opens it. */
function gatedStore(inner: AttachmentStore) {
  let gate: { reached: () => void; open: Promise<void> } | null = null;
  const store: AttachmentStore = {
    put: (content) => inner.put(content),
    size: (sha256) => inner.size(sha256),
    async get(sha256) {
      const waiting = gate;
      gate = null;
      if (waiting) {
        waiting.reached();
        await waiting.open;
      }
      return inner.get(sha256);
    },
  };
  const close = () => {
    let reached = () => {};
    let open = () => {};
    const reachedPromise = new Promise<void>((resolve) => {
      reached = resolve;
    });
    gate = { reached, open: new Promise<void>((resolve) => (open = resolve)) };
    return { reached: reachedPromise, open };
  };
  return { store, close };
}

testOnOwnServer(
  'the audit log: who did what, once each, with the outcome; never a secret; GET /audit for officers and legal',
  async (env: TestWorkflowEnvironment) => {
    const { config, at } = await cycleInFuture(env, example2024(), 'api-audit');
    const region = config.regions[0]?.name as string;
    await runCycle(env, config, [], async (cycle) => {
      let now = await env.currentTimeMs();
      let tokenShiftMs = 0;
      const files = gatedStore(
        new FileSystemAttachmentStore(await mkdtemp(path.join(tmpdir(), 'oco-audit-files-'))),
      );
      const api: ApiRig = await startApi(env.client, {
        clock: () => new Date(now),
        tokenClock: () => new Date(Date.now() + tokenShiftMs),
        store: files.store,
      });
      const jump = async (ms: number) => {
        await skipTo(env, ms);
        now = await env.currentTimeMs();
      };
      try {
        const officer = await api.token('officer');
        const legal = await api.token('legal');
        const a = await api.token('provider', 'a');
        const b = await api.token('provider', 'b');
        const expiring = await api.tokens.create({
          role: 'provider',
          providerId: 'a',
          label: 'kort',
          days: 1,
        });
        const secrets = [officer, legal, a, b, expiring.token].map((t) => t.slice(17));
        const id = (token: string) => token.slice(4, 16);
        const base = `/cycles/${config.id}`;
        await jump(at(config.schedule.publication) + 60_000);

        // The officer registers two providers.
        const registered = await api.request('POST', `${base}/providers`, {
          token: officer,
          body: {
            providers: ['a', 'b'].map((p) => ({
              id: p,
              name: `Stichting ${p}`,
              email: `${p}@aanbieder.example.nl`,
            })),
          },
        });
        expect(registered.status).toBe(200);

        // a uploads its board declaration and submits.
        const declaration = await pdf('Bestuursverklaring van Stichting a');
        const upload = await api.request('POST', '/files?name=Bestuursverklaring.pdf', {
          token: a,
          body: declaration,
          headers: { 'content-type': 'application/pdf' },
        });
        expect(upload.status).toBe(201);
        now = await env.currentTimeMs();
        const submission = {
          regions: [region],
          documents: [{ kind: 'bestuursverklaring', name: upload.body.name, sha256: upload.body.sha256 }],
        };
        const submitted = await api.request('POST', `${base}/providers/a/submission`, {
          token: a,
          body: submission,
        });
        expect(submitted.status).toBe(201);
        const submittedAt = new Date(now).toISOString();

        // a adds a document and hangs up while the server reads its files: the supplement stands, and is recorded
        // once, marked disconnected.
        const sockets = new Map<number, Socket>();
        api.app.server.on('connection', (socket: Socket) => sockets.set(socket.remotePort ?? 0, socket));
        const gate = files.close();
        const hangUp = new AbortController();
        let port = 0;
        const hungUp = rawRequest(api.url, 'POST', `${base}/providers/a/supplements`, {
          token: a,
          body: { documents: [{ kind: 'onderbouwing', name: upload.body.name, sha256: upload.body.sha256 }] },
          signal: hangUp.signal,
          onSent: (localPort) => {
            port = localPort;
          },
        }).catch((error: Error) => error);
        await gate.reached;
        await until('the whole request sent', () => port || undefined, 10_000);
        hangUp.abort();
        await until(
          'the server to see the caller go',
          () => sockets.get(port)?.destroyed || undefined,
          10_000,
        );
        gate.open();
        expect(await hungUp).toMatchObject({ name: 'AbortError' });
        const goneEntry = await until(
          'the audit entry of the supplement',
          async () =>
            (await api.audit.read({ limit: 1000 })).entries.find((e) => e.what.action === 'supplement'),
          20_000,
        );
        expect(goneEntry).toMatchObject({
          who: { tokenId: id(a), role: 'provider', providerId: 'a' },
          what: { action: 'supplement', cycleId: config.id, providerId: 'a' },
          outcome: {
            ok: true,
            status: 201,
            disconnected: true,
            workflowId: providerWorkflowId(config.id, 'a'),
            receipt: { kind: 'supplement' },
          },
        });
        expect((await cycle.view('a')).history.map((h) => h.kind)).toEqual(['submission', 'supplement']);

        // b tries to submit for a; a's expired token tries once more.
        const refused = await api.request('POST', `${base}/providers/a/submission`, {
          token: b,
          body: submission,
        });
        expect(refused.status).toBe(403);
        tokenShiftMs = 2 * DAY;
        const expired = await api.request('GET', `${base}/providers/a`, { token: expiring.token });
        tokenShiftMs = 0;
        expect([expired.status, expired.body.error.message]).toEqual([
          401,
          'Authorization: the token has expired',
        ]);

        // After the closing: the officer assesses a and confirms the proposal; at the announcement a objects, and
        // legal answers.
        await jump(at(config.schedule.assessmentStart) + HOUR);
        const requirements = Object.fromEntries(
          config.assessment.requirements.map((_, i) => [String(i + 1), true]),
        );
        const assessed = await api.request('POST', `${base}/providers/a/assessments`, {
          token: officer,
          body: { region, requirements, selection: { priorWlzContract: true } },
        });
        expect(assessed.status).toBe(201);
        const decided = await api.request('POST', `${base}/regions/${encodeURIComponent(region)}/selection`, {
          token: officer,
          body: {},
        });
        expect(decided.status).toBe(201);
        await jump(at(config.schedule.announcement) + HOUR);
        await cycle.mails((m) => kindOf(m) === 'selected', 1);
        now = await env.currentTimeMs();
        const objectionText = 'Wij vragen om een nadere motivering van de ranglijst.';
        const objected = await api.request('POST', `${base}/providers/a/objections`, {
          token: a,
          body: { text: objectionText, regions: [region] },
        });
        expect(objected.status).toBe(201);
        // Its receipt in the provider's list says whether it was on time, as the objection's record has it.
        const receipts = await api.request('GET', `${base}/providers/a/receipts`, { token: a });
        expect(receipts.body.receipts).toContainEqual(
          expect.objectContaining({ kind: 'objection', onTime: true, code: objected.body.code }),
        );
        now = await env.currentTimeMs();
        const answerText = 'De ranglijst volgt de volgorde van het inkoopbeleid.';
        const answered = await api.request('POST', `${base}/providers/a/objection-answers`, {
          token: legal,
          body: { outcome: 'rejected', text: answerText },
        });
        expect(answered.status).toBe(201);

        // Each appears once, with who, what and the outcome.
        const requestIdOf = (response: { headers: Headers }) => response.headers.get('x-request-id');
        const entries = await auditWith(api.audit, requestIdOf(answered));
        const one = (requestId: string | null): AuditEntry => {
          const found = entries.filter((e) => e.requestId === requestId);
          expect(found).toHaveLength(1);
          return found[0] as AuditEntry;
        };
        expect(one(goneEntry.requestId)).toEqual(goneEntry);
        const officerWho = { tokenId: id(officer), verified: true, role: 'officer', label: 'M. de Vries' };

        expect(one(requestIdOf(registered))).toMatchObject({
          channel: 'api',
          who: officerWho,
          what: {
            action: 'providers.register',
            method: 'POST',
            route: '/cycles/:cycleId/providers',
            path: `${base}/providers`,
            cycleId: config.id,
          },
          outcome: { ok: true, status: 200, workflowId: cycleWorkflowId(config.id) },
        });
        expect(one(requestIdOf(upload))).toMatchObject({
          who: { tokenId: id(a), role: 'provider', providerId: 'a' },
          what: { action: 'file.upload', route: '/files', path: '/files' },
          outcome: { ok: true, status: 201, sha256: upload.body.sha256 },
        });
        const submissionEntry = one(requestIdOf(submitted));
        expect(submissionEntry).toEqual({
          at: submittedAt,
          requestId: requestIdOf(submitted),
          channel: 'api',
          who: { tokenId: id(a), verified: true, role: 'provider', label: 'provider a', providerId: 'a' },
          what: {
            action: 'submission',
            method: 'POST',
            route: '/cycles/:cycleId/providers/:providerId/submission',
            path: `${base}/providers/a/submission`,
            cycleId: config.id,
            providerId: 'a',
            fields: { regions: [region] },
          },
          outcome: {
            ok: true,
            status: 201,
            workflowId: providerWorkflowId(config.id, 'a'),
            receipt: { kind: 'submission', sequence: 1, code: submitted.body.code },
          },
          remoteAddress: expect.stringMatching(/127\.0\.0\.1$/),
          durationMs: expect.any(Number),
        });
        expect(one(requestIdOf(refused))).toMatchObject({
          who: { tokenId: id(b), verified: true, role: 'provider', providerId: 'b' },
          what: { action: 'submission', cycleId: config.id, providerId: 'a' },
          outcome: {
            ok: false,
            status: 403,
            error: 'forbidden',
            reason: 'this token acts for provider b, not a',
          },
        });
        expect(one(requestIdOf(refused)).outcome).not.toHaveProperty('workflowId');
        expect(one(requestIdOf(expired))).toMatchObject({
          who: {
            tokenId: expiring.record.id,
            verified: true,
            role: 'provider',
            label: 'kort',
            providerId: 'a',
          },
          what: { action: 'read', method: 'GET', route: '/cycles/:cycleId/providers/:providerId' },
          outcome: {
            ok: false,
            status: 401,
            error: 'unauthorized',
            reason: 'Authorization: the token has expired',
          },
        });
        expect(one(requestIdOf(assessed))).toMatchObject({
          who: officerWho,
          what: { action: 'assessment', providerId: 'a', region },
          outcome: { status: 201, version: 1, workflowId: providerWorkflowId(config.id, 'a') },
        });
        expect(one(requestIdOf(decided))).toMatchObject({
          what: { action: 'selection.decide', region },
          outcome: { status: 201, number: 1, workflowId: cycleWorkflowId(config.id) },
        });
        expect(one(requestIdOf(objected))).toMatchObject({
          who: { tokenId: id(a), role: 'provider' },
          what: { action: 'objection', providerId: 'a', fields: { regions: [region] } },
          outcome: { status: 201, receipt: { kind: 'objection', sequence: 1 } },
        });
        expect(one(requestIdOf(answered))).toMatchObject({
          who: { tokenId: id(legal), verified: true, role: 'legal', label: 'legal' },
          what: {
            action: 'objection.answer',
            route: '/cycles/:cycleId/providers/:providerId/objection-answers',
            cycleId: config.id,
            providerId: 'a',
            fields: { outcome: 'rejected' },
          },
          outcome: { ok: true, status: 201, workflowId: providerWorkflowId(config.id, 'a') },
        });
        // A successful read is not recorded (the audit log records changes and refusals).
        expect(entries.filter((e) => e.what.method === 'GET' && e.outcome.ok)).toEqual([]);

        // GET /audit: for officers and legal, filtered; a provider's token is refused, a malformed query named.
        const forProvider = await api.request('GET', '/audit', { token: a });
        expect([forProvider.status, forProvider.body.error.code]).toEqual([403, 'forbidden']);
        const aboutA = await api.request('GET', `/audit?cycle=${config.id}&provider=a`, { token: legal });
        expect(aboutA.status).toBe(200);
        const actions = aboutA.body.entries.map((e: AuditEntry) => `${e.what.action} ${e.outcome.status}`);
        expect(actions).toEqual(
          expect.arrayContaining([
            'submission 201',
            'submission 403',
            'read 401',
            'assessment 201',
            'objection 201',
            'objection.answer 201',
          ]),
        );
        expect(actions).not.toContain('providers.register 200');
        const since = await api.request('GET', `/audit?since=${encodeURIComponent(submittedAt)}&limit=2`, {
          token: officer,
        });
        expect(since.status).toBe(200);
        expect(since.body).toMatchObject({ truncated: true, skipped: 0 });
        expect(since.body.entries).toHaveLength(2);
        for (const entry of since.body.entries) expect(entry.at >= submittedAt).toBe(true);
        for (const [query, field] of [
          ['since=gisteren', 'querystring.since'],
          ['limit=0', 'querystring.limit'],
          ['limit=veel', 'querystring.limit'],
          ['provider=a%20b', 'querystring.provider'],
        ]) {
          const bad = await api.request('GET', `/audit?${query}`, { token: officer });
          expect([query, bad.status, bad.body.error.problems.map((p: { path: string }) => p.path)]).toEqual([
            query,
            400,
            [field],
          ]);
        }
        const unknown = await api.request('GET', '/audit?cyclus=x', { token: officer });
        expect([unknown.status, unknown.body.error.message]).toEqual([400, expect.stringMatching(/cyclus/)]);
        // Reading the log is recorded, with the filters used; the refused read too.
        const reads = (await auditWith(api.audit, requestIdOf(unknown))).filter(
          (e) => e.what.route === '/audit',
        );
        expect(reads.map((e) => [e.what.action, e.outcome.status, e.who.role])).toEqual([
          ['audit.read', 403, 'provider'],
          ['audit.read', 200, 'legal'],
          ['audit.read', 200, 'officer'],
          ['audit.read', 400, 'officer'],
          ['audit.read', 400, 'officer'],
          ['audit.read', 400, 'officer'],
          ['audit.read', 400, 'officer'],
          ['audit.read', 400, 'officer'],
        ]);
        expect(reads[1]?.what.fields).toEqual({ cycle: config.id, provider: 'a' });

        // Nothing secret, and no free text of a request, in the file; readable by its owner only.
        const file = await readFile(api.audit.file, 'utf8');
        for (const secret of secrets) expect(file).not.toContain(secret);
        for (const text of [objectionText, answerText, 'Bearer ', 'Bestuursverklaring van'])
          expect(file).not.toContain(text);
        expect((await stat(api.audit.file)).mode & 0o777).toBe(0o600);
        for (const line of file.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      } finally {
        await api.close();
      }
    });
  },
);
