/**
 * The test runner of `npm run test:reliability`. The fault tests (worker killed, Temporal dev server restarted, SMTP
 * outage) measure on the real clock (a timer at most 3 s late, a rush of 150 submissions in 20 s), so each runs with
 * the machine to itself: one at a time, after the other files (hostile input, the bench smoke test), which share the
 * cores as Jest's workers do. Everything else is Jest's own runner.
 */
const TestRunner = require('jest-runner').default;

/** The files that run alone, one after another, once the others are done. */
const ALONE = /[/\\](worker-crash|server-restart|smtp-outage)\.test\.ts$/;

class ReliabilityRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    const alone = tests.filter((test) => ALONE.test(test.path));
    const shared = tests.filter((test) => !ALONE.test(test.path));
    if (shared.length > 0) await super.runTests(shared, watcher, options);
    // In band: in Jest's own process, one file at a time (the workers of the shared files have exited by now).
    if (alone.length > 0) await super.runTests(alone, watcher, { ...options, serial: true });
  }
}

module.exports = ReliabilityRunner;
