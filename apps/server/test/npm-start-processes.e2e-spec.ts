import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, eventually, startFakeOpenAI, text, type FakeOpenAI, type TestDatabase } from '@confab/testing';
import { freePort } from '../src/bootstrap/free-port';
import { createTenant, type ApiClient } from './support/api-client';
import { killHard } from './support/spawn-worker';

interface LogLine {
  pid?: number;
  context?: string;
  message?: { msg?: string; [key: string]: unknown } | string;
}

/**
 * `npm start` as a user runs it (main.ts, ROLE unset): an API process and a worker process of its own, the
 * worker answering, restarted when it dies, and both stopped by one SIGTERM.
 */
describe('npm start runs an API process and a worker process', () => {
  let db: TestDatabase;
  let openai: FakeOpenAI;
  let main: ChildProcess | undefined;
  let api: ApiClient;
  const lines: LogLine[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-two-processes-'));
  const platformKey = `cfb_platform_${randomBytes(12).toString('hex')}`;
  let url: string;

  const logged = (msg: string) => lines.filter((l) => typeof l.message === 'object' && l.message?.msg === msg);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    openai = await startFakeOpenAI();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const root = join(__dirname, '../../..');
    main = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/server/src/main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '', SWC_NODE_PROJECT: join(root, 'apps/server/tsconfig.app.json'),
        PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir, LOG_FORMAT: 'json',
        DATABASE_URL: db.url, REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `confab-test-${randomBytes(4).toString('hex')}`,
        OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.url, PLATFORM_ADMIN_KEY: platformKey, SECRETS_KEY: randomBytes(32).toString('hex'),
        // The default is one worker process on two or more cores; a one-core runner asks for it.
        ...(availableParallelism() < 2 ? { WORKERS: '1' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const collect = (chunk: Buffer) => {
      partial += chunk.toString();
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        try {
          lines.push(JSON.parse(line) as LogLine);
        } catch {
          lines.push({ message: line });
        }
      }
    };
    main.stdout!.on('data', collect);
    main.stderr!.on('data', collect);
    await eventually(() => expect(logged('Confab is ready').map((l) => (l.message as any).role)).toEqual(expect.arrayContaining(['api', 'worker'])), { timeoutMs: 120_000, intervalMs: 200 });
    ({ api } = await createTenant(url, platformKey, 'Two processes'));
  }, 150_000);

  afterAll(async () => {
    if (main) await killHard(main);
    for (const l of logged('Worker process started')) {
      const pid = (l.message as any).pid as number;
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    await openai?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function replyTo(textIn: string, answer: string): Promise<void> {
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    openai.respondWith(() => text(answer));
    expect((await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: textIn })).status).toBe(202);
    await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages.map((m: any) => m.text)).toEqual([textIn, answer]);
    }, { timeoutMs: 60_000, intervalMs: 200 });
  }

  it('answers from the worker process, restarts it when it dies, and stops both on SIGTERM', async () => {
    const ready = logged('Confab is ready').find((l) => (l.message as any).role === 'api')!;
    const apiPid = (ready.message as any).pid as number;
    const [workerPid] = (ready.message as any).workerPids as number[];
    expect(apiPid).toBe(main!.pid);
    expect(workerPid).toBeGreaterThan(0);
    expect(workerPid).not.toBe(apiPid);

    await replyTo('hello', 'Answered by the worker.');
    // The API process has no reply processor: the job ran in the worker. Its log line comes after the reply is
    // stored and sent, through the API process's pipe: it may arrive a moment after the reply shows.
    await eventually(() => expect(logged('reply job done').map((l) => l.pid)).toEqual([workerPid]), { timeoutMs: 10_000, intervalMs: 100 });

    process.kill(workerPid, 'SIGKILL');
    const restarted = await eventually(() => {
      const pids = logged('Worker process started').map((l) => (l.message as any).pid as number);
      expect(pids).toHaveLength(2);
      return pids[1];
    }, { timeoutMs: 30_000, intervalMs: 200 });
    expect(restarted).not.toBe(workerPid);
    await replyTo('still there?', 'Answered by the new worker.');
    await eventually(() => expect(logged('reply job done').map((l) => l.pid)).toEqual([workerPid, restarted]), { timeoutMs: 10_000, intervalMs: 100 });

    const exited = new Promise<number | null>((resolve) => main!.once('exit', (code) => resolve(code)));
    main!.kill('SIGTERM');
    expect(await exited).toBe(0);
    main = undefined;
    expect(alive(restarted)).toBe(false);
    expect(logged('Drained the reply and send work in flight').map((l) => l.pid)).toContain(restarted);
  }, 240_000);
});
