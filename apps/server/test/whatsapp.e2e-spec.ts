import { eventually, metaJson, queryDatabase, signMetaBody, startFakeGraph, text, toolCalls, type FakeGraph } from '@confab/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSettings } from '../src/config/env';
import { pluginSettingsDefinitions } from '../src/plugins';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp, whatsappConfig } from './support/whatsapp-helpers';

const CUSTOMER = '4915123456789';

describe('WhatsApp channel end to end (loopback Graph API, real PostgreSQL and Redis)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let assistantId: string;
  let channel: { id: string; webhookUrl: string };

  const config = () => whatsappConfig(graph.url);
  const conversationOf = async (identifier = CUSTOMER) => {
    const list = await api.get(`/api/v1/conversations?channel=whatsapp&customer=${identifier}`);
    return list.body.items[0] ? (await api.get(`/api/v1/conversations/${list.body.items[0].id}`)).body : null;
  };

  beforeAll(async () => {
    server = await startTestServer({ conversations: { sendAttempts: 3, sendBackoffMs: 30 } });
    graph = await startFakeGraph();
    ({ api } = await createTenant(server.url, server.platformKey, 'Shop'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'You sell bread.', model: 'gpt-4o-mini' })).body.id;
    const created = await api.post('/api/v1/channels', { type: 'whatsapp', assistantId, config: config() });
    expect(created.status).toBe(201);
    channel = created.body;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channel.id}`);
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('connects a number: absolute webhook URL, verification handshake, secrets never returned', async () => {
    expect(channel.webhookUrl).toMatch(new RegExp(`^http://localhost:0/webhooks/whatsapp/${channel.id}$`));
    const everything = JSON.stringify([channel, (await api.get('/api/v1/channels')).body]);
    for (const secret of ['test-access-token', 'test-app-secret', 'verify-me-please']) expect(everything).not.toContain(secret);
    const ok = await fetch(`${server.url}/webhooks/whatsapp/${channel.id}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${server.url}/webhooks/whatsapp/${channel.id}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ code: 'FORBIDDEN', message: 'Verification token mismatch' });
  });

  it('answers an inbound text with an AI reply that goes sent -> delivered -> read, free inside the window', async () => {
    // A model slower than TYPING_DELAY_MS (1 s): the customer's message is marked read with "typing…" meanwhile.
    server.openai.setLatency(1_500);
    server.openai.enqueue(text('**Yes!** We open at 7:00 on Sundays.'));
    const res = await graph.deliverWebhook(graph.inboundText({ from: CUSTOMER, name: 'Ana', text: 'Do you open on Sunday?' }));
    expect(res.status).toBe(200);
    const detail = await eventually(async () => {
      const c = await conversationOf();
      expect(c?.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('read');
      return c;
    }, { timeoutMs: 15_000 });
    expect(detail).toMatchObject({ channel: 'whatsapp', customer: { identifier: CUSTOMER, name: 'Ana' }, serviceWindow: { state: 'open' } });
    const reply = detail.messages.find((m: any) => m.author === 'assistant');
    expect(reply.providerMessageId).toMatch(/^wamid\./);
    expect(reply.readAt).not.toBeNull();
    const sent = graph.sent().find((s) => s.wamid === reply.providerMessageId)!;
    expect(sent.body.to).toBe(`+${CUSTOMER}`);
    expect(sent.body.text.body).toBe('*Yes!* We open at 7:00 on Sundays.');
    const typing = graph.requests.find((r) => r.body?.status === 'read' && r.body?.typing_indicator);
    expect(typing?.body.message_id).toBe(detail.messages[0].providerMessageId);
    expect(server.openai.calls('/chat/completions')[0].body.messages[0].content).toContain('WhatsApp');
    const fees = await queryDatabase(server.db.url, "select cost_micros from usage_records where kind = 'channel_fee' and message_id = $1", [reply.id]);
    expect(fees).toEqual([]);
  });

  it('ignores a redelivered notification and refuses a bad or missing signature without a trace', async () => {
    server.openai.respondWith(() => text('Hello again.'));
    const payload = graph.inboundText({ from: '4915100000001', text: 'once', id: 'wamid.DUPLICATE1' });
    expect((await graph.deliverWebhook(payload)).status).toBe(200);
    expect((await graph.deliverWebhook(payload)).status).toBe(200);
    await eventually(async () => expect((await conversationOf('4915100000001'))?.messages.map((m: any) => m.author)).toEqual(['customer', 'assistant']));
    await new Promise((r) => setTimeout(r, 300));
    expect((await conversationOf('4915100000001')).messages).toHaveLength(2);

    const forged = graph.inboundText({ from: '4915100000002', text: 'forged' });
    const refused = await graph.deliverWebhook(forged, { signature: 'sha256=' + '0'.repeat(64) });
    expect(refused.status).toBe(401);
    // The SDK's Unauthenticated, in the API's error body; no WWW-Authenticate, since Meta cannot answer a challenge.
    expect(JSON.parse(refused.body)).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid X-Hub-Signature-256', details: {} });
    expect((await graph.deliverWebhook(forged, { signature: null })).status).toBe(401);
    expect((await graph.deliverWebhook(forged, { appSecret: 'someone-elses-secret' })).status).toBe(401);
    expect(await conversationOf('4915100000002')).toBeNull();
  });

  it('refuses a free-form send 25 hours after the customer last wrote, then accepts and charges a template', async () => {
    server.openai.respondWith(() => text('noted'));
    const old = Math.floor(Date.now() / 1000) - 25 * 3600;
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000003', text: 'old message', timestamp: old }));
    const conversation = await eventually(async () => {
      const c = await conversationOf('4915100000003');
      expect(c).not.toBeNull();
      return c;
    });
    expect(conversation.serviceWindow.state).toBe('closed');
    expect(Date.parse(conversation.serviceWindow.expiresAt)).toBe((old + 24 * 3600) * 1000);
    await eventually(async () => {
      const first = (await api.get(`/api/v1/conversations/${conversation.id}`)).body.messages[0];
      expect(first).toMatchObject({ replyState: 'skipped', replyError: 'service_window_closed' });
    });
    expect(server.openai.calls('/chat/completions')).toHaveLength(0);

    const agent = await api.post(`/api/v1/conversations/${conversation.id}/agent-messages`, { text: 'Are you still there?' });
    expect(agent.status).toBe(409);
    expect(agent.body.code).toBe('SERVICE_WINDOW_CLOSED');
    expect(agent.body.message).toMatch(/template/);

    const sync = await api.post(`/api/v1/channels/${channel.id}/templates/sync`);
    expect(sync.status).toBe(200);
    expect(sync.body.templates.map((t: any) => t.name)).toContain('order_update');
    const sentBefore = graph.sent().length;
    const template = await api.post(`/api/v1/channels/${channel.id}/template-messages`, {
      to: '+4915100000003', template: { name: 'order_update', language: 'en_US', parameters: ['Ana', 'A-1042'] }, variables: { orderId: 'A-1042' },
    });
    expect(template.status).toBe(202);
    expect(template.body.conversationId).toBe(conversation.id);
    const after = await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${conversation.id}`)).body;
      expect(c.messages.find((m: any) => m.metadata.template)?.deliveryStatus).toBe('read');
      return c;
    }, { timeoutMs: 15_000 });
    expect(graph.sent().length).toBe(sentBefore + 1);
    expect(graph.sent().at(-1)!.body.template.components[0].parameters.map((p: any) => p.text)).toEqual(['Ana', 'A-1042']);
    expect(after.variables.orderId).toMatchObject({ value: 'A-1042', source: 'api' });
    const templateMessage = after.messages.find((m: any) => m.metadata.template);
    expect(after.messages.filter((m: any) => m.author === 'assistant')).toHaveLength(0);
    expect(templateMessage.cost.micros).toBeGreaterThan(0);
    const fees = await queryDatabase<{ cost_micros: string; price_ref: string }>(server.db.url, "select cost_micros, price_ref from usage_records where kind = 'channel_fee' and message_id = $1", [templateMessage.id]);
    expect(fees).toHaveLength(1);
    expect(Number(fees[0].cost_micros)).toBe(templateMessage.cost.micros);
    expect(fees[0].price_ref).not.toContain('estimate');
    expect(after.totalCost.micros).toBeGreaterThanOrEqual(templateMessage.cost.micros);
  });

  it('records the window as closed when WhatsApp answers a free-form send with 131047', async () => {
    server.openai.respondWith(() => text('Sure thing.'));
    graph.failNext({ code: 131047 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000004', text: 'hi there' }));
    const detail = await eventually(async () => {
      const c = await conversationOf('4915100000004');
      expect(c?.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('failed');
      return c;
    });
    const reply = detail.messages.find((m: any) => m.author === 'assistant');
    expect(reply.error).toMatchObject({ code: '131047', retryable: false });
    expect(detail.serviceWindow.state).toBe('closed');
    expect(detail.failedDeliveries).toBe(1);
  });

  it('handles the production form of 131047: accepted with 200, then a failed status webhook closes the window', async () => {
    server.openai.respondWith(() => text('Answer that will bounce.'));
    // Posted straight to our webhook, so the fake Graph never saw this customer write: for it the window is closed.
    const body = metaJson({
      object: 'whatsapp_business_account',
      entry: [{ id: '200000000000002', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: '100000000000001' },
        contacts: [{ profile: { name: 'Lena' }, wa_id: '4915100000008' }],
        messages: [{ from: '4915100000008', id: 'wamid.DIRECT1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hello?' } }],
      } }] }],
    });
    const direct = await fetch(channel.webhookUrl.replace('http://localhost:0', server.url), {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(body, 'test-app-secret') }, body,
    });
    expect(direct.status).toBe(200);
    const detail = await eventually(async () => {
      const c = await conversationOf('4915100000008');
      expect(c?.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('failed');
      return c;
    });
    const reply = detail.messages.find((m: any) => m.author === 'assistant');
    expect(reply.providerMessageId).toMatch(/^wamid\./);
    expect(reply.error).toMatchObject({ code: '131047' });
    expect(detail.serviceWindow.state).toBe('closed');
  });

  it('answers a fast reply with one Graph call: no typing indicator for a reply that is ready at once', async () => {
    server.openai.enqueue(text('Right away.'));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000009', text: 'quick one' }));
    const detail = await eventually(async () => {
      const c = await conversationOf('4915100000009');
      expect(c?.messages.find((m: any) => m.author === 'assistant')?.providerMessageId).toBeTruthy();
      return c;
    }, { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 1_200)); // past TYPING_DELAY_MS: a late typing call would show now
    const inbound = detail.messages[0].providerMessageId;
    expect(graph.requests.filter((r) => r.body?.message_id === inbound || r.body?.context?.message_id === inbound || r.body?.to === '+4915100000009')).toHaveLength(1);
  });

  it('retries a throttled send and marks a permanent failure failed at once, with the provider reason', async () => {
    server.openai.respondWith(() => text('Reply'));
    graph.failNext({ code: 131056 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000005', text: 'retry me' }));
    await eventually(async () => expect((await conversationOf('4915100000005'))?.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toMatch(/sent|delivered|read/));

    graph.failNext({ code: 131026, title: 'Message undeliverable', details: 'Unable to deliver message. Reasons can include: the recipient is not on WhatsApp.' });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000006', text: 'undeliverable' }));
    const failed = await eventually(async () => {
      const c = await conversationOf('4915100000006');
      expect(c?.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('failed');
      return c;
    });
    const reply = failed.messages.find((m: any) => m.author === 'assistant');
    // The public error shape: Meta's own title and details, plus whether a retry could help.
    expect(reply.error).toEqual({
      code: '131026', title: 'Message undeliverable', details: 'Unable to deliver message. Reasons can include: the recipient is not on WhatsApp.', retryable: false,
    });
    const attempts = graph.requests.filter((r) => r.body?.to === '+4915100000006' && r.body?.type === 'text');
    expect(attempts).toHaveLength(1);
    const listed = await api.get('/api/v1/conversations?channel=whatsapp&failedDelivery=true');
    expect(listed.body.items.map((c: any) => c.customer.identifier)).toEqual(expect.arrayContaining(['4915100000006']));
  });

  it('sends a follow-up that comes due after the window closed as the configured template', async () => {
    const enabled = await api.patch(`/api/v1/assistants/${assistantId}`, {
      tools: [{ name: 'schedule_follow_up', config: { template: { name: 'order_update', language: 'en_US', parameters: ['Ana', 'A-1042'] } } }],
    });
    expect(enabled.status).toBe(200);
    const soon = new Date(Date.now() + 2500).toISOString();
    server.openai.enqueue(toolCalls({ name: 'schedule_follow_up', arguments: { at: soon, message: 'How was the bread?' } }), text('I will check in later.'));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000099', text: 'remind me later' }));
    const conversation = await eventually(async () => {
      const c = await conversationOf('4915100000099');
      expect(c?.messages.find((m: any) => m.author === 'assistant')).toBeDefined();
      return c;
    });
    // The customer goes quiet: the window closes before the follow-up is due.
    await queryDatabase(server.db.url, "update conversations set service_window_expires_at = now() - interval '1 minute' where id = $1", [conversation.id]);
    const after = await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${conversation.id}`)).body;
      expect(c.messages.find((m: any) => m.metadata.followUpTaskId)?.providerMessageId).toMatch(/^wamid\./);
      return c;
    }, { timeoutMs: 12_000 });
    const followUp = after.messages.find((m: any) => m.metadata.followUpTaskId);
    expect(followUp.metadata.template).toMatchObject({ name: 'order_update' });
    const sent = graph.sent().find((x) => x.wamid === followUp.providerMessageId)!;
    expect(sent.body.type).toBe('template');
    expect(sent.body.template.components[0].parameters.map((p: any) => p.text)).toEqual(['Ana', 'A-1042']);
    const [task] = (await api.get(`/api/v1/tasks?kind=follow_up&conversationId=${conversation.id}`)).body;
    expect(task).toMatchObject({ status: 'done', details: { outcome: 'sent_template' } });
    await api.patch(`/api/v1/assistants/${assistantId}`, { tools: [] });
  });

  it('stores an echo from the WhatsApp Business app as an agent message and pauses the AI', async () => {
    server.openai.respondWith(() => text('AI answer'));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000007', text: 'question' }));
    await eventually(async () => expect((await conversationOf('4915100000007'))?.messages).toHaveLength(2));
    await graph.deliverWebhook(graph.echo({ to: '4915100000007', text: 'Hi, Maria here from the shop.' }));
    const detail = await eventually(async () => {
      const c = await conversationOf('4915100000007');
      expect(c.owner).toBe('human');
      return c;
    });
    // Echo timestamps have whole seconds, so the echo may sort next to the AI answer of the same second.
    expect(detail.messages.find((m: any) => m.author === 'agent')).toMatchObject({ text: 'Hi, Maria here from the shop.', deliveryStatus: 'sent', metadata: { source: 'provider_app' } });
    expect(detail.serviceWindow.state).toBe('open');
    const callsBefore = server.openai.calls('/chat/completions').length;
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000007', text: 'thanks Maria' }));
    await eventually(async () => expect((await conversationOf('4915100000007')).messages.find((m: any) => m.text === 'thanks Maria')).toMatchObject({ replyState: 'skipped', replyError: 'handed_over' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(server.openai.calls('/chat/completions').length).toBe(callsBefore);
  });
});

describe('WhatsApp charges the rate card cannot price (WHATSAPP_PRICES_FILE without that market)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let channelId: string;
  const CHARGED_UTILITY = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };

  beforeAll(async () => {
    // The operator's rate card knows Germany only: no France, no 'default' market. It reaches the plugin the way
    // production's does: a file named in the environment, read and checked with the plugin's declared settings.
    const file = join(mkdtempSync(join(tmpdir(), 'wa-prices-')), 'prices.json');
    writeFileSync(file, JSON.stringify([{ market: 'DE', callingCodes: ['49'], category: 'utility', currency: 'USD', pricePerMessage: 0.055, effectiveFrom: '2025-07-01' }]));
    const { plugins } = parseSettings({ WHATSAPP_PRICES_FILE: file }, pluginSettingsDefinitions());
    server = await startTestServer({ pluginSettings: plugins });
    // Statuses are posted by each test, as Meta would word them.
    graph = await startFakeGraph({ autoStatuses: false });
    ({ api } = await createTenant(server.url, server.platformKey, 'Rates'));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Rates', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  /** Sends a template and waits until WhatsApp accepted it: the stored message with its wamid. */
  const sendTemplate = async (to: string) => {
    const res = await api.post(`/api/v1/channels/${channelId}/template-messages`, { to, template: { name: 'order_update', language: 'en_US', parameters: ['Ana', 'A-1'] } });
    expect(res.status).toBe(202);
    return eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${res.body.conversationId}`)).body;
      const m = c.messages.find((x: any) => x.id === res.body.messageId);
      expect(m.providerMessageId).toMatch(/^wamid\./);
      return m;
    });
  };
  const messageNow = async (id: string) => {
    const list = (await api.get('/api/v1/conversations?channel=whatsapp')).body.items;
    for (const item of list) {
      const c = (await api.get(`/api/v1/conversations/${item.id}`)).body;
      const m = c.messages.find((x: any) => x.id === id);
      if (m) return { message: m, conversation: c };
    }
    throw new Error(`message ${id} not found`);
  };
  const feeRows = (messageId: string) =>
    queryDatabase<{ cost_micros: string; price_ref: string | null; model: string }>(server.db.url, "select cost_micros, price_ref, model from usage_records where kind = 'channel_fee' and message_id = $1", [messageId]);

  it('keeps the estimate when the report of a charged message cannot be priced (no wa_id), instead of zeroing it', async () => {
    const template = await sendTemplate('+4915100000301');
    expect(template.cost.micros).toBe(55_000);
    expect(await feeRows(template.id)).toEqual([{ cost_micros: '55000', price_ref: 'DE:utility:2025-07-01 (estimate)', model: 'whatsapp:utility' }]);

    // Reported for the customer's business-scoped user id only: the market, hence the rate, is unknown.
    const res = await graph.deliverWebhook(graph.statusNotification({ wamid: template.providerMessageId, status: 'delivered', recipientId: 'DE.900000000001', pricing: CHARGED_UTILITY }));
    expect(res.status).toBe(200);
    const { message, conversation } = await eventually(async () => {
      const now = await messageNow(template.id);
      expect(now.message.deliveryStatus).toBe('delivered');
      return now;
    });
    expect(message.cost.micros).toBe(55_000);
    expect(message.metadata.channelFee).toMatchObject({ costMicros: 55_000, category: 'utility', unpriced: true });
    expect(conversation.totalCost.micros).toBeGreaterThanOrEqual(55_000);
    expect(await feeRows(template.id)).toEqual([{ cost_micros: '55000', price_ref: 'DE:utility:2025-07-01 (estimate)', model: 'whatsapp:utility' }]);
  });

  it('records a charged message to a market without a rate as unpriced, not as free', async () => {
    const template = await sendTemplate('+33612345678');
    expect(template.cost.micros).toBe(0);
    expect(await feeRows(template.id)).toEqual([]);

    await graph.deliverWebhook(graph.statusNotification({ wamid: template.providerMessageId, status: 'delivered', recipientId: '33612345678', pricing: CHARGED_UTILITY }));
    const { message } = await eventually(async () => {
      const now = await messageNow(template.id);
      expect(now.message.deliveryStatus).toBe('delivered');
      return now;
    });
    expect(message.metadata.channelFee).toEqual({ costMicros: 0, category: 'utility', priceRef: null, unpriced: true, reason: expect.stringContaining("no rate for market unknown or 'default', category utility") });
    // A ledger row with no price row: visible to `price_ref is null` queries, counted as a charged message.
    expect(await feeRows(template.id)).toEqual([{ cost_micros: '0', price_ref: null, model: 'whatsapp:utility' }]);

    // A later report that can be priced still wins, and one that says "free" still means free.
    await graph.deliverWebhook(graph.statusNotification({ wamid: template.providerMessageId, status: 'read', recipientId: '33612345678', pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'utility' } }));
    await eventually(async () => expect(await feeRows(template.id)).toEqual([{ cost_micros: '0', price_ref: 'free (provider report)', model: 'whatsapp:utility' }]));
  });
});
