/** `npm ci` on a fresh machine needs every optional platform package named in the lock file (see .ci/complete-lockfile.js). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const { missingOptional } = require('../../.ci/complete-lockfile.js') as {
  missingOptional: (lock: unknown) => { key: string; version: string }[];
};

test('the lock file names every optional dependency, so npm ci accepts it', () => {
  const lock = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package-lock.json'), 'utf8'));
  const missing = missingOptional(lock).map((m) => `${m.key}@${m.version}`);
  expect({
    missing,
    fix: missing.length > 0 ? 'run `npm run lockfile` and commit package-lock.json' : 'none',
  }).toEqual({
    missing: [],
    fix: 'none',
  });
});
