/**
 * Requests for every POST route of the API, for the hostile-input test: per route a model of a body the route may
 * accept, filled with hostile text (markup, control characters, impossible dates), then as often mutated (wrong types,
 * unknown and missing fields) or replaced by something that is not the route's JSON at all (broken JSON, another
 * media type, 1 MB and more, deep nesting, bytes that are not UTF-8). Path parameters and query strings are hostile
 * too. A route the models do not know gets JSON of any shape, so a new route is fuzzed from the day it exists.
 */
import fc from 'fast-check';
import { MAIL_KINDS } from '../../domain/mail-routing';
import { OBJECTION_OUTCOMES } from '../../domain/objection';
import { SCHEDULE_KEYS } from '../../domain/schedule-keys';
import { SELECTION_FACTS } from '../../domain/selection-facts';
import { DOCUMENT_KINDS } from '../../domain/submission-rules';
import {
  hostileDate,
  hostileKey,
  hostileLocalTime,
  hostileText,
  hostileValue,
  markupText,
  mutate,
  mutations,
  nested,
} from './arbitraries';

export type RequestBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; bytes: Buffer; contentType: string }
  | { kind: 'none' };

export interface RequestSpec {
  /** Values for the route's path parameters (":cycleId" and so on). */
  params: Record<string, string>;
  query: string;
  body: RequestBody;
  /** Which model made the body: "valid", "mutated" or "garbage". */
  shape: 'valid' | 'mutated' | 'garbage' | 'file';
}

/** What the models draw from: the cycle under test, its providers, regions, and files uploaded beforehand. */
export interface RequestContext {
  cycleId: string;
  providerIds: readonly string[];
  regions: readonly string[];
  requirements: number;
  /** Local times near the cycle's milestones, some of which an amendment may accept. */
  plausibleTimes: readonly string[];
  files: readonly { sha256: string; name: string }[];
  /** Bytes to upload: real PDFs, scans, bombs named .pdf, random bytes. */
  uploads: readonly { bytes: Buffer; contentType: string }[];
  /** A valid configuration (JSON), for POST /cycles. */
  config: Record<string, unknown>;
}

const text = (max = 300) =>
  fc.oneof({ weight: 3, arbitrary: markupText() }, { weight: 2, arbitrary: hostileText(max) });

function bodyModels(ctx: RequestContext): Record<string, fc.Arbitrary<unknown>> {
  const provider = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ctx.providerIds) },
    { weight: 1, arbitrary: hostileText(40) },
  );
  const region = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ctx.regions) },
    { weight: 1, arbitrary: text(250) },
  );
  const regions = fc.oneof(
    { weight: 4, arbitrary: fc.subarray([...ctx.regions], { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(region, { maxLength: 4 }) },
  );
  const sha = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...ctx.files.map((f) => f.sha256)) },
    { weight: 1, arbitrary: fc.constantFrom('f'.repeat(64), 'F'.repeat(64), 'geen-hash', '') },
  );
  const fileName = fc.oneof(
    { weight: 3, arbitrary: markupText().map((t) => `${t}.pdf`) },
    { weight: 1, arbitrary: fc.constantFrom(...ctx.files.map((f) => f.name)) },
    { weight: 1, arbitrary: hostileText(300) },
  );
  const issuedOn = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ctx.plausibleTimes.map((t) => t.slice(0, 10))) },
    { weight: 1, arbitrary: hostileDate },
  );
  const document = fc.record(
    {
      kind: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...DOCUMENT_KINDS) },
        { weight: 1, arbitrary: fc.constantFrom('paspoort', '', 'BESTUURSVERKLARING') },
      ),
      name: fileName,
      sha256: sha,
      issuedOn,
    },
    { requiredKeys: ['kind', 'name', 'sha256'] },
  );
  const fileRef = fc.record({ sha256: sha, name: fileName });
  const year = fc.oneof(fc.integer({ min: 2020, max: 2100 }), fc.integer());
  const amount = fc.oneof(fc.double({ min: -1e9, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 1e7 }));
  // Each result valid in itself: one wrong result is for the mutations to make (a list of fifteen is rarely whole).
  const requirement = fc.oneof(
    { weight: 6, arbitrary: fc.constant(true) },
    { weight: 2, arbitrary: fc.record({ met: fc.constant(false), reason: markupText() }) },
    { weight: 1, arbitrary: fc.record({ met: fc.constant(true), note: markupText() }) },
  );
  const requirements = fc
    .tuple(
      fc.array(requirement, { minLength: ctx.requirements, maxLength: ctx.requirements }),
      fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2) }),
    )
    .map(([results, drop]) =>
      Object.fromEntries(results.slice(drop).map((r, i) => [String(i + 1 + drop), r] as const)),
    );
  const selectionFacts = fc.dictionary(fc.constantFrom(...SELECTION_FACTS), fc.boolean(), { maxKeys: 3 });

  const base = '/cycles/:cycleId/providers/:providerId';
  return {
    [`${base}/questions`]: fc.record({ text: text(25_000) }),
    [`${base}/submission`]: fc.record(
      { regions, documents: fc.array(document, { maxLength: 8 }), consortium: fc.boolean() },
      { requiredKeys: ['regions', 'documents'] },
    ),
    [`${base}/supplements`]: fc.record({ documents: fc.array(document, { minLength: 1, maxLength: 3 }) }),
    [`${base}/withdrawal`]: fc.record({ reason: text(6_000) }, { requiredKeys: [] }),
    [`${base}/objections`]: fc.record(
      { text: text(60_000), regions, files: fc.array(fileRef, { maxLength: 3 }) },
      { requiredKeys: ['text'] },
    ),
    [`${base}/production`]: fc.record(
      {
        month: fc.oneof(fc.constantFrom('2024-01', '2024-13', '2024-1'), hostileText(20)),
        region,
        hours: amount,
        clientRegion: region,
        note: text(2_500),
      },
      { requiredKeys: ['month', 'region', 'hours'] },
    ),
    [`${base}/prognosis`]: fc.record(
      { year, region, months: fc.array(amount, { minLength: 10, maxLength: 13 }) },
      { requiredKeys: ['year', 'months'] },
    ),
    [`${base}/overrun-reports`]: fc.record({ region, year, note: text(5_000) }, { requiredKeys: ['region'] }),
    '/cycles': fc
      .tuple(
        mutations([['id'], ['title'], ['regions', 0, 'name'], ['wlzUitvoerder', 'name']], text()),
        fc.nat(4),
      )
      .map(([changes, n]) => mutate({ ...ctx.config, id: `hostile-api-start-${n}` }, changes)),
    '/cycles/:cycleId/providers': fc.record({
      providers: fc.array(
        fc.record(
          {
            id: fc.oneof(
              fc.constantFrom(...ctx.providerIds),
              fc.nat(9).map((n) => `nieuw-${n}`),
              hostileText(70),
            ),
            name: text(350),
            email: fc.oneof(
              fc.nat(9).map((n) => `nieuw-${n}@aanbieder.example.nl`),
              fc.constantFrom('jörg@exämple.de', 'geen-adres', '<script>@x.example'),
              hostileText(60),
            ),
            consortium: fc.boolean(),
          },
          { requiredKeys: ['id', 'name', 'email'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    '/cycles/:cycleId/nvi': fc.record({
      answers: fc.array(
        fc.record({
          questions: fc.array(fc.record({ provider, number: fc.integer({ min: -1, max: 4 }) }), {
            minLength: 1,
            maxLength: 3,
          }),
          answer: text(60_000),
          changesDocuments: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    '/cycles/:cycleId/schedule-amendments': fc.record(
      {
        milestone: fc.oneof(fc.constantFrom(...SCHEDULE_KEYS), hostileText(30)),
        to: fc.oneof(fc.constantFrom(...ctx.plausibleTimes), hostileLocalTime),
        reason: text(6_000),
      },
      { requiredKeys: ['milestone', 'to'] },
    ),
    '/cycles/:cycleId/tariff': fc.record({ hourlyRate: amount }),
    '/cycles/:cycleId/providers/:providerId/assessments': fc.record(
      { region, requirements, selection: selectionFacts, assessor: text(250) },
      { requiredKeys: ['region', 'requirements'] },
    ),
    '/cycles/:cycleId/regions/:region/selection': fc.record(
      {
        selected: fc.subarray([...ctx.providerIds]),
        reason: text(12_000),
        allocation: fc.dictionary(provider, amount, { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    ),
    '/cycles/:cycleId/providers/:providerId/objection-answers': fc.record(
      {
        objection: fc.integer({ min: -1, max: 3 }),
        outcome: fc.oneof(fc.constantFrom(...OBJECTION_OUTCOMES), hostileText(20)),
        text: text(60_000),
      },
      { requiredKeys: ['outcome', 'text'] },
    ),
    '/cycles/:cycleId/providers/:providerId/kort-gedingen': fc.record(
      { objection: fc.integer({ min: -1, max: 3 }), court: text(400), servedOn: issuedOn },
      { requiredKeys: ['court', 'servedOn'] },
    ),
    '/triage/:id/route': fc.record(
      {
        cycleId: fc.constant(ctx.cycleId),
        providerId: provider,
        kind: fc.oneof(fc.constantFrom(...MAIL_KINDS), hostileText(20)),
        regions,
      },
      { requiredKeys: ['cycleId', 'providerId', 'kind'] },
    ),
    '/cycles/:cycleId/budget/vws-outcomes': fc.record(
      { year, granted: fc.boolean(), amount, note: text(5_000) },
      { requiredKeys: ['year', 'granted'] },
    ),
  };
}

/** Any JSON object with hostile fields: the model of a route the models above do not know. */
const anyObject: fc.Arbitrary<unknown> = fc.dictionary(
  fc.oneof(
    fc.constantFrom('region', 'year', 'reason', 'amount', 'by', 'note', 'from', 'to', 'agreements', 'final'),
    hostileKey,
  ),
  hostileValue,
  { maxKeys: 6 },
);

/** Bodies that are not the route's JSON at all. */
const garbage: fc.Arbitrary<RequestBody> = fc.oneof(
  fc.record({
    kind: fc.constant('raw' as const),
    bytes: fc
      .constantFrom(
        '{"text": "onaf',
        '<vraag>x</vraag>',
        'null',
        '[]',
        '"tekst"',
        '1e999',
        '{"__proto__": {"admin": true}, "text": "x"}',
        '{"constructor": {"prototype": {"admin": true}}}',
        '{"text": "a", "text": "b"}',
        `{"text": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
        `{"text": "${'x'.repeat(1_100_000)}"}`,
        'text=vraag&regions[]=Utrecht',
        '',
      )
      .map((s) => Buffer.from(s)),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=iso-8859-1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=grens',
      'application/xml',
      'application/json, text/html',
    ),
  }),
  fc.record({
    kind: fc.constant('raw' as const),
    bytes: fc.constantFrom(
      Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      Buffer.alloc(0),
    ),
    contentType: fc.constant('application/json'),
  }),
  fc.record({
    kind: fc.constant('json' as const),
    value: fc.oneof(hostileValue, fc.constant(nested(2_000, 'object'))),
  }),
  fc.constant({ kind: 'none' as const }),
);

const query: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?x=1',
      '?__proto__[admin]=1&constructor[prototype][admin]=1',
      '?state=all&state=open',
      '?name=%3Cscript%3E',
      `?${'a=b&'.repeat(2_000)}`,
      '?%ZZ=%',
    ),
  },
  {
    weight: 1,
    arbitrary: hostileText(40).map((t) => `?text=${encodeURIComponent(t.replace(/[\ud800-\udfff]/g, ''))}`),
  },
);

/** Path parameter values: mostly the real ones, sometimes hostile (still a path segment, URL-encoded). */
function paramArbitrary(name: string, ctx: RequestContext): fc.Arbitrary<string> {
  const hostile = fc.oneof(
    fc.constantFrom('Niet Geldig!', '..', '%2e%2e%2f', 'a'.repeat(300), '-', '0', ' '),
    markupText(),
    hostileText(40),
  );
  const real: Record<string, fc.Arbitrary<string>> = {
    cycleId: fc.oneof(
      { weight: 6, arbitrary: fc.constant(ctx.cycleId) },
      { weight: 1, arbitrary: fc.constant('bestaat-niet') },
    ),
    // The first provider (the one the phase is about) most often.
    providerId: fc.oneof(
      { weight: 3, arbitrary: fc.constant(ctx.providerIds[0] ?? 'a') },
      { weight: 3, arbitrary: fc.constantFrom(...ctx.providerIds) },
      { weight: 1, arbitrary: fc.constant('onbekend') },
    ),
    region: fc.constantFrom(...ctx.regions),
    id: fc.constantFrom('1', '2', '0', '-1', '999999999999999999999', '1e3'),
  };
  return fc.oneof({ weight: 15, arbitrary: real[name] ?? hostile }, { weight: 1, arbitrary: hostile });
}

/** The upload of a file (POST /files): bytes of every kind, hostile names and declared types. */
function uploadArbitrary(ctx: RequestContext): fc.Arbitrary<RequestSpec> {
  return fc
    .record({
      upload: fc.constantFrom(...ctx.uploads),
      name: fc.oneof(
        markupText().map((t) => `${t}.pdf`),
        hostileText(300),
        fc.constantFrom('bom.pdf', '../../etc/passwd', 'x'.repeat(300)),
      ),
      named: fc.oneof(
        { weight: 5, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      contentType: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom('application/pdf', 'image/png', 'text/html', 'application/json', 'nonsense', ''),
      ),
      extra: query,
    })
    .map(({ upload, name, named, contentType, extra }) => ({
      params: {},
      query: named
        ? `?name=${encodeURIComponent(name.replace(/[\ud800-\udfff]/g, '?'))}${extra.replace(/^\?/, '&')}`
        : extra,
      body: { kind: 'raw' as const, bytes: upload.bytes, contentType: contentType ?? upload.contentType },
      shape: 'file' as const,
    }));
}

/** The requests for one route: its model's bodies, mutated ones and garbage; hostile path parameters and queries. */
export function requestArbitrary(url: string, ctx: RequestContext): fc.Arbitrary<RequestSpec> {
  if (url === '/files') return uploadArbitrary(ctx);
  const model = bodyModels(ctx)[url] ?? anyObject;
  const names = [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
  const params = fc.record(Object.fromEntries(names.map((n) => [n, paramArbitrary(n, ctx)])));
  const body: fc.Arbitrary<{ body: RequestBody; shape: RequestSpec['shape'] }> = fc.oneof(
    {
      weight: 6,
      arbitrary: model.map((value) => ({ body: { kind: 'json' as const, value }, shape: 'valid' as const })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(model, mutations()).map(([value, changes]) => ({
        body: { kind: 'json' as const, value: mutate(value, changes) },
        shape: 'mutated' as const,
      })),
    },
    { weight: 1, arbitrary: garbage.map((b) => ({ body: b, shape: 'garbage' as const })) },
  );
  return fc
    .record({ params, query, body })
    .map(({ params: p, query: q, body: b }) => ({ params: p as Record<string, string>, query: q, ...b }));
}

/** The URL of a route with its parameters filled in (URL-encoded). */
export function concreteUrl(url: string, spec: RequestSpec): string {
  const path = url.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    encodeURIComponent((spec.params[name] ?? '').replace(/[\ud800-\udfff]/g, '?')),
  );
  return `${path}${spec.query}`;
}
