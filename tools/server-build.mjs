#!/usr/bin/env node
// Builds the server bundle (dist/apps/server/main.js, the webpack build `npm run build` makes) when it is missing or
// older than its sources, so `npm start` runs compiled JavaScript. Running from source (`npm run start:source`) keeps
// the TypeScript compiler, swc and every file's source map in each process: 50-60 MB more per process, measured
// (docs/benchmarks.md, "Memory"). A build takes 15-25 s; an up-to-date one costs a directory walk.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from './dashboard/ensure-built.mjs';

export const SERVER_BUNDLE = 'dist/apps/server/main.js';

/** What the bundle is made of: the server, every lib and plugin, and the settings that shape the build. */
function sources(root) {
  const projects = ['libs', 'plugins'].flatMap((dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((p) => join(root, dir, p)) : []));
  return [join(root, 'apps/server'), ...projects, join(root, 'tsconfig.base.json'), join(root, 'package-lock.json')].filter(existsSync);
}

/** True when the bundle is missing or older than any of its sources. */
export function serverIsStale(root) {
  const bundle = join(root, SERVER_BUNDLE);
  if (!existsSync(bundle)) return true;
  return Math.max(...sources(root).map(newestMtime)) > statSync(bundle).mtimeMs;
}

/** Builds when stale; returns false (after printing why) when the build failed, so the caller can run from source. */
export function ensureServerBuilt(root, log = (line) => process.stdout.write(`${line}\n`)) {
  if (!serverIsStale(root)) return true;
  log('Building the server (dist/apps/server, once per change of its sources)…');
  const nx = join(root, 'node_modules/.bin/nx');
  const run = spawnSync(nx, ['run', 'server:build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
  });
  if (run.status !== 0 || !existsSync(join(root, SERVER_BUNDLE))) {
    log(`The server could not be built:\n${run.stdout}${run.stderr}`);
    return false;
  }
  return true;
}

// `node tools/server-build.mjs` (the benchmark): build if stale, fail loudly if the build fails.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(import.meta.dirname, '..');
  process.exit(ensureServerBuilt(root) ? 0 : 1);
}
