import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '../../src/config/app-config';

const ROOT = join(__dirname, '../../../..');

/** Starts apps/server/test/support/worker-process.ts as a separate OS process and waits until it processes jobs. */
export async function spawnWorker(config: AppConfig, timeoutMs = 60_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'worker-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', SWC_NODE_PROJECT: join(ROOT, 'apps/server/tsconfig.app.json'), CONFAB_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => void (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within ${timeoutMs} ms: ${errors}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready: ${errors}`));
    });
  });
  return child;
}

/** kill -9: no shutdown hooks, no lock releases, exactly what a crash leaves behind. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
