// Builds the operator dashboard (dist/dashboard) when it is missing or older than its sources, so `npm start` on a
// fresh clone serves it without a separate step. A build takes a few seconds; an up-to-date one costs a directory walk.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under `path` (a file or a directory), skipping node_modules and test folders. */
export function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'test') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/dashboard/index.html is missing or older than apps/dashboard (or the lockfile). */
export function dashboardIsStale(root) {
  const built = join(root, 'dist/dashboard/index.html');
  if (!existsSync(built)) return true;
  const sources = [join(root, 'apps/dashboard'), join(root, 'package-lock.json')].filter(existsSync);
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

/** Builds when stale; returns false (after printing why) if the build failed, so the caller can go on without it. */
export function ensureDashboardBuilt(root, log = (line) => process.stdout.write(`${line}\n`)) {
  if (!existsSync(join(root, 'apps/dashboard/vite.config.mts'))) return true;
  if (!dashboardIsStale(root)) return true;
  log('Building the dashboard (dist/dashboard)…');
  const vite = join(root, 'node_modules/.bin/vite');
  // NODE_ENV decides React's production build; a caller under jest has NODE_ENV=test.
  const run = spawnSync(vite, ['build', '-c', 'apps/dashboard/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (run.status !== 0) {
    log('The dashboard could not be built; the API runs without it. Run "npm run build:dashboard" to see why.');
    return false;
  }
  return true;
}

// `node tools/dashboard/ensure-built.mjs` (CI, tests): build if stale, fail loudly if the build fails.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(import.meta.dirname, '../..');
  process.exit(ensureDashboardBuilt(root) ? 0 : 1);
}
