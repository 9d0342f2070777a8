/**
 * Publishing on the website: the CMS is an outside HTTP service, so msw stands in for it (the one allowed mock).
 */
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { createWebsiteActivities, type WebsiteNotice } from '../../activities/website';

const PUBLISH_URL = 'https://cms.zorgkantoor.example/api/oco-notices';
const received: { body: unknown; idempotencyKey: string | null }[] = [];
let mode: 'ok' | 'fail' | 'refuse' | 'slow' = 'ok';

const server = setupServer(
  http.post(PUBLISH_URL, async ({ request }) => {
    if (mode === 'slow') await delay(2_000);
    if (mode === 'fail') return new HttpResponse('database down', { status: 503 });
    if (mode === 'refuse') return HttpResponse.json({ error: 'unknown cycle' }, { status: 422 });
    received.push({ body: await request.json(), idempotencyKey: request.headers.get('idempotency-key') });
    return HttpResponse.json({ id: received.length }, { status: 201 });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  received.length = 0;
  mode = 'ok';
});
afterAll(() => server.close());

const notice: WebsiteNotice = {
  cycleId: 'zk-2024-2025',
  kind: 'nvi',
  sequence: 1,
  title: 'Nota van Inlichtingen inkoop OCO Wlz 2024-2025',
  publishedAt: '2023-06-30T10:00:00.000Z',
  summary: '87 antwoorden op 113 vragen',
  url: 'https://www.zilverenkruis.nl/oco/nvi-2024.pdf',
};

test('posts the notice as JSON with an idempotency key', async () => {
  const { publishNotice } = createWebsiteActivities({ publishUrl: PUBLISH_URL });
  expect(await publishNotice(notice)).toEqual({ published: true, status: 201 });
  expect(received).toEqual([{ body: notice, idempotencyKey: 'zk-2024-2025:nvi:1' }]);
});

test('a failing website is a retryable failure', async () => {
  mode = 'fail';
  const { publishNotice } = createWebsiteActivities({ publishUrl: PUBLISH_URL });
  await expect(publishNotice(notice)).rejects.toMatchObject({
    type: 'WebsiteUnavailable',
    nonRetryable: false,
    message: expect.stringContaining('503 database down'),
  });
});

test('a refusal of the notice itself is not retried', async () => {
  mode = 'refuse';
  const { publishNotice } = createWebsiteActivities({ publishUrl: PUBLISH_URL });
  await expect(publishNotice(notice)).rejects.toMatchObject({ type: 'WebsiteRefused', nonRetryable: true });
});

test('a slow website times out as a retryable failure', async () => {
  mode = 'slow';
  const { publishNotice } = createWebsiteActivities({ publishUrl: PUBLISH_URL, timeoutMs: 200 });
  const started = Date.now();
  await expect(publishNotice(notice)).rejects.toMatchObject({
    type: 'WebsiteUnavailable',
    nonRetryable: false,
    message: expect.stringContaining('no answer within 200 ms'),
  });
  expect(Date.now() - started).toBeLessThan(1_500);
});

test('without PUBLISH_URL nothing is posted and the result says why; a bad notice is refused', async () => {
  const { publishNotice } = createWebsiteActivities({});
  expect(await publishNotice(notice)).toEqual({ published: false, reason: 'PUBLISH_URL is not set' });
  await expect(
    createWebsiteActivities({ publishUrl: PUBLISH_URL }).publishNotice({
      ...notice,
      publishedAt: 'gisteren',
    }),
  ).rejects.toMatchObject({
    type: 'InvalidNotice',
    nonRetryable: true,
    message: expect.stringContaining('publishedAt: '),
  });
  expect(received).toEqual([]);
});
