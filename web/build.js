#!/usr/bin/env node
/**
 * Builds the dashboard's static assets once (npm run build): web/src bundled by esbuild into dist/web/app.js (and chunks/ loaded on demand), with
 * index.html and style.css copied beside it. The API server serves dist/web as it is; nothing builds at run time.
 */
const { cpSync, mkdirSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'web');
mkdirSync(out, { recursive: true });
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // The configuration reader (yaml) and the CSV writer load only when a page needs them.
  splitting: true,
  outdir: out,
  entryNames: 'app',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
});
for (const file of ['index.html', 'style.css']) cpSync(path.join(__dirname, file), path.join(out, file));
