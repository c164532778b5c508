#!/usr/bin/env node
// Builds the web widget bundle (dist/widget/) when it is missing or older than its sources, so `npm start` and the
// browser tests never serve a stale widget.js. `node tools/widget-build.mjs` builds unconditionally.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'plugins/channel-web-widget/web');
const manifest = join(root, 'dist/widget/manifest.json');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function widgetBuildIsStale() {
  if (!existsSync(sourceDir)) return false;
  return !existsSync(manifest) || statSync(manifest).mtimeMs < newestMtime(sourceDir);
}

/** Returns true when the bundle is usable afterwards; a failed build is reported, not thrown (the API still runs). */
export function buildWidget({ ifStale = false, quiet = false } = {}) {
  if (ifStale && !widgetBuildIsStale()) return true;
  if (!quiet) console.log('Building the web widget bundle (dist/widget)');
  const run = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', join(sourceDir, 'vite.config.mts')], {
    cwd: root,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    console.error(`The web widget bundle could not be built${quiet ? `:\n${run.stdout}${run.stderr}` : ''}`);
    return false;
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(buildWidget({ ifStale: process.argv.includes('--if-stale') }) ? 0 : 1);
}
