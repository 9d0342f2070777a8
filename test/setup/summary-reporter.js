/**
 * Prints one plain closing line after Jest's own summary, "jest: 80 passed, 0 failed, 0 skipped", which CI reads
 * to count the tests that ran.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`;
    // At exit, so that it comes after Jest's own closing lines (stderr is synchronous on Linux files and pipes).
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = SummaryReporter;
