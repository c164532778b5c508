import { Redis } from 'ioredis';
import { eventually, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp, whatsappConfig } from './support/whatsapp-helpers';

/**
 * Each channel's declared sendRate reaches the send queue: the budgets a send draws from are Redis keys under the
 * queue prefix, holding the moment the budget is next free. Read as state, not timing: the values grow by the
 * declared interval per send whatever the machine's speed.
 */
describe('send pacing follows each channel’s declared rate', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let redis: Redis;
  let assistantId: string;

  beforeAll(async () => {
    server = await startTestServer();
    graph = await startFakeGraph();
    redis = new Redis(server.config.redisUrl);
    ({ api } = await createTenant(server.url, server.platformKey, 'Pacing'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Pacing', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(async () => {
    redis?.disconnect();
    await graph?.close();
    await server?.close();
  });

  const paceKeys = (connectionId: string) => redis.keys(`${server.config.queuePrefix}:send-pace:${connectionId}*`);

  it("paces one WhatsApp customer at Meta's 1 per 6 s: three templates move their budget 18 s ahead", async () => {
    const channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
    const before = Date.now();
    const conversations = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await api.post(`/api/v1/channels/${channelId}/template-messages`, { to: '+4915112345678', template: { name: 'order_update', language: 'en_US', parameters: ['Ana', `A-${i}`] } });
      expect(res.status).toBe(202);
      conversations.add(res.body.conversationId);
    }
    // Sends are scheduled when the events are relayed, after the 202s: all three are out once Graph has them.
    await eventually(async () => expect(graph.sent().length).toBe(3));
    const after = Date.now();
    // One customer, one open conversation: the conversation names the recipient.
    expect(conversations.size).toBe(1);
    const recipientKey = `${server.config.queuePrefix}:send-pace:${channelId}:${[...conversations][0]}`;
    const nextFree = Number(await redis.get(recipientKey));
    // Free again 6 s after each of the three sends, counted from the first (which went at once).
    expect(await paceKeys(channelId)).toEqual(expect.arrayContaining([recipientKey]));
    expect(nextFree - before).toBeGreaterThanOrEqual(18_000);
    expect(nextFree - after).toBeLessThanOrEqual(18_000);
    // The key lives as long as the budget is spent, and a minute more.
    expect(await redis.pttl(recipientKey)).toBeGreaterThan(60_000);
  });

  it("paces a WhatsApp number at its own throughput (messagesPerSecond): three sends to three customers at 1/s move the number's budget 3 s ahead", async () => {
    const channelId = (await connectWhatsApp(api, assistantId, graph.url, { messagesPerSecond: 1 })).id;
    const sentBefore = graph.sent().length;
    const before = Date.now();
    for (let i = 0; i < 3; i++) {
      const res = await api.post(`/api/v1/channels/${channelId}/template-messages`, { to: `+49151987654${i}0`, template: { name: 'order_update', language: 'en_US', parameters: ['Ana', `B-${i}`] } });
      expect(res.status).toBe(202);
    }
    await eventually(async () => expect(graph.sent().length).toBe(sentBefore + 3), { timeoutMs: 10_000 });
    const after = Date.now();
    const numberKey = `${server.config.queuePrefix}:send-pace:${channelId}`;
    const nextFree = Number(await redis.get(numberKey));
    // 1 s per send on this number (at the default 80/s the three would have moved it 37.5 ms).
    expect(nextFree - before).toBeGreaterThanOrEqual(3_000);
    expect(nextFree - after).toBeLessThanOrEqual(3_000);
  });

  it('refuses a throughput above what Meta gives any number, naming the field', async () => {
    const res = await api.post('/api/v1/channels', { type: 'whatsapp', assistantId, config: { ...whatsappConfig(graph.url), messagesPerSecond: 5_000 } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.details)).toContain('config.messagesPerSecond');
  });

  it('keeps no per-recipient budget for the test channel, which declares none', async () => {
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    server.openai.respondWith(() => text('Hello back.'));
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'hello' });
    const conversation = await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
      expect(c.messages.find((m: any) => m.direction === 'outbound')?.deliveryStatus).toBe('delivered');
      return c;
    });
    // The connection's budget only: the test channel paces no customer.
    expect(await paceKeys(conversation.connectionId)).toEqual([`${server.config.queuePrefix}:send-pace:${conversation.connectionId}`]);
  });
});
