import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { eventually, queryDatabase, text } from '@confab/testing';
import { createApp } from '../src/create-app';
import { createTenant, type ApiClient } from './support/api-client';
import { killHard, spawnWorker } from './support/spawn-worker';
import { startTestServer, type TestServer } from './support/test-server';

const LEASE_MS = 3_000;
const CONVERSATIONS = 8;

/**
 * A worker killed with replies in flight: its per-conversation locks and Bull's job locks die with it within one
 * lease, so another worker answers those conversations within seconds (not when a five-minute lock expires), and
 * each customer message gets exactly one reply.
 */
describe('a worker killed in the middle of a reply', () => {
  let server: TestServer;
  let api: ApiClient;
  let child: ChildProcess | undefined;
  let rescuer: INestApplication | undefined;
  let redis: Redis;

  beforeAll(async () => {
    // The API process does no background work here: the killed worker and its successor are the only workers.
    server = await startTestServer({ role: 'api', conversations: { workerLeaseMs: LEASE_MS } });
    ({ api } = await createTenant(server.url, server.platformKey));
    redis = new Redis(server.config.redisUrl);
  });
  afterAll(async () => {
    if (child) await killHard(child);
    await rescuer?.close();
    await server?.close();
    redis?.disconnect();
  });

  it('frees its conversations within seconds, and another worker answers each message exactly once', async () => {
    child = await spawnWorker(server.config);
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    // The model is slow: the worker is killed while it waits for the first reply of every conversation.
    server.openai.setLatency(60_000);
    server.openai.respondWith(() => text('Answered once.'));
    const chats: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
      chats.push(chat.body.id);
    }
    // Two messages each: a burst that one reply answers, or a second message that waits for the first reply.
    await Promise.all(chats.map((id, i) => api.post(`/api/v1/conversations/${id}/messages`, { text: `hello ${i}` })));
    await Promise.all(chats.map((id, i) => api.post(`/api/v1/conversations/${id}/messages`, { text: `and another thing ${i}` })));
    await eventually(() => expect(server.openai.calls('/chat/completions')).toHaveLength(CONVERSATIONS), { timeoutMs: 20_000 });
    const locks = await redis.keys(`${server.config.queuePrefix}:reply-lock:*`);
    expect(locks).toHaveLength(CONVERSATIONS);

    await killHard(child);
    child = undefined;
    const killedAt = Date.now();
    server.openai.setLatency(0);
    rescuer = await createApp({ ...server.config, role: 'worker' }, false);
    await rescuer.init();

    for (const id of chats) {
      await eventually(
        async () => {
          const customer = (await api.get(`/api/v1/conversations/${id}`)).body.messages.filter((m: any) => m.author === 'customer');
          expect(customer.map((m: any) => m.replyState)).toEqual(['answered', 'answered']);
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    }
    const recoveredInMs = Date.now() - killedAt;
    // One lease for the locks to lapse, a third of one for Bull's stalled-job check, and the reply itself, with room
    // for a loaded machine; before, the locks held for five minutes.
    expect(recoveredInMs).toBeLessThan(LEASE_MS * 5);

    // Answered once: every reply is the answer of record of the customer messages it answered, and of no others.
    const [counts] = await queryDatabase<{ customer: number; answered: number; replies: number; replies_of_record: number; sent: number }>(
      server.db.url,
      `select count(*) filter (where author = 'customer')::int as customer,
              count(*) filter (where author = 'customer' and reply_state = 'answered')::int as answered,
              count(*) filter (where author = 'assistant')::int as replies,
              (select count(distinct answered_by_message_id)::int from messages where conversation_id = any($1)) as replies_of_record,
              count(*) filter (where author = 'assistant' and delivery_status in ('sent', 'delivered'))::int as sent
         from messages where conversation_id = any($1)`,
      [chats],
    );
    expect(counts).toEqual({ customer: CONVERSATIONS * 2, answered: CONVERSATIONS * 2, replies: counts.replies_of_record, replies_of_record: counts.replies, sent: counts.replies });
    expect(counts.replies).toBeGreaterThanOrEqual(CONVERSATIONS);
    expect(counts.replies).toBeLessThanOrEqual(CONVERSATIONS * 2);
    // A reply's lock is released just after its turn commits, and a recheck job may still take one briefly; none may
    // outlive that (a dead worker's would lapse only after a lease, and the rescuer's only if it leaked).
    await eventually(async () => expect(await redis.keys(`${server.config.queuePrefix}:reply-lock:*`)).toHaveLength(0), { timeoutMs: LEASE_MS / 2, intervalMs: 50 });
  }, 120_000);
});

/**
 * The same worker, started as production starts it (main.ts, ROLE=worker, settings from the environment), gets
 * SIGTERM with a reply in flight: it finishes, stores and sends the reply before exiting 0.
 */
describe('SIGTERM to a worker with a reply in flight', () => {
  let server: TestServer;
  let api: ApiClient;
  let worker: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-sigterm-'));

  beforeAll(async () => {
    server = await startTestServer({ role: 'api' });
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(async () => {
    if (worker) await killHard(worker);
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('drains before it exits', async () => {
    worker = await startMain({
      ROLE: 'worker', PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'json',
      DATABASE_URL: server.config.databaseUrl, REDIS_URL: server.config.redisUrl, QUEUE_PREFIX: server.config.queuePrefix,
      OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.openai.url,
      PLATFORM_ADMIN_KEY: server.platformKey, SECRETS_KEY: server.config.secretsKey.toString('hex'),
    });
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    server.openai.setLatency(2_000);
    server.openai.respondWith(() => text('Sent before the worker stopped.'));
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'hello' });
    await eventually(() => expect(server.openai.calls('/chat/completions')).toHaveLength(1), { timeoutMs: 20_000 });

    const exited = new Promise<number | null>((resolve) => worker!.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    worker = undefined;

    const rows = await queryDatabase<{ author: string; state: string }>(
      server.db.url,
      `select author, coalesce(reply_state, delivery_status) as state from messages where conversation_id = $1 order by created_at`,
      [chat.body.id],
    );
    expect(rows).toEqual([{ author: 'customer', state: 'answered' }, { author: 'assistant', state: 'delivered' }]);
  }, 120_000);
});

/** apps/server/src/main.ts in its own process with these settings; resolves once it logs that it is ready. */
async function startMain(env: Record<string, string>): Promise<ChildProcess> {
  const root = join(__dirname, '../../..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '', SWC_NODE_PROJECT: join(root, 'apps/server/tsconfig.app.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main.ts did not get ready: ${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Confab is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`main.ts exited with ${code}: ${output}`));
    });
  });
  return child;
}
