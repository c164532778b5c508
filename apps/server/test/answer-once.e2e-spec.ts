import { rmSync } from 'node:fs';
import { eventually, queryDatabase, text } from '@confab/testing';
import { createApp } from '../src/create-app';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const repliesPerMessage = (server: TestServer, conversationId: string) =>
  queryDatabase<{ in_reply_to_message_id: string; n: number; delivery: string[] }>(
    server.db.url,
    `select in_reply_to_message_id, count(*)::int as n, array_agg(delivery_status) as delivery
       from messages where author = 'assistant' and conversation_id = $1 group by 1`,
    [conversationId],
  );

/**
 * Shutting a worker down (SIGTERM runs app.close()) with a reply in flight: the reply is finished, stored and sent
 * before the process lets go, so nothing is left for a recovered job to answer a second time.
 */
describe('a worker shutting down with a reply in flight', () => {
  let server: TestServer;
  let api: ApiClient;
  let closed = false;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(async () => {
    if (!closed) await server.app.close();
    await server.openai.close();
    await server.db.drop();
    if (server.config.knowledge.vectorStore.kind === 'embedded') rmSync(server.config.knowledge.vectorStore.directory, { recursive: true, force: true });
  });

  it('drains: the reply is stored and sent before close() returns, and a restart answers nothing again', async () => {
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    server.openai.setLatency(1_500);
    server.openai.respondWith(() => text('Finished before shutdown.'));
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'hello' });
    await eventually(() => expect(server.openai.calls('/chat/completions')).toHaveLength(1));

    await server.app.close();
    closed = true;

    const [customer] = await queryDatabase<{ reply_state: string }>(
      server.db.url,
      `select reply_state from messages where conversation_id = $1 and author = 'customer'`,
      [chat.body.id],
    );
    expect(customer.reply_state).toBe('answered');
    expect(await repliesPerMessage(server, chat.body.id)).toEqual([expect.objectContaining({ n: 1, delivery: ['delivered'] })]);

    // The next process on the same database and queues finds nothing left to answer.
    server.openai.setLatency(0);
    const next = await createApp({ ...server.config, role: 'worker' }, false);
    await next.init();
    try {
      const { PendingWorkSweeper } = await import('@confab/conversations');
      expect(await next.get(PendingWorkSweeper).sweep(0)).toEqual({ replies: 0, sends: 0 });
      await new Promise((r) => setTimeout(r, 500));
      expect(await repliesPerMessage(server, chat.body.id)).toEqual([expect.objectContaining({ n: 1 })]);
      expect(server.openai.calls('/chat/completions')).toHaveLength(1);
    } finally {
      await next.close();
    }
  });
});

describe('one model-written reply per customer message, enforced by the database', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());

  it('refuses a second reply to the same turn, but lets a failed message get a real reply after its fallback', async () => {
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    server.openai.respondWith(() => text('The one reply.'));
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'hi' });
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${chat.body.id}`)).body.messages[0].replyState).toBe('answered'));

    // What a recovered job racing past every check would write: a second reply to the same customer message.
    const insertReply = (metadata: object) =>
      queryDatabase(
        server.db.url,
        `insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, delivery_status, in_reply_to_message_id, metadata, created_at)
         select gen_random_uuid(), tenant_id, conversation_id, connection_id, 'outbound', 'assistant', 'again', 'pending', in_reply_to_message_id, $2::jsonb, now()
           from messages where conversation_id = $1 and author = 'assistant'
          limit 1`,
        [chat.body.id, JSON.stringify(metadata)],
      );
    await expect(insertReply({ llm: 'openai' })).rejects.toThrow(/messages_one_reply_per_turn/);
    // A fallback reply is exempt: a failed message keeps its fallback and may be answered by hand later.
    await expect(insertReply({ fallback: true, llm: 'offline' })).resolves.toBeDefined();
  });
});
