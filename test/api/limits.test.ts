/**
 * What the API does with requests that are too large, of the wrong type, too many, or malformed: each refused with
 * its JSON error (status, code, field), never a stack trace; and the OpenAPI document that describes every route.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type ApiRig, pdf, startApi } from '../helpers/api';
import { connectTestEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let rig: ApiRig;

beforeAll(async () => {
  env = await connectTestEnv();
  rig = await startApi(env.client, {
    limits: { maxFileBytes: 64 * 1024, maxMessageBytes: 100 * 1024, maxFiles: 3 },
    bodyLimitBytes: 16 * 1024,
    rateLimit: { max: 40, windowMs: 60_000 },
  });
});

afterAll(async () => {
  await rig?.close();
  await env?.teardown();
});

test('too large, wrong type, malformed: refused by field, nothing kept', async () => {
  const token = await rig.token('provider', 'a');
  const big = Buffer.alloc(64 * 1024 + 1, 0x41);
  const upload = await rig.request('POST', '/files?name=groot.pdf', {
    token,
    body: big,
    headers: { 'content-type': 'application/pdf' },
  });
  expect([upload.status, upload.body.error.code]).toEqual([413, 'tooLarge']);
  expect(upload.body.error.message).toBe('body: groot.pdf is 64.0 KiB; a file may be at most 64.0 KiB');
  const huge = await rig.request('POST', '/files?name=groter.pdf', {
    token,
    body: Buffer.alloc(200 * 1024, 0x41),
    headers: { 'content-type': 'application/pdf' },
  });
  expect([huge.status, huge.body.error.code]).toEqual([413, 'tooLarge']);
  const empty = await rig.request('POST', '/files?name=leeg.pdf', {
    token,
    body: Buffer.alloc(0),
    headers: { 'content-type': 'application/pdf' },
  });
  expect(empty.status).toBe(400);
  const noName = await rig.request('POST', '/files', {
    token,
    body: await pdf('x'),
    headers: { 'content-type': 'application/pdf' },
  });
  expect([noName.status, noName.body.error.problems?.[0]?.path]).toEqual([400, 'querystring.name']);
  const json = await rig.request('POST', '/files?name=a.pdf', { token, body: { file: 'base64…' } });
  expect([json.status, json.body.error.code]).toEqual([415, 'unsupportedMediaType']);

  // A JSON body over the limit, a body that is not JSON, and one of the wrong shape.
  const question = '/cycles/cyclus-x/providers/a/questions';
  const long = await rig.request('POST', question, { token, body: { text: 'x'.repeat(20_000) } });
  expect([long.status, long.body.error.code]).toEqual([413, 'tooLarge']);
  const broken = await rig.request('POST', question, {
    token,
    body: Buffer.from('{"text": "onaf'),
    headers: { 'content-type': 'application/json' },
  });
  expect([broken.status, broken.body.error.code]).toEqual([400, 'invalid']);
  const xml = await rig.request('POST', question, {
    token,
    body: Buffer.from('<vraag/>'),
    headers: { 'content-type': 'application/xml' },
  });
  expect([xml.status, xml.body.error.code]).toEqual([415, 'unsupportedMediaType']);
  const shape = await rig.request('POST', question, { token, body: { text: 42, extra: true } });
  expect(shape.status).toBe(400);
  expect(shape.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual(['', 'text']);
  const path = await rig.request('POST', '/cycles/Niet%20Geldig!/providers/a/questions', {
    token,
    body: { text: 'x' },
  });
  expect([path.status, path.body.error.problems?.[0]?.path]).toEqual([400, 'params.cycleId']);
  for (const response of [upload, huge, empty, noName, json, long, broken, xml, shape, path]) {
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules/);
  }
  const nothing = await rig.request('GET', '/niets', { token });
  expect([nothing.status, nothing.body.error.code]).toEqual([404, 'notFound']);
});

test('a token that sends too many requests is slowed down, others are not', async () => {
  const busy = await rig.token('officer');
  const other = await rig.token('legal');
  let limited: { status: number; body: { error: { code: string; message: string } } } | undefined;
  for (let i = 0; i < 45 && !limited; i++) {
    const response = await rig.request('GET', '/cycles/cyclus-y', { token: busy });
    if (response.status === 429) limited = response;
  }
  expect(limited?.body.error.code).toBe('rateLimited');
  expect(limited?.body.error.message).toMatch(/^too many requests: at most 40 in 1 minute/);
  expect((await rig.request('GET', '/cycles/cyclus-y', { token: other })).status).toBe(404);
});

test('the OpenAPI document lists every route with its schema', async () => {
  const doc = await rig.request('GET', '/openapi.json');
  expect(doc.status).toBe(200);
  expect(doc.body.openapi).toBe('3.1.0');
  const paths = Object.keys(doc.body.paths);
  for (const route of rig.app.routeTable.filter((r) => r.access))
    expect(paths).toContain(route.url.replace(/:(\w+)/g, '{$1}'));
  const submission = doc.body.paths['/cycles/{cycleId}/providers/{providerId}/submission'].post;
  expect(Object.keys(submission.requestBody.content['application/json'].schema.properties).sort()).toEqual([
    'consortium',
    'documents',
    'regions',
  ]);
});
