import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from './free-port';

export interface ResolvedRedis {
  url: string;
  source: 'local' | 'spawned';
  stop(): Promise<void>;
}

function answersPing(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}

/**
 * Bull needs a real Redis. Use one answering on 127.0.0.1:6379, else start redis-server from PATH on a private
 * port with its data beside the database's. No npm package ships a Redis server, so without one we stop and say so.
 */
export async function resolveRedis(dataDir: string): Promise<ResolvedRedis> {
  if (await answersPing(6379)) return { url: 'redis://127.0.0.1:6379', source: 'local', stop: async () => undefined };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'No Redis found: nothing answers on 127.0.0.1:6379 and redis-server is not on PATH. Install it (Debian/Ubuntu: ' +
        '"apt-get install redis-server", macOS: "brew install redis") or set REDIS_URL to a Redis you run.',
    );
  }
  const port = await freePort();
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (await answersPing(port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        source: 'spawned',
        stop: async () => {
          child.kill('SIGTERM');
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port} within 5 s`);
}
