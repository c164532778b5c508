#!/usr/bin/env node
// `npm start`: builds the server bundle when its sources changed (tools/server-build.mjs) and runs it; with
// `--source` (`npm run start:source`) it runs the TypeScript sources through swc instead, which saves the build while
// working on the code and costs each process 50-60 MB more. Either way it migrates the database, seeds a demo tenant
// on first run and serves until stopped.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget } from './widget-build.mjs';
import { ensureDashboardBuilt } from './dashboard/ensure-built.mjs';
import { ensureServerBuilt, SERVER_BUNDLE } from './server-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The server serves dist/widget/widget.js and the dashboard from dist/dashboard; a fresh clone or changed sources
// get a build first.
buildWidget({ ifStale: true });
ensureDashboardBuilt(root);
// A failed build is reported and the sources run instead, so the platform still starts.
const fromSource = process.argv.includes('--source') || !ensureServerBuilt(root);
// The server's V8 flags (apps/server/src/bootstrap/node-flags.ts says why): a smaller young generation.
const entry = fromSource ? ['-r', '@swc-node/register', join(root, 'apps/server/src/main.ts')] : [join(root, SERVER_BUNDLE)];
const child = spawn(process.execPath, ['--max-semi-space-size=4', ...entry], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...(fromSource ? { SWC_NODE_PROJECT: join(root, 'apps/server/tsconfig.app.json') } : {}) },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
