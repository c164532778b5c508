import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
export const WIDGET_DIST = join(root, 'dist/widget');

/** Builds dist/widget (only when its sources are newer than the last build) so tests never see a stale bundle. */
export function ensureWidgetBuilt(): { version: string; bytes: number; gzipBytes: number } {
  const run = spawnSync(process.execPath, [join(root, 'tools/widget-build.mjs'), '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build:widget failed:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(readFileSync(join(WIDGET_DIST, 'manifest.json'), 'utf8'));
}
