#!/usr/bin/env node
// Runs every project's tests through Nx (never from cache: integration tests must really run)
// and prints the closing line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'tmp/test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

// The server's and the dashboard's end-to-end suites have the machine to themselves (they hold timing-sensitive
// tests and use both cores already); the other projects' runs are light and single-worker, so two go at a time.
const HEAVY = ['server', 'dashboard'];
const nx = (args) =>
  spawnSync(join(root, 'node_modules/.bin/nx'), ['run-many', '-t', 'test', '--skip-nx-cache', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CONFAB_TEST_RESULTS_DIR: resultsDir },
  });
const projects = process.argv.slice(2);
const runs = projects.length
  ? [nx(['-p', ...projects, '--parallel=1'])]
  : [nx(['--exclude', HEAVY.join(','), '--parallel=2']), nx(['-p', ...HEAVY, '--parallel=1'])];
const run = { status: runs.every((r) => r.status === 0) ? 0 : 1 };

let passed = 0, failed = 0, skipped = 0;
for (const file of readdirSync(resultsDir)) {
  const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  passed += r.passed; failed += r.failed; skipped += r.skipped;
}
// A project whose jest crashed before reporting leaves no record: count the run as failed.
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
