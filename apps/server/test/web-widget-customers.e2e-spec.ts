import { createHmac } from 'node:crypto';
import { eventually, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

const SHOP = 'https://shop.example';
const SECRET = 'identity-secret-for-customer-tests';
const PHONE = '4915112345678';

/**
 * One customer across channels (X11): a verified widget user, a WhatsApp number and an API-channel id linked to one
 * customer, whose conversations on every channel are listed together; conflicts, merging, unlinking and tenant walls.
 */
describe('Customers across channels', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let assistantId: string;
  let widget: { publicKey: string };
  let apiChannel: string;

  const widgetSession = async (userId: string) => {
    const res = await apiClient(server.url).raw('POST', `/api/v1/widget/${widget.publicKey}/sessions`, {
      identity: { userId, name: 'Jana', hash: createHmac('sha256', SECRET).update(userId).digest('hex') },
    }, { origin: SHOP });
    expect(res.status).toBe(201);
    return res.body.token as string;
  };
  const widgetSend = (token: string, body: string, id: string) =>
    apiClient(server.url).raw('POST', '/api/v1/widget/messages', { text: body, clientMessageId: id }, { origin: SHOP, authorization: `Bearer ${token}` });
  const customerOf = async (conversationId: string) => (await api.get(`/api/v1/conversations/${conversationId}`)).body.customer.id as string;
  const whatsappConversation = async () =>
    eventually(async () => {
      const items = (await api.get(`/api/v1/conversations?channel=whatsapp&customer=${PHONE}`)).body.items;
      expect(items).toHaveLength(1);
      return items[0].id as string;
    });

  beforeAll(async () => {
    server = await startTestServer();
    graph = await startFakeGraph();
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
    widget = (await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config: { allowedOrigins: [SHOP], identitySecret: SECRET } })).body;
    apiChannel = (await api.post('/api/v1/channels', { type: 'api', assistantId })).body.id;
    const wa = await connectWhatsApp(api, assistantId, graph.url);
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${wa.id}`);
    server.openai.respondWith(() => text('Noted.'));
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  it('links a widget user, a WhatsApp number and an API id into one customer with one timeline, and unlinks', async () => {
    // The same person, first on three channels as three customers.
    const token = await widgetSession('shop-user-1');
    const viaWidget = (await widgetSend(token, 'Hi from the website', 'cust-widget-1')).body.conversationId;
    expect((await graph.deliverWebhook(graph.inboundText({ from: PHONE, text: 'Hi from WhatsApp' }))).status).toBe(200);
    const viaWhatsApp = await whatsappConversation();
    const viaApi = (await api.post(`/api/v1/channels/${apiChannel}/messages`, { customerId: 'crm-77', text: 'Hi from the app', mode: 'async' })).body.conversationId;
    const customer = await customerOf(viaWidget);
    expect(await customerOf(viaWhatsApp)).not.toBe(customer);

    // Found by any identifier.
    const found = (await api.get('/api/v1/customers?identifier=shop-user-1')).body.items;
    expect(found).toEqual([expect.objectContaining({ id: customer, identities: [expect.objectContaining({ kind: 'widget_user', value: 'shop-user-1' })] })]);
    expect((await api.get('/api/v1/customers?identifier=nobody')).body.items).toEqual([]);

    // The WhatsApp number already belongs to another customer: refused, then moved with merge.
    const conflict = await api.post(`/api/v1/customers/${customer}/identities`, { kind: 'wa_id', value: PHONE });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'IDENTITY_LINKED_ELSEWHERE', details: { customerId: await customerOf(viaWhatsApp) } });
    const merged = await api.post(`/api/v1/customers/${customer}/identities`, { kind: 'wa_id', value: PHONE, merge: true });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ identity: { kind: 'wa_id', value: PHONE }, movedConversations: 1 });
    const apiLink = await api.post(`/api/v1/customers/${customer}/identities`, { kind: `external:${apiChannel}`, value: 'crm-77', merge: true });
    expect(apiLink.status).toBe(201);
    // Linking again changes nothing.
    expect((await api.post(`/api/v1/customers/${customer}/identities`, { kind: 'wa_id', value: PHONE })).status).toBe(200);

    const view = (await api.get(`/api/v1/customers/${customer}`)).body;
    expect(view.identities.map((i: any) => i.kind)).toEqual(['widget_user', 'wa_id', `external:${apiChannel}`]);
    expect(view.conversations.map((c: any) => c.id)).toEqual([viaApi, viaWhatsApp, viaWidget]);
    expect(view.conversations.map((c: any) => c.channel)).toEqual(['api', 'whatsapp', 'web_widget']);

    // New messages from the linked WhatsApp number belong to the same customer.
    expect((await graph.deliverWebhook(graph.inboundText({ from: PHONE, text: 'Again from WhatsApp' }))).status).toBe(200);
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${viaWhatsApp}`)).body.messages.filter((m: any) => m.author === 'customer')).toHaveLength(2));
    expect(await customerOf(viaWhatsApp)).toBe(customer);

    // Unlink: the next API message of crm-77 starts a new customer; past conversations stay.
    const apiIdentity = view.identities.find((i: any) => i.value === 'crm-77').id;
    expect((await api.delete(`/api/v1/customers/${customer}/identities/${apiIdentity}`)).status).toBe(204);
    expect((await api.delete(`/api/v1/customers/${customer}/identities/${apiIdentity}`)).status).toBe(404);
    await api.post(`/api/v1/channels/${apiChannel}/messages`, { customerId: 'crm-77', text: 'new', mode: 'async' });
    const after = (await api.get(`/api/v1/customers/${customer}`)).body;
    expect(after.identities.map((i: any) => i.value)).toEqual(['shop-user-1', PHONE]);
    expect(after.conversations.map((c: any) => c.id)).toContain(viaApi);
    expect((await api.get('/api/v1/customers?identifier=crm-77')).body.items[0].id).not.toBe(customer);
  });

  it('refuses malformed input with the field named', async () => {
    const { id } = (await api.get('/api/v1/customers?identifier=shop-user-1')).body.items[0];
    const bad = await api.post(`/api/v1/customers/${id}/identities`, { kind: 'Not A Kind', value: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('kind');
    expect((await api.post(`/api/v1/customers/${id}/identities`, { kind: 'wa_id', value: '' })).status).toBe(400);
    expect((await api.get('/api/v1/customers')).status).toBe(400);
    expect((await api.get('/api/v1/customers/not-a-uuid')).status).toBe(400);
    expect((await api.get('/api/v1/customers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('keeps tenants apart: another tenant sees, links and unlinks nothing of this customer', async () => {
    const mine = (await api.get('/api/v1/customers?identifier=shop-user-1')).body.items[0];
    const other = await createTenant(server.url, server.platformKey, 'Other');
    expect((await other.api.get(`/api/v1/customers/${mine.id}`)).status).toBe(404);
    expect((await other.api.get('/api/v1/customers?identifier=shop-user-1')).body.items).toEqual([]);
    expect((await other.api.post(`/api/v1/customers/${mine.id}/identities`, { kind: 'wa_id', value: '4900000' })).status).toBe(404);
    expect((await other.api.delete(`/api/v1/customers/${mine.id}/identities/${mine.identities[0].id}`)).status).toBe(404);
    // The same identity value in another tenant is another customer.
    const theirs = (await other.api.post('/api/v1/channels', { type: 'api', assistantId: (await other.api.post('/api/v1/assistants', { name: 'B', systemPrompt: 'B.', model: 'gpt-4o-mini' })).body.id })).body.id;
    await other.api.post(`/api/v1/channels/${theirs}/messages`, { customerId: 'shared-id', text: 'x', mode: 'async' });
    const otherCustomer = (await other.api.get('/api/v1/customers?identifier=shared-id')).body.items[0];
    expect((await api.post(`/api/v1/customers/${mine.id}/identities`, { kind: `external:${theirs}`, value: 'shared-id' })).status).toBe(201);
    expect((await other.api.get(`/api/v1/customers/${otherCustomer.id}`)).body.identities).toHaveLength(1);
  });
});
