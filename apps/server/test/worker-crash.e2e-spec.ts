import type { ChildProcess } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { eventually, queryDatabase, text } from '@confab/testing';
import { createApp } from '../src/create-app';
import { createTenant, type ApiClient } from './support/api-client';
import { killHard, spawnWorker } from './support/spawn-worker';
import { startTestServer, type TestServer } from './support/test-server';

const LEASE_MS = 3_000;

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
    // The first model call is slow: the worker is killed while it waits for it.
    server.openai.setLatency(60_000);
    server.openai.respondWith(() => text('Answered once.'));
    const chats: string[] = [];
    for (let i = 0; i < 3; i++) {
      const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
      await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: `hello ${i}` });
      chats.push(chat.body.id);
    }
    await eventually(() => expect(server.openai.calls('/chat/completions')).toHaveLength(3), { timeoutMs: 20_000 });
    const locks = await redis.keys(`${server.config.queuePrefix}:reply-lock:*`);
    expect(locks).toHaveLength(3);

    await killHard(child);
    child = undefined;
    const killedAt = Date.now();
    server.openai.setLatency(0);
    rescuer = await createApp({ ...server.config, role: 'worker' }, false);
    await rescuer.init();

    for (const id of chats) {
      await eventually(
        async () => expect((await api.get(`/api/v1/conversations/${id}`)).body.messages[0].replyState).toBe('answered'),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    }
    const recoveredInMs = Date.now() - killedAt;
    // One lease for the locks to lapse, a third of one for Bull's stalled-job check, and the reply itself, with room
    // for a loaded machine; before, the locks held for five minutes.
    expect(recoveredInMs).toBeLessThan(LEASE_MS * 5);

    const replies = await queryDatabase<{ in_reply_to_message_id: string; n: string }>(
      server.db.url,
      `select in_reply_to_message_id, count(*) as n from messages where author = 'assistant' and conversation_id = any($1) group by 1`,
      [chats],
    );
    expect(replies).toHaveLength(3);
    expect(replies.every((r) => Number(r.n) === 1)).toBe(true);
    expect(await redis.keys(`${server.config.queuePrefix}:reply-lock:*`)).toHaveLength(0);
  }, 120_000);
});
