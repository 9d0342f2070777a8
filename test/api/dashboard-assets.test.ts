/**
 * The dashboard's assets: served under /ui/ without a token (they hold no data), every page path answering the same
 * index.html, with a Content-Security-Policy that lets in nothing but the dashboard's own script and style; nothing
 * outside the built folder is served, and every data route still needs a token. No Temporal server is needed: no
 * request here reaches a workflow.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { type Api, buildApi } from '../../api/server';
import { isDashboardPath } from '../../api/static';
import { TokenStore } from '../../api/tokens';
import { FileSystemAttachmentStore } from '../../attachments/store';

let dir: string;
let app: Api;
let port: number;

/** A GET with the path sent exactly as written (fetch would resolve "/ui/../x" before sending it). */
function get(
  path: string,
): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oco-assets-'));
  app = await buildApi({
    client: {} as Client,
    store: new FileSystemAttachmentStore(path.join(dir, 'attachments')),
    tokens: new TokenStore(path.join(dir, 'tokens.json')),
  });
  port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

test('every page path answers the dashboard, with a strict Content-Security-Policy', async () => {
  for (const url of ['/ui/', '/ui/triage', '/ui/cycli/vgz-2027-2028/juridisch']) {
    const response = await get(url);
    expect([url, response.statusCode, response.headers['content-type']]).toEqual([
      url,
      200,
      'text/html; charset=utf-8',
    ]);
    expect(response.body).toContain('<script type="module" src="/ui/app.js">');
    expect(response.headers['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'self'; style-src 'self'/,
    );
  }
  const script = await get('/ui/app.js');
  expect([script.statusCode, script.headers['content-type']]).toEqual([
    200,
    'application/javascript; charset=utf-8',
  ]);
  expect(script.headers['content-security-policy']).toBeDefined();
  expect((await get('/')).headers.location).toBe('/ui/');
});

test('nothing outside the built dashboard is served, and data still needs a token', async () => {
  for (const url of ['/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/..%2f..%2fpackage.json']) {
    const response = await get(url);
    expect(response.body).not.toContain('"name": "oco-contracting"');
  }
  const data = await get('/cycles');
  expect([data.statusCode, JSON.parse(data.body).error.code]).toEqual([401, 'unauthorized']);
});

test('a route without an access rule is public or a dashboard asset', () => {
  const open = app.routeTable.filter((r) => r.access === null).map((r) => r.url);
  expect(open.filter((url) => !isDashboardPath(url) && !['/health', '/openapi.json'].includes(url))).toEqual(
    [],
  );
});
