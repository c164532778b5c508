import { eventually, queryDatabase, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

/**
 * Meta may post a message's statuses before its answer to the send has reached us, so before the send has recorded
 * the message id. The fake here posts every status, and waits for our 200, before it answers the send: each status
 * arrives for an id nobody has yet. None of them may be lost.
 */
describe('WhatsApp statuses that overtake their send (loopback Graph API, real PostgreSQL and Redis)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    graph = await startFakeGraph({ statusesBeforeAnswer: true });
    ({ api } = await createTenant(server.url, server.platformKey, 'Bakery'));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Bakery', systemPrompt: 'You sell bread.', model: 'gpt-4o-mini' })).body.id;
    const channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  it('applies sent, delivered and read that arrived before the send recorded the message id', async () => {
    server.openai.respondWith(() => text('Fresh rolls until noon.'));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000321', text: 'Any rolls left?' }));
    const reply = await eventually(async () => {
      const list = await api.get('/api/v1/conversations?channel=whatsapp&customer=4915100000321');
      const detail = (await api.get(`/api/v1/conversations/${list.body.items[0].id}`)).body;
      const answer = detail.messages.find((m: any) => m.author === 'assistant');
      expect(answer?.deliveryStatus).toBe('read');
      return answer;
    }, { timeoutMs: 15_000 });
    expect(reply.deliveredAt).toBeTruthy();
    expect(reply.readAt).toBeTruthy();
    // Every status webhook was acknowledged (none answered 5xx for the unknown id), and nothing is left waiting.
    const statusPosts = graph.deliveries.filter((d) => d.rawBody.includes('"statuses"'));
    expect(statusPosts.length).toBeGreaterThanOrEqual(3);
    expect(statusPosts.every((d) => d.status === 200)).toBe(true);
    expect(await queryDatabase(server.db.url, 'select * from early_status_reports')).toEqual([]);
  });
});
