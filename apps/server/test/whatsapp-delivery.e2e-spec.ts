import { eventually, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

/** Sends and re-sends: window recovery after 131047, manual retry of a failed message, transient 5xx, named templates. */
describe('WhatsApp delivery (loopback Graph API, real PostgreSQL and Redis)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let channelId: string;

  const conversationOf = async (identifier: string) => {
    const list = await api.get(`/api/v1/conversations?channel=whatsapp&customer=${identifier}`);
    return list.body.items[0] ? (await api.get(`/api/v1/conversations/${list.body.items[0].id}`)).body : null;
  };
  const replies = (detail: any) => detail?.messages.filter((m: any) => m.author === 'assistant') ?? [];
  const textSendsTo = (digits: string) => graph.requests.filter((r) => r.method === 'POST' && r.body?.to === `+${digits}` && r.body?.type === 'text');

  beforeAll(async () => {
    server = await startTestServer({ conversations: { sendAttempts: 3, sendBackoffMs: 30 } });
    graph = await startFakeGraph({
      templates: [
        { name: 'order_update', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' }] },
        { name: 'order_named', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{customer_name}}, your order {{order_id}} ships today.' }] },
      ],
    });
    ({ api } = await createTenant(server.url, server.platformKey, 'Bakery'));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Bakery', systemPrompt: 'You sell bread.', model: 'gpt-4o-mini' })).body.id;
    channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('answers again as soon as the customer writes after a 131047 closed the window', async () => {
    server.openai.respondWith(() => text('Happy to help.'));
    graph.failNext({ code: 131047 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000021', text: 'first question' }));
    // The failed reply and the closed window, both from the one 131047.
    await eventually(async () => {
      const c = await conversationOf('4915100000021');
      expect(replies(c)[0]?.deliveryStatus).toBe('failed');
      expect(replies(c)[0]?.error).toMatchObject({ code: '131047' });
      expect(c.serviceWindow.state).toBe('closed');
    });

    await graph.deliverWebhook(graph.inboundText({ from: '4915100000021', text: 'are you there?' }));
    const reopened = await eventually(async () => {
      const c = await conversationOf('4915100000021');
      expect(replies(c)[1]?.deliveryStatus).toMatch(/sent|delivered|read/);
      return c;
    }, { timeoutMs: 15_000 });
    expect(reopened.serviceWindow.state).toBe('open');
    expect(replies(reopened)[1].providerMessageId).toMatch(/^wamid\./);
    expect(reopened.messages.find((m: any) => m.text === 'are you there?')).toMatchObject({ replyState: 'answered' });
    expect(server.openai.calls('/chat/completions')).toHaveLength(2);
  });

  it('sends a failed message again on POST /messages/{id}/retry-delivery', async () => {
    server.openai.respondWith(() => text('Your bread is ready.'));
    graph.failNext({ code: 131026 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000022', text: 'is my bread ready?' }));
    const failed = await eventually(async () => {
      const c = await conversationOf('4915100000022');
      expect(replies(c)[0]?.deliveryStatus).toBe('failed');
      return c;
    });
    expect(failed.failedDeliveries).toBe(1);
    expect(textSendsTo('4915100000022')).toHaveLength(1);

    const retried = await api.post(`/api/v1/messages/${replies(failed)[0].id}/retry-delivery`);
    expect(retried.status).toBe(202);
    const after = await eventually(async () => {
      const c = await conversationOf('4915100000022');
      expect(replies(c)[0].deliveryStatus).toBe('read');
      return c;
    }, { timeoutMs: 15_000 });
    const sends = textSendsTo('4915100000022');
    expect(sends).toHaveLength(2);
    expect(sends[1].body.text.body).toBe('Your bread is ready.');
    expect(graph.sent().find((s) => s.wamid === replies(after)[0].providerMessageId)?.to).toBe('+4915100000022');
    expect(after).toMatchObject({ failedDeliveries: 0 });
    expect(replies(after)[0].error).toBeNull();
  });

  it('retries a 5xx from Graph and then delivers, without a second AI call', async () => {
    server.openai.respondWith(() => text('Open until six.'));
    graph.failNext({ code: 2, httpStatus: 503 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000023', text: 'when do you close?' }));
    const detail = await eventually(async () => {
      const c = await conversationOf('4915100000023');
      expect(replies(c)[0]?.deliveryStatus).toBe('read');
      return c;
    }, { timeoutMs: 15_000 });
    const attempts = textSendsTo('4915100000023');
    expect(attempts).toHaveLength(2);
    expect(attempts[0].rawBody).toBe(attempts[1].rawBody);
    expect(replies(detail)).toHaveLength(1);
    expect(replies(detail)[0].error).toBeNull();
    expect(server.openai.calls('/chat/completions')).toHaveLength(1);
  });

  it('sends a template with named parameters as parameter_name, and refuses parameters that do not fit with a 400', async () => {
    expect((await api.post(`/api/v1/channels/${channelId}/templates/sync`)).status).toBe(200);
    const sent = await api.post(`/api/v1/channels/${channelId}/template-messages`, {
      to: '+4915100000024', template: { name: 'order_named', language: 'en_US', parameters: { customer_name: 'Ana', order_id: 'A-1042' } },
    });
    expect(sent.status).toBe(202);
    const detail = await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${sent.body.conversationId}`)).body;
      expect(c.messages[0]?.deliveryStatus).toBe('read');
      return c;
    }, { timeoutMs: 15_000 });
    expect(detail.messages[0].text).toBe('[template order_named (en_US)] customer_name: Ana | order_id: A-1042');
    const wire = graph.sent().find((s) => s.wamid === detail.messages[0].providerMessageId)!;
    // Meta matches named parameters by name; their order is not significant (the stored JSON does not keep it).
    expect(wire.body.template.components).toHaveLength(1);
    expect(wire.body.template.components[0].type).toBe('body');
    expect(wire.body.template.components[0].parameters).toHaveLength(2);
    expect(wire.body.template.components[0].parameters).toEqual(expect.arrayContaining([
      { type: 'text', parameter_name: 'customer_name', text: 'Ana' }, { type: 'text', parameter_name: 'order_id', text: 'A-1042' },
    ]));

    const sentBefore = graph.sent().length;
    const wrongName = await api.post(`/api/v1/channels/${channelId}/template-messages`, {
      to: '+4915100000025', template: { name: 'order_named', language: 'en_US', parameters: { customer: 'Ana', order_id: 'A-1042' } },
    });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'template.parameters' } });
    expect(wrongName.body.message).toMatch(/missing: customer_name; unknown: customer/);
    const positionalForNamed = await api.post(`/api/v1/channels/${channelId}/template-messages`, {
      to: '+4915100000025', template: { name: 'order_named', language: 'en_US', parameters: ['Ana', 'A-1042'] },
    });
    expect(positionalForNamed.status).toBe(400);
    const nested = await api.post(`/api/v1/channels/${channelId}/template-messages`, {
      to: '+4915100000025', template: { name: 'order_named', language: 'en_US', parameters: { customer_name: { text: 'Ana' }, order_id: 'A-1042' } },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.details.fields).toEqual([expect.objectContaining({ field: 'template.parameters' })]);
    await new Promise((r) => setTimeout(r, 200));
    expect(graph.sent().length).toBe(sentBefore);
    expect(await conversationOf('4915100000025')).toBeNull();
  });
});
