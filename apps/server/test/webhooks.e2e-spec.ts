import { createHmac } from 'node:crypto';
import { eventually, startWebhookReceiver, text, toolCalls, type WebhookReceiver } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** What a receiver does with a Standard Webhooks delivery: recompute the signature from the whsec_ secret. */
function verifies(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe('outbound webhooks: signed, retried, logged, never blocking a conversation', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let api: ApiClient;
  let assistantId: string;

  beforeAll(async () => {
    server = await startTestServer();
    receiver = await startWebhookReceiver();
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (await api.post('/api/v1/assistants', { name: 'W', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'handoff_to_human' }] })).body.id;
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  it('creates an endpoint with a secret shown once and refuses unknown events', async () => {
    const bad = await api.post('/api/v1/webhooks', { url: `${receiver.url}/x`, events: ['coffee.ready'] });
    expect(bad.status).toBe(400);
    const created = await api.post('/api/v1/webhooks', { url: `${receiver.url}/hooks`, events: ['handoff.requested'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await api.get('/api/v1/webhooks');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    // Disabled endpoints get nothing more (the receiver's scripted answers are shared by every path).
    expect((await api.delete(`/api/v1/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await api.get('/api/v1/webhooks')).body[0].status).toBe('disabled');
  });

  it('delivers handoff.requested signed, after an endpoint that fails then recovers, with every attempt logged', async () => {
    const created = await api.post('/api/v1/webhooks', { url: `${receiver.url}/recovering`, events: ['handoff.requested', 'message.failed'] });
    receiver.received.length = 0;
    receiver.script(500, 503);
    server.openai.enqueue(toolCalls({ name: 'handoff_to_human', arguments: { reason: 'Wants a person' } }), text('A colleague will reply.'));
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    const began = Date.now();
    const sent = await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'a human please', wait: true });
    expect(sent.body.status).toBe('answered');
    expect(Date.now() - began).toBeLessThan(5000);

    const hits = await eventually(() => {
      const mine = receiver.received.filter((r) => r.path === '/recovering');
      expect(mine).toHaveLength(3);
      return mine;
    });
    const delivered = hits[2];
    expect(delivered.json).toMatchObject({ type: 'handoff.requested', data: { conversationId: chat.body.id, reason: 'Wants a person', by: 'ai' } });
    expect(verifies(created.body.secret, delivered.headers, delivered.body)).toBe(true);
    expect(verifies('whsec_' + Buffer.from('not the secret').toString('base64'), delivered.headers, delivered.body)).toBe(false);
    expect(new Set(hits.map((h) => h.headers['webhook-id'])).size).toBe(1);

    const log = await eventually(async () => {
      const res = await api.get(`/api/v1/webhooks/${created.body.id}/deliveries`);
      expect(res.body[0].status).toBe('succeeded');
      return res.body;
    });
    expect(log[0].log.map((a: any) => a.statusCode)).toEqual([500, 503, 200]);
    expect(log[0].attempts).toBe(3);
    await api.delete(`/api/v1/webhooks/${created.body.id}`);
  });

  it('gives up after the last attempt and records the delivery failed, leaving the conversation unaffected', async () => {
    const created = await api.post('/api/v1/webhooks', { url: `${receiver.url}/dead`, events: ['handoff.requested'] });
    receiver.script(500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/handoff`, { reason: 'VIP' });
    const deliveries = await eventually(async () => {
      const res = await api.get(`/api/v1/webhooks/${created.body.id}/deliveries`);
      expect(res.body[0]?.status).toBe('failed');
      return res.body;
    });
    expect(deliveries[0].attempts).toBe(4);
    expect(deliveries[0].log).toHaveLength(4);
    expect((await api.get(`/api/v1/conversations/${chat.body.id}`)).body.owner).toBe('human');
  });

  it('request_callback leaves a callback task, sends callback.requested, and the task can be completed once', async () => {
    const hook = await api.post('/api/v1/webhooks', { url: `${receiver.url}/callbacks`, events: ['callback.requested'] });
    const bot = await api.post('/api/v1/assistants', { name: 'CB', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'request_callback', config: { defaultCountry: 'DE' } }] });
    server.openai.enqueue(toolCalls({ name: 'request_callback', arguments: { phone: '0151 23456789', topic: 'Invoice 42', preferredTime: 'tomorrow morning' } }), text('A colleague will call you.'));
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'please call me about invoice 42', wait: true });
    const tasks = await eventually(async () => {
      const res = await api.get(`/api/v1/tasks?kind=callback&status=open&conversationId=${chat.body.id}`);
      expect(res.body).toHaveLength(1);
      return res.body;
    });
    expect(tasks[0]).toMatchObject({ title: 'Call back +4915123456789: Invoice 42', createdBy: 'tool:request_callback', details: { phone: '+4915123456789', preferredTime: 'tomorrow morning' } });
    const delivered = await eventually(() => {
      const hit = receiver.received.find((r) => r.path === '/callbacks');
      expect(hit).toBeDefined();
      return hit!;
    });
    expect(delivered.json).toMatchObject({ type: 'callback.requested', data: { conversationId: chat.body.id, taskId: tasks[0].id, phone: '+4915123456789', topic: 'Invoice 42' } });
    expect(verifies(hook.body.secret, delivered.headers, delivered.body)).toBe(true);

    const done = await api.post(`/api/v1/tasks/${tasks[0].id}/complete`);
    expect(done.body).toMatchObject({ status: 'done', closedAt: expect.any(String) });
    expect((await api.post(`/api/v1/tasks/${tasks[0].id}/cancel`)).status).toBe(409);
    const other = await createTenant(server.url, server.platformKey, 'Stranger');
    expect((await other.api.get('/api/v1/tasks')).body).toEqual([]);
    expect((await other.api.post(`/api/v1/tasks/${tasks[0].id}/complete`)).status).toBe(404);
  });

  it('a follow-up that comes due is sent on the channel and announced; a cancelled one sends nothing', async () => {
    await api.post('/api/v1/webhooks', { url: `${receiver.url}/follow-ups`, events: ['follow_up.due'] });
    const bot = await api.post('/api/v1/assistants', { name: 'FU', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'schedule_follow_up' }] });
    const soon = () => new Date(Date.now() + 1500).toISOString();
    server.openai.enqueue(toolCalls({ name: 'schedule_follow_up', arguments: { at: soon(), message: 'Did the parcel arrive?', reason: 'parcel' } }), text('I will check back.'));
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'check on me later', wait: true });
    const [task] = (await api.get(`/api/v1/tasks?kind=follow_up&conversationId=${chat.body.id}`)).body;
    expect(task).toMatchObject({ status: 'open', details: { message: 'Did the parcel arrive?' } });

    const detail = await eventually(async () => {
      const d = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
      expect(d.messages.at(-1)).toMatchObject({ author: 'assistant', text: 'Did the parcel arrive?', deliveryStatus: 'delivered', metadata: { followUpTaskId: task.id } });
      return d;
    }, { timeoutMs: 10_000 });
    expect(detail.messages.filter((m: any) => m.author === 'assistant')).toHaveLength(2);
    expect((await api.get(`/api/v1/tasks?kind=follow_up&conversationId=${chat.body.id}`)).body[0]).toMatchObject({ status: 'done', details: { outcome: 'sent' } });
    const announced = await eventually(() => {
      const hit = receiver.received.find((r) => r.path === '/follow-ups');
      expect(hit).toBeDefined();
      return hit!;
    });
    expect(announced.json).toMatchObject({ type: 'follow_up.due', data: { taskId: task.id, outcome: 'sent' } });

    server.openai.enqueue(toolCalls({ name: 'schedule_follow_up', arguments: { at: soon(), message: 'Never sent', reason: 'cancelled' } }), text('ok'));
    const second = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${second.body.id}/messages`, { text: 'later again', wait: true });
    const [pending] = (await api.get(`/api/v1/tasks?kind=follow_up&conversationId=${second.body.id}`)).body;
    expect((await api.post(`/api/v1/tasks/${pending.id}/cancel`)).body.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 2500));
    const after = (await api.get(`/api/v1/conversations/${second.body.id}`)).body;
    expect(after.messages.map((m: any) => m.text)).not.toContain('Never sent');
  });

  it('closing a conversation sends conversation.ended, and the customer\'s next message opens a new conversation', async () => {
    await api.post('/api/v1/webhooks', { url: `${receiver.url}/ended`, events: ['conversation.ended'] });
    const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId })).body.id;
    server.openai.respondWith(() => text('hello'));
    const first = await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'closer', text: 'hi' });
    const closed = await api.post(`/api/v1/conversations/${first.body.conversationId}/close`, { reason: 'Resolved' });
    expect(closed.body.status).toBe('closed');
    expect((await api.post(`/api/v1/conversations/${first.body.conversationId}/close`, {})).status).toBe(200);
    const hit = await eventually(() => {
      const h = receiver.received.filter((r) => r.path === '/ended');
      expect(h).toHaveLength(1);
      return h[0];
    });
    expect(hit.json).toMatchObject({ type: 'conversation.ended', data: { conversationId: first.body.conversationId, reason: 'Resolved' } });
    const second = await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'closer', text: 'me again' });
    expect(second.body.conversationId).not.toBe(first.body.conversationId);
    expect((await api.get('/api/v1/conversations?status=closed')).body.items.map((c: any) => c.id)).toContain(first.body.conversationId);
    server.openai.respondWith(undefined);
  });

  it('refuses to deliver to an internal address that is not allowed, at once and for good', async () => {
    // Written as an address it is refused when saved; behind a host name, when delivering.
    const literal = await api.post('/api/v1/webhooks', { url: 'http://169.254.169.254/latest/meta-data', events: ['handoff.requested'] });
    expect(literal.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'url' }, message: expect.stringContaining('link-local') });
    const hook = await api.post('/api/v1/webhooks', { url: 'http://localhost:9/latest/meta-data', events: ['handoff.requested'] });
    expect(hook.status).toBe(201);
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/handoff`, { reason: 'metadata probe' });
    const [delivery] = await eventually(async () => {
      const res = await api.get(`/api/v1/webhooks/${hook.body.id}/deliveries`);
      expect(res.body[0]?.status).toBe('failed');
      return res.body;
    });
    expect(delivery.attempts).toBe(1);
    expect(delivery.log[0].error).toMatch(/not allowed/);
    await api.delete(`/api/v1/webhooks/${hook.body.id}`);
  });

  it("keeps tenants apart: another tenant's key sees no endpoints and cannot read deliveries", async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    const mine = (await api.get('/api/v1/webhooks')).body;
    expect(mine.length).toBeGreaterThan(0);
    expect((await other.api.get('/api/v1/webhooks')).body).toEqual([]);
    expect((await other.api.get(`/api/v1/webhooks/${mine[0].id}/deliveries`)).status).toBe(404);
    expect((await other.api.delete(`/api/v1/webhooks/${mine[0].id}`)).status).toBe(404);
  });
});
