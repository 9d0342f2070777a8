/**
 * Hostile and broken API requests (issue 9, item 4), against a real cycle and real provider workflows on a real
 * Worker (on a time-skipping server of its own, as the cycle goes through months), with the e-mails it sends caught by
 * the in-process SMTP server. Every POST route of the route table gets
 * fast-check requests (api-requests.ts: bodies from a model of the route with markup and impossible dates in every
 * field, mutated ones, garbage; hostile path parameters and query strings), with a valid token of a role the route
 * allows, in four phases of the procedure: after publication, after the question deadline, after the closing (with a
 * complete submission) and after the announcement (with the assessment completed, so objections are possible).
 * Proved for every request: the answer is 2xx, or 4xx with { error: { code, message } } and, for a body that does not
 * validate, the problems by field path; never 500, never a stack trace. After the run: no workflow task failed, no
 * e-mail failed for its data, every workflow answers its query, every receipt, registration and cycle the API
 * accepted is still there, every GET route answers JSON (the dashboard's data) without 500, and no e-mail sent
 * carries markup from input.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { RouteEntry } from '../../api/server';
import { InputRefusedError } from '../../client/inputs';
import { providerViews, registeredProviderIds } from '../../client/provider-views';
import type { CycleConfig } from '../../domain/config';
import { SCHEDULE_KEYS } from '../../domain/schedule-keys';
import { ProviderDirectory } from '../../inbound/directory';
import { InboundLedger } from '../../inbound/ledger';
import { cycleStatusQuery } from '../../workflows/cycle-api';
import { cycleWorkflowId, providerWorkflowId } from '../../workflows/ids';
import type { ProviderView } from '../../workflows/provider-api';
import { type ApiRig, startApi } from '../helpers/api';
import { example2024 } from '../helpers/configs';
import { type CycleRig, cycleInFuture, provider, runCycle } from '../helpers/cycle-rig';
import { testTemplates } from '../helpers/mail';
import { testOnOwnServer } from '../helpers/temporal';
import { concreteUrl, type RequestContext, type RequestSpec, requestArbitrary } from './api-requests';
import {
  fuzzParameters,
  looksLikeCrash,
  markupText,
  recordInputs,
  runs,
  Tally,
  unclearProblems,
} from './arbitraries';
import { templateTags } from './config-checks';
import { prepareContents } from './raw-mail';
import { historyProblems, unansweredQueries, unsafeMail } from './workflow-checks';
import { noActivityPending } from './workflow-health';

const tally = new Tally();
const notes: Record<string, number> = {};
const started = Date.now();

afterAll(async () => {
  recordInputs('api', { ...tally.toJSON(), ...notes, wallMs: Date.now() - started });
});

const ERROR_CODES = [
  'invalid',
  'refused',
  'notFound',
  'unauthorized',
  'forbidden',
  'tooLarge',
  'rateLimited',
  'unsupportedMediaType',
];
const FUZZED = ['a', 'b', 'c'];
const SCRIPTED = 's';
const REQUEST_MS = 60_000;

interface Accepted {
  receipts: { providerId: string; code: string; route: string }[];
  registered: Set<string>;
  cycles: Set<string>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The local "YYYY-MM-DDTHH:mm" of an instant, in the cycle's zone. */
const localOf = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** Local times near every milestone: a few are valid amendments, most are refused. */
function plausibleTimes(config: CycleConfig): string[] {
  const out: string[] = [];
  for (const key of SCHEDULE_KEYS) {
    const at = DateTime.fromISO(config.schedule[key], { zone: config.timezone }).toMillis();
    for (const hours of [-72, -1, 1, 26, 24 * 9]) out.push(localOf(at + hours * 3600_000, config.timezone));
  }
  return out;
}

testOnOwnServer(
  'every POST route with hostile bodies, in four phases: 2xx or a clear 4xx, never 500; nothing lost',
  async (env: TestWorkflowEnvironment) => {
    const base = await cycleInFuture(env, example2024(), 'hostile-api');
    const config: CycleConfig = {
      ...base.config,
      // Three regions keep the assessment the script completes small.
      regions: base.config.regions.slice(0, 3),
    };
    const contents = await prepareContents();
    const knownTags = templateTags(await testTemplates());
    const dir = await mkdtemp(path.join(tmpdir(), 'oco-hostile-api-'));
    const providers = [
      { ...provider('a'), name: 'Stichting <script>alert("a")</script>' },
      { ...provider('b'), name: '<img src=x onerror=alert(1)> & Co' },
      provider('c'),
      { ...provider(SCRIPTED), name: 'Stichting "<b>Script</b>"' },
    ];
    try {
      await runCycle(env, config, providers, async (rig) => {
        let now = await env.currentTimeMs();
        const taskQueue = (await rig.cycle.describe()).taskQueue;
        const api = await startApi(env.client, {
          clock: () => new Date(now),
          taskQueue,
          limits: { maxFileBytes: 1024 * 1024, maxMessageBytes: 3 * 1024 * 1024, maxFiles: 20 },
          rateLimit: { max: 1_000_000, windowMs: 60_000 },
          cycleIds: [config.id],
          inbound: {
            ledger: new InboundLedger(path.join(dir, 'ledger.jsonl')),
            directory: new ProviderDirectory(env.client, [config.id]),
          },
        });
        const accepted: Accepted = { receipts: [], registered: new Set(), cycles: new Set() };
        try {
          const tokens = {
            officer: await api.token('officer'),
            legal: await api.token('legal'),
            provider: async (id: string) => api.token('provider', id),
          };
          const send = async (route: RouteEntry, spec: RequestSpec) => {
            now = await env.currentTimeMs();
            const roles = route.access?.roles ?? [];
            const providerId = spec.params.providerId ?? '';
            const role =
              roles.includes('provider') && (FUZZED.includes(providerId) || providerId === SCRIPTED)
                ? 'provider'
                : (roles.find((r) => r !== 'provider') ?? 'provider');
            const token =
              role === 'provider'
                ? await tokens.provider(providerId || 'a')
                : role === 'legal'
                  ? tokens.legal
                  : tokens.officer;
            return request(api, route, spec, token);
          };

          // Files to refer to: uploaded once, with markup in their names.
          const uploads = [
            { bytes: contents.pdf, contentType: 'application/pdf' },
            { bytes: contents.scan, contentType: 'application/pdf' },
            { bytes: contents.flateBomb, contentType: 'application/pdf' },
            { bytes: contents.zipBomb, contentType: 'application/pdf' },
            { bytes: Buffer.from('%PDF-1.7\n<script>alert(1)</script>\n'), contentType: 'application/pdf' },
            { bytes: Buffer.from([0, 1, 2, 3, 255, 254]), contentType: 'image/png' },
            { bytes: Buffer.alloc(1024 * 1024 + 10, 0x41), contentType: 'application/pdf' },
            { bytes: Buffer.alloc(0), contentType: 'application/pdf' },
          ];
          const files: { sha256: string; name: string }[] = [];
          for (const [i, upload] of uploads.entries()) {
            const name = `${['<script>x()</script>', 'bom', '<img src=x onerror=y()>'][i % 3]}-${i}.pdf`;
            const answer = await api.request('POST', `/files?name=${encodeURIComponent(name)}`, {
              token: await tokens.provider('a'),
              body: upload.bytes,
              headers: { 'content-type': upload.contentType },
            });
            if (answer.status === 201) files.push({ sha256: answer.body.sha256, name });
          }
          expect(files.length).toBeGreaterThanOrEqual(5);

          const routes = api.app.routeTable.filter((r) => r.method === 'POST' && r.access !== null);
          expect(routes.length).toBeGreaterThanOrEqual(20);
          const context = (ids: string[]): RequestContext => ({
            cycleId: config.id,
            providerIds: ids,
            regions: config.regions.map((r) => r.name),
            requirements: config.assessment.requirements.length,
            plausibleTimes: plausibleTimes(config),
            files,
            uploads,
            config: JSON.parse(JSON.stringify(config)),
          });

          /** One phase: requests over every POST route, those in `focus` more often. */
          const phase = async (name: string, weight: number, focus: RegExp, ids: string[]) => {
            const ctx = context(ids);
            const arbitrary = fc.oneof(
              ...routes.map((route) => ({
                weight: focus.test(route.url) ? 4 : 1,
                arbitrary: requestArbitrary(route.url, ctx).map((spec) => ({ route, spec })),
              })),
            );
            await fc.assert(
              fc.asyncProperty(arbitrary, async ({ route, spec }) => {
                const answer = await send(route, spec);
                tally.add(`POST ${route.url}`, String(answer.status));
                tally.add(`phase: ${name}`, answer.status < 300 ? 'accepted' : 'refused');
                expect(answerProblems(route, spec, answer)).toEqual([]);
                if (answer.status < 300) noteAccepted(accepted, route, spec, answer.body, config.id);
              }),
              fuzzParameters(`api ${name}`, weight, { shrink: false }),
            );
          };

          const schedule = async () => (await rig.cycle.query(cycleStatusQuery)).config;
          const at = (c: CycleConfig, key: (typeof SCHEDULE_KEYS)[number]) =>
            DateTime.fromISO(c.schedule[key], { zone: c.timezone }).toMillis();

          // A. Published: questions, submissions, supplements, withdrawals, registrations, amendments.
          await rig.skipTo(at(config, 'publication') + 60_000);
          await phase(
            'published',
            1.5,
            /questions|submission|supplements|withdrawal|providers$|amendments|files/,
            FUZZED,
          );

          // B. After the question deadline: the NvI, late questions.
          await rig.skipTo(at(await schedule(), 'questionDeadline') + 60_000);
          await phase('questions closed', 0.8, /nvi|questions|submission|amendments|tariff/, FUZZED);

          // The scripted provider submits a complete submission through the API, then the submission closes.
          const closing = at(await schedule(), 'submissionDeadline');
          await rig.skipTo(closing - 3600_000);
          now = await env.currentTimeMs();
          await submitComplete(api, await tokens.provider(SCRIPTED), config, files[0] as { sha256: string });
          await rig.skipTo(Math.max(closing, at(await schedule(), 'assessmentStart')) + 60_000);

          // C. Assessment: assessments and selections with hostile reasons.
          await phase('assessment', 0.8, /assessments|selection|release|objection/, [SCRIPTED, ...FUZZED]);

          // The script completes the assessment and decides every region, so the announcement goes out.
          now = await env.currentTimeMs();
          await completeAssessment(rig, now);
          await rig.skipTo(at(await schedule(), 'announcement') + 60_000);
          const announced = (await rig.cycle.query(cycleStatusQuery)).selection ?? null;
          notes.announcementSent = announced ? 1 : 0;

          // D. Announced: objections, answers, kort gedingen, reassessments.
          await phase('announced', 1.5, /objection|kort-geding|assessments|selection/, [SCRIPTED, ...FUZZED]);
          // Enough runs reach every part of the procedure: each phase accepted something, objections among it.
          if (runs(0.8) >= 50) {
            expect(announced).not.toBeNull();
            expect(accepted.receipts.some((r) => r.route.endsWith('/objections'))).toBe(true);
            for (const name of ['published', 'questions closed', 'assessment', 'announced'])
              expect([name, tally.count(`phase: ${name}`, 'accepted') > 0]).toEqual([name, true]);
          }

          // Every GET route answers JSON (or a calendar) and never 500: the dashboard's data paths.
          const gets = api.app.routeTable.filter((r) => r.method === 'GET' && r.access !== null);
          const getCtx = context([...FUZZED, SCRIPTED]);
          await fc.assert(
            fc.asyncProperty(
              fc.oneof(
                ...gets.map((route) => requestArbitrary(route.url, getCtx).map((spec) => ({ route, spec }))),
              ),
              async ({ route, spec }) => {
                const answer = await send(route, { ...spec, body: { kind: 'none' } });
                tally.add(`GET ${route.url}`, String(answer.status));
                expect(answerProblems(route, spec, answer)).toEqual([]);
              },
            ),
            fuzzParameters('api get', 0.5, { shrink: false }),
          );

          // Nothing accepted is lost; no workflow task failed; every workflow answers; no markup in any e-mail.
          const views = await providerViews(env.client, config.id);
          const byId = new Map(views.map((v) => [v.provider.id, v]));
          const lost = accepted.receipts.filter((r) => !holdsReceipt(byId.get(r.providerId), r.code));
          expect(lost).toEqual([]);
          const registered = new Set(await registeredProviderIds(env.client, config.id));
          expect([...accepted.registered].filter((id) => !registered.has(id))).toEqual([]);
          const workflows = [
            cycleWorkflowId(config.id),
            ...[...registered].map((id) => providerWorkflowId(config.id, id)),
            ...[...accepted.cycles].map(cycleWorkflowId),
          ];
          // Checked once every e-mail has been sent or has failed: none still pending is missed.
          await noActivityPending(env.client, workflows);
          expect(await historyProblems(env.client, workflows)).toEqual([]);
          expect(await unansweredQueries(env.client, config.id)).toEqual([]);
          for (const id of accepted.cycles) expect(await unansweredQueries(env.client, id)).toEqual([]);
          const mail = await unsafeMail(rig.mail.server, knownTags);
          expect(mail.problems).toEqual([]);
          notes.emailsSentCheckedForMarkup = mail.checked;
          notes.receiptsAccepted = accepted.receipts.length;
          notes.providersRegistered = accepted.registered.size;
          notes.cyclesStarted = accepted.cycles.size;
        } finally {
          await api.close();
          // Workflows the fuzz made: registered providers and started cycles (the rig ends its own).
          const extra = [
            ...(await registeredProviderIds(env.client, config.id).catch(() => [])).map((id) =>
              providerWorkflowId(config.id, id),
            ),
            ...[...accepted.cycles].map(cycleWorkflowId),
          ];
          for (const id of extra)
            await env.client.workflow
              .getHandle(id)
              .terminate('test finished')
              .catch(() => undefined);
        }
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

interface Answer {
  status: number;
  contentType: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, read field by field
  body: any;
}

async function request(api: ApiRig, route: RouteEntry, spec: RequestSpec, token: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: string | Buffer | undefined;
  if (spec.body.kind === 'json') {
    body = JSON.stringify(spec.body.value);
    if (body !== undefined) headers['content-type'] = 'application/json';
  } else if (spec.body.kind === 'raw') {
    body = spec.body.bytes;
    if (spec.body.contentType !== '') headers['content-type'] = spec.body.contentType;
  }
  const response = await fetch(`${api.url}${concreteUrl(route.url, spec)}`, {
    method: route.method,
    headers,
    ...(body !== undefined && route.method !== 'GET' ? { body } : {}),
    signal: AbortSignal.timeout(REQUEST_MS),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    body: parsed,
  };
}

/** Why an answer is not a proper one (empty when it is). */
function answerProblems(route: RouteEntry, spec: RequestSpec, answer: Answer): string[] {
  const where = `${route.method} ${concreteUrl(route.url, spec).slice(0, 200)} (${spec.shape})`;
  const problems: string[] = [];
  if (answer.status >= 500 || answer.status < 200)
    return [`${where}: ${answer.status} ${answer.text.slice(0, 300)}`];
  const json = /^application\/json/.test(answer.contentType);
  const calendar = /^text\/calendar/.test(answer.contentType) && answer.status < 300;
  if (!json && !calendar) problems.push(`${where}: answered ${answer.contentType || 'no content type'}`);
  if (answer.status < 300) return problems;
  const error = isObject(answer.body) ? answer.body.error : undefined;
  if (!isObject(error) || !ERROR_CODES.includes(String(error.code)) || typeof error.message !== 'string')
    return [
      ...problems,
      `${where}: ${answer.status} without { error: { code, message } }: ${answer.text.slice(0, 300)}`,
    ];
  if (error.message.trim() === '' || looksLikeCrash(error.message))
    problems.push(`${where}: unclear message: ${error.message.slice(0, 300)}`);
  // A JSON object that does not validate is refused by field.
  const validatedBody =
    spec.body.kind === 'json' &&
    isObject(spec.body.value) &&
    JSON.stringify(spec.body.value).length < 1_000_000;
  if (error.code === 'invalid' && validatedBody) {
    const list = Array.isArray(error.problems) ? error.problems : [];
    for (const p of unclearProblems(list)) problems.push(`${where}: ${p}: ${error.message.slice(0, 200)}`);
  }
  return problems;
}

/** What the API accepted, to be found again after the run. */
function noteAccepted(
  accepted: Accepted,
  route: RouteEntry,
  spec: RequestSpec,
  body: unknown,
  cycleId: string,
) {
  if (!isObject(body)) return;
  if (spec.params.cycleId === cycleId && typeof body.code === 'string' && spec.params.providerId)
    accepted.receipts.push({ providerId: spec.params.providerId, code: body.code, route: route.url });
  if (route.url === '/cycles/:cycleId/providers' && Array.isArray(body.registered))
    for (const id of body.registered) accepted.registered.add(String(id));
  if (route.url === '/cycles' && typeof body.cycleId === 'string' && body.cycleId !== cycleId)
    accepted.cycles.add(body.cycleId);
}

function holdsReceipt(view: ProviderView | undefined, code: string): boolean {
  if (!view) return false;
  return [
    ...view.questions.map((q) => q.receiptCode),
    ...view.history.map((h) => h.receiptCode),
    ...view.withdrawals.map((w) => w.receiptCode),
    ...view.objections.map((o) => o.receiptCode),
  ].includes(code);
}

/** A complete, on-time submission through the API, every document the one PDF under a name with markup. */
async function submitComplete(api: ApiRig, token: string, config: CycleConfig, file: { sha256: string }) {
  const issuedOn = config.schedule.publication.slice(0, 10);
  const kinds = ['bestuursverklaring', 'machtiging', 'vogRp', 'kvkUittreksel', 'uboRegister', 'onderbouwing'];
  const documents = kinds.map((kind) => ({
    kind,
    name: `${kind} <script>alert("${kind}")</script>.pdf`,
    sha256: file.sha256,
    ...(['vogRp', 'kvkUittreksel', 'uboRegister'].includes(kind) ? { issuedOn } : {}),
  }));
  const answer = await api.request('POST', `/cycles/${config.id}/providers/${SCRIPTED}/submission`, {
    token,
    body: { regions: config.regions.map((r) => r.name), documents },
  });
  expect([answer.status, answer.body?.error]).toEqual([201, undefined]);
}

/**
 * Every provider whose submission counts is assessed in every region it applied for (all requirements met), and
 * every region is decided on its proposal: the announcement can go out. Refusals (a provider whose submission does
 * not count, a region without applicants) are expected and skipped.
 */
async function completeAssessment(rig: CycleRig, at: number) {
  const officer = await rig.officer(at);
  const status = await rig.cycle.query(cycleStatusQuery);
  const met = Object.fromEntries(
    status.config.assessment.requirements.map((_, i) => [String(i + 1), true as const]),
  );
  const skipRefused = (error: unknown) => {
    if (!(error instanceof InputRefusedError)) throw error;
  };
  for (const view of await providerViews(rig.env.client, status.config.id))
    for (const region of view.submission?.regions ?? [])
      await officer
        .assess(view.provider.id, { region, requirements: met, assessor: markupSample() })
        .catch(skipRefused);
  for (const region of status.config.regions)
    await officer
      .decideSelection(region.name, {})
      .catch(() => officer.decideSelection(region.name, { reason: `Loting ${markupSample()}` }))
      .catch(skipRefused);
}

const markupSample = () => fc.sample(markupText(), { seed: 1, numRuns: 1 })[0] as string;
