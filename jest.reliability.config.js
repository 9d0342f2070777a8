/**
 * `npm run test:reliability`: the long tests of issue 9 (worker killed, Temporal server restarted, SMTP outage,
 * hostile input at volume). Same real servers and global setup as the main suite; see RELIABILITY.md.
 *
 * The fault tests must not share the two cores with the CPU-heavy hostile-input properties: the runner
 * (test/reliability/runner.js) runs the other files two at a time first, then each fault test alone.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testPathIgnorePatterns: [],
  runner: '<rootDir>/test/reliability/runner.js',
  testTimeout: 900_000,
};
