/** Process helpers the export benchmarks share: timing an outside client, reading a process's memory, the bundle. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../apps/server/src/bootstrap/free-port';
import { SERVER_NODE_FLAGS } from '../../apps/server/src/bootstrap/node-flags';
import type { TestServer } from '../../apps/server/test/support/test-server';

/** Runs a command with its stdout to /dev/null (or from `input`), resolving with the seconds it took. */
export async function timed(command: string, args: string[], input?: (stdin: NodeJS.WritableStream) => Promise<void>): Promise<number> {
  const began = performance.now();
  const child = spawn(command, args, { stdio: [input ? 'pipe' : 'ignore', 'ignore', 'inherit'] });
  if (input) {
    await input(child.stdin!);
    child.stdin!.end();
  }
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${command} exited with ${code}`);
  return (performance.now() - began) / 1000;
}

export const BUNDLE = 'dist/apps/server/main.js';

/** kB from /proc/<pid>/status: VmRSS now, VmHWM the peak so far. */
export function procMemory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** The production bundle on the bench's database, as its own process; resolves once /health answers. */
export async function startBundle(server: TestServer): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-bench-export-'));
  // With the flags production runs it with (`npm run start:prod`, the Dockerfile).
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, BUNDLE], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: server.db.url,
      REDIS_URL: server.config.redisUrl,
      QUEUE_PREFIX: `confab-bench-${randomBytes(4).toString('hex')}`,
      PLATFORM_ADMIN_KEY: server.platformKey,
      SECRETS_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      OPENAI_API_KEY: '',
      NODE_ENV: 'production',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${BUNDLE} exited with ${child.exitCode}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    if (i > 600) throw new Error(`${BUNDLE} did not answer /health within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

