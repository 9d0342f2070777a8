#!/usr/bin/env node
/**
 * Adds the lock-file entries that npm leaves out on this kind of machine, so that `npm ci` accepts the lock file.
 *
 * The registry reachable here serves only the Linux builds of packages with per-platform binaries (@swc/core,
 * @biomejs/biome: their darwin/win32/musl builds answer 404). npm then writes no entry for those optional packages,
 * and `npm ci` refuses the lock file ("Missing: @swc/core-darwin-arm64@ from lock file"). Each missing optional
 * dependency gets the entry npm would have written, minus what only the registry knows (integrity); npm ci then
 * skips it as an optional package it cannot install, exactly as it skips it on a platform that does not match.
 *
 * Run after every `npm install` that changes dependencies: `npm run lockfile`. test/deploy/lockfile.test.ts fails
 * when it is needed.
 */
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');

function missingOptional(lock) {
  const missing = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = key === '' ? `node_modules/${name}` : `${key}/node_modules/${name}`;
      if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
      missing.push({ key: `node_modules/${name}`, version, dev: entry.dev === true });
    }
  }
  return missing;
}

if (require.main === module) {
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
  const missing = missingOptional(lock);
  for (const m of missing) {
    lock.packages[m.key] = { version: m.version, ...(m.dev ? { dev: true } : {}), optional: true };
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(
    `package-lock.json: added ${missing.length} optional platform entr${missing.length === 1 ? 'y' : 'ies'}`,
  );
}

module.exports = { missingOptional };
