/**
 * The dashboard: the static assets built once by `npm run build` (web/build.js into dist/web), served under /ui/ by the
 * API server. Every page path under /ui/ answers index.html, whose script reads the path; the pages call the same API
 * routes with the signed-in user's token, so the dashboard can do exactly what that role may do through the API.
 * The pages load nothing but their own script and style (Content-Security-Policy).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { projectRoot } from '../support/project-root';
import type { Api } from './server';

export const DASHBOARD_PREFIX = '/ui/';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function dashboardDir(): string {
  return path.join(projectRoot(), 'dist', 'web');
}

/** Paths the token check lets through: the assets hold no data, every data request needs a token. */
export function isDashboardPath(route: string): boolean {
  return route === '/' || route.startsWith(DASHBOARD_PREFIX);
}

export async function registerDashboard(app: Api, root = dashboardDir()): Promise<void> {
  if (!existsSync(path.join(root, 'index.html'))) {
    app.get('/ui/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Het dashboard is niet gebouwd: voer `npm run build` uit.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: DASHBOARD_PREFIX,
    wildcard: false,
    index: false,
    setHeaders: (response) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
      response.setHeader('cache-control', 'no-cache');
    },
  });
  const page = { schema: { hide: true } };
  const index = async (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/ui/', page, index);
  app.get('/ui/*', page, index);
  app.get('/', page, async (_request, reply) => reply.redirect(DASHBOARD_PREFIX));
}
