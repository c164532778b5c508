// Records each jest run's pass/fail counts so tools/run-tests.mjs can print the one
// closing line CI reads ("N passed, N failed"); jest's own summary is not such a line.
const fs = require('node:fs');
const path = require('node:path');

class JestCountReporter {
  constructor(globalConfig) {
    this.dir = process.env.CONFAB_TEST_RESULTS_DIR || path.join(__dirname, '../../tmp/test-results');
    this.name = (globalConfig.rootDir || 'jest').split(path.sep).slice(-2).join('-');
  }
  onRunComplete(_contexts, results) {
    fs.mkdirSync(this.dir, { recursive: true });
    const failedSuites = results.numFailedTestSuites - results.testResults.filter((r) => r.numFailingTests > 0).length;
    const record = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + Math.max(0, failedSuites), // a suite that crashed before its tests counts as a failure
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(this.dir, `${this.name}-${process.pid}.json`), JSON.stringify(record));
  }
}
module.exports = JestCountReporter;
