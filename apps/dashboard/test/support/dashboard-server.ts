import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startTestServer, type ConfigOverrides, type TestServer } from '@confab/server-test-support';

const ROOT = join(__dirname, '../../../..');
export const DASHBOARD_DIST = join(ROOT, 'dist/dashboard');

let built = false;
/** Builds dist/dashboard once per test run when it is older than the sources (the same rule `npm start` uses). */
export function ensureDashboardBuilt(): void {
  if (built) return;
  const run = spawnSync(process.execPath, [join(ROOT, 'tools/dashboard/ensure-built.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`The dashboard build failed:\n${run.stdout}\n${run.stderr}`);
  built = true;
}

/** The real server (real PostgreSQL and Redis, loopback OpenAI) serving the freshly built dashboard. */
export async function startDashboardServer(overrides: ConfigOverrides = {}): Promise<TestServer> {
  ensureDashboardBuilt();
  return startTestServer({ dashboardDir: DASHBOARD_DIST, ...overrides });
}
