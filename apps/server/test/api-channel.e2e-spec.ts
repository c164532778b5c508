import { createHmac } from 'node:crypto';
import { eventually, startWebhookReceiver, text, type WebhookReceiver } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('API channel: chats keyed by the application customer id, sync and async', () => {
  let server: TestServer;
  let api: ApiClient;
  let hooks: WebhookReceiver;
  let assistantId: string;

  beforeAll(async () => {
    server = await startTestServer({ conversations: { sendAttempts: 3, sendBackoffMs: 30 } });
    hooks = await startWebhookReceiver();
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(async () => {
    await hooks?.close();
    await server?.close();
  });
  beforeEach(() => {
    server.openai.reset();
    hooks.received.length = 0;
  });

  const channel = async (config: Record<string, unknown> = {}) => (await api.post('/api/v1/channels', { type: 'api', assistantId, config })).body.id as string;

  it('answers synchronously and keeps one conversation per customer id, with API variables', async () => {
    const id = await channel();
    server.openai.enqueue(text('Your order ships today.'), text('You are welcome.'), text('Hello 43.'));
    const first = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'user-42', customerName: 'Jane', text: 'Where is my order?', variables: { orderId: 'A-1001' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'answered', duplicate: false, replies: [expect.objectContaining({ text: 'Your order ships today.', offline: false })] });
    const second = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'user-42', text: 'Thanks!' });
    expect(second.body.conversationId).toBe(first.body.conversationId);
    expect(second.body.replies.map((r: any) => r.text)).toEqual(['You are welcome.']);

    const detail = (await api.get(`/api/v1/conversations/${first.body.conversationId}`)).body;
    expect(detail).toMatchObject({ channel: 'api', customer: { identifier: 'user-42', name: 'Jane' } });
    expect(detail.variables.orderId).toMatchObject({ value: 'A-1001', source: 'api' });
    expect(server.openai.calls('/chat/completions')[0].body.messages[0].content).toContain('orderId');
    const other = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'user-43', text: 'hi', mode: 'async' });
    expect(other.body.conversationId).not.toBe(first.body.conversationId);
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${other.body.conversationId}`)).body.messages).toHaveLength(2));
    const filtered = await api.get('/api/v1/conversations?channel=api&customer=user-42');
    expect(filtered.body.items.map((c: any) => c.id)).toEqual([first.body.conversationId]);
  });

  it('treats a repeated message id as a no-op, also when the repeats race each other', async () => {
    const id = await channel();
    server.openai.respondWith(() => text('once'));
    const sends = await Promise.all(
      Array.from({ length: 5 }, () => api.post(`/api/v1/channels/${id}/messages`, { customerId: 'dup', text: 'hello', messageId: 'client-msg-1', mode: 'async' })),
    );
    const conversationIds = new Set(sends.map((s) => s.body.conversationId));
    const messageIds = new Set(sends.map((s) => s.body.messageId));
    expect(conversationIds.size).toBe(1);
    expect(messageIds.size).toBe(1);
    expect(sends.filter((s) => s.body.duplicate === false)).toHaveLength(1);
    const [conversationId] = conversationIds;
    await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${conversationId}`)).body;
      expect(detail.messages.map((m: any) => m.author)).toEqual(['customer', 'assistant']);
    });
    expect(server.openai.calls('/chat/completions')).toHaveLength(1);
  });

  it('delivers async replies to the callback URL, signed, retrying until the receiver recovers', async () => {
    const secret = 'callback-secret-for-tests';
    const id = await channel({ callbackUrl: `${hooks.url}/confab`, callbackSecret: secret });
    hooks.script(503);
    server.openai.enqueue(text('Async answer.'));
    const res = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'cb', text: 'hi', mode: 'async' });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('pending');
    await eventually(() => expect(hooks.received).toHaveLength(2));
    const delivered = hooks.received[1];
    expect(delivered.json).toMatchObject({ type: 'message.created', conversationId: res.body.conversationId, text: 'Async answer.', customerId: 'cb' });
    const expected = createHmac('sha256', secret).update(`${delivered.headers['webhook-id']}.${delivered.headers['webhook-timestamp']}.${delivered.body}`).digest('base64');
    expect(delivered.headers['webhook-signature']).toBe(`v1,${expected}`);
    await eventually(async () => {
      const reply = (await api.get(`/api/v1/conversations/${res.body.conversationId}`)).body.messages[1];
      expect(reply).toMatchObject({ deliveryStatus: 'delivered', error: null });
    });
  });

  it("waits out the receiver's Retry-After before posting the callback again", async () => {
    const id = await channel({ callbackUrl: `${hooks.url}/busy` });
    // The queue's own backoff here is 30 ms; the receiver asks for 2 s.
    hooks.script({ status: 429, headers: { 'retry-after': '2' } });
    server.openai.enqueue(text('Patience pays.'));
    const res = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'busy', text: 'hi', mode: 'async' });
    await eventually(async () => expect(hooks.received).toHaveLength(2), { timeoutMs: 15_000 });
    expect(hooks.received[1].at - hooks.received[0].at).toBeGreaterThanOrEqual(2000);
    await eventually(async () => {
      const reply = (await api.get(`/api/v1/conversations/${res.body.conversationId}`)).body.messages[1];
      expect(reply).toMatchObject({ deliveryStatus: 'delivered', error: null });
    });
  });

  it('marks a permanently refused callback failed with the reason, counts it, and really sends again on retry', async () => {
    const id = await channel({ callbackUrl: `${hooks.url}/gone` });
    hooks.script(410);
    server.openai.enqueue(text('Will not arrive.'));
    const res = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'gone', text: 'hi', mode: 'async' });
    const failed = await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${res.body.conversationId}`)).body;
      expect(detail.messages[1].deliveryStatus).toBe('failed');
      return detail;
    });
    expect(hooks.received).toHaveLength(1);
    expect(failed.failedDeliveries).toBe(1);
    expect(failed.messages[1].error).toMatchObject({ code: 'HTTP_410', retryable: false });
    expect((await api.get('/api/v1/conversations?failedDelivery=true')).body.items.map((c: any) => c.id)).toContain(res.body.conversationId);

    const retried = await api.post(`/api/v1/messages/${failed.messages[1].id}/retry-delivery`);
    expect(retried.status).toBe(202);
    await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${res.body.conversationId}`)).body;
      expect(detail.messages[1].deliveryStatus).toBe('delivered');
      expect(detail.failedDeliveries).toBe(0);
    });
    expect(hooks.received).toHaveLength(2);
    const again = await api.post(`/api/v1/messages/${failed.messages[1].id}/retry-delivery`);
    expect(again.status).toBe(409);
  });

  it('returns 202 with status pending when a sync reply takes longer than asked', async () => {
    const id = await channel();
    server.openai.setLatency(800);
    server.openai.enqueue(text('slow'));
    const res = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'slow', text: 'hi', timeoutMs: 200 });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending', replies: [] });
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${res.body.conversationId}`)).body.messages).toHaveLength(2));
  });

  it('answers a sync request at once with handed_over when a human owns the chat', async () => {
    const id = await channel();
    server.openai.enqueue(text('first'));
    const first = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'owned', text: 'hi' });
    await api.post(`/api/v1/conversations/${first.body.conversationId}/handoff`, { reason: 'VIP' });
    const began = Date.now();
    const res = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'owned', text: 'hello?' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'handed_over', replies: [] });
    expect(Date.now() - began).toBeLessThan(2000);
  });

  it('refuses messages on a channel the moment it is disabled, though the connection was just used (and cached)', async () => {
    const id = await channel();
    server.openai.enqueue(text('Still here.'));
    expect((await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'user-50', text: 'hi' })).status).toBe(200);
    expect((await api.delete(`/api/v1/channels/${id}`)).status).toBe(204);
    const after = await api.post(`/api/v1/channels/${id}/messages`, { customerId: 'user-50', text: 'hello?' });
    expect(after.status).toBe(404);
  });

  it('refuses a channel id of another type', async () => {
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    const conv = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
    const res = await api.post(`/api/v1/channels/${conv.connectionId}/messages`, { customerId: 'x', text: 'hi' });
    expect(res.status).toBe(404);
  });
});
