#!/usr/bin/env node
// `npm start`: runs the server from source (TypeScript compiled on the fly by swc, with decorator metadata).
// It migrates the database, seeds a demo tenant on first run and serves until stopped.
// For production, `npm run build && npm run start:prod` runs the webpack bundle instead.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget } from './widget-build.mjs';
import { ensureDashboardBuilt } from './dashboard/ensure-built.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The server serves dist/widget/widget.js and the dashboard from dist/dashboard; a fresh clone or changed sources
// get a build first.
buildWidget({ ifStale: true });
ensureDashboardBuilt(root);
// The server's V8 flags (apps/server/src/bootstrap/node-flags.ts says why): a smaller young generation.
const child = spawn(process.execPath, ['--max-semi-space-size=4', '-r', '@swc-node/register', join(root, 'apps/server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: join(root, 'apps/server/tsconfig.app.json') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
