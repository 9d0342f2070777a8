/**
 * `npm run test:reliability`: the long tests of issue 9 (worker killed, Temporal server restarted, SMTP outage,
 * hostile input at volume). Same real servers and global setup as the main suite; see RELIABILITY.md.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testPathIgnorePatterns: [],
  testTimeout: 900_000,
};
