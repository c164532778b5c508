import { eventually, metaJson, signMetaBody, text, type FakeGraph } from '@confab/testing';
import { apiClient, createTenant, whatsappConfig, type ApiClient, type TestServer } from '@confab/server-test-support';

export interface SeededTenant {
  tenantId: string;
  api: ApiClient;
  assistants: { shop: string; bakery: string };
  conversations: { whatsapp: string; api: string; test: string };
  operators: { admin: Login; agent: Login; viewer: Login };
}
export interface Login {
  email: string;
  password: string;
  name: string;
}

/** Operators of every role, made through the API by the tenant admin key, as an admin would. */
async function createOperators(api: ApiClient, tag: string): Promise<SeededTenant['operators']> {
  const make = async (role: 'admin' | 'agent' | 'viewer', name: string): Promise<Login> => {
    const login = { email: `${role}-${tag}@example.com`, password: `pw-${role}-${tag}-long-enough`, name };
    const res = await api.post('/api/v1/operators', { email: login.email, name, role, password: login.password });
    if (res.status !== 201) throw new Error(`operator ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return login;
  };
  return { admin: await make('admin', 'Ada Admin'), agent: await make('agent', 'Anna Agent'), viewer: await make('viewer', 'Vic Viewer') };
}

/**
 * A tenant with conversations on several channels, all made through the public API and the channels' own webhooks:
 * a WhatsApp chat in German whose reply failed to deliver (131047), an API chat, and a test chat.
 */
export async function seedTenant(server: TestServer, graph: FakeGraph, tag = 'main'): Promise<SeededTenant> {
  const { id: tenantId, api } = await createTenant(server.url, server.platformKey, `Bäckerei ${tag}`);
  const shop = (await api.post('/api/v1/assistants', { name: 'Shop Assistant', systemPrompt: 'You help with orders.', model: 'gpt-4o-mini' })).body.id as string;
  const bakery = (await api.post('/api/v1/assistants', { name: 'Bäckerei-Hilfe', systemPrompt: 'Du hilfst Kunden der Bäckerei.', model: 'gpt-4o-mini' })).body.id as string;

  // Replies follow the question, whatever order the queued replies are generated in.
  server.openai.respondWith((req) => {
    if (req.path !== '/chat/completions') return undefined;
    const last = JSON.stringify((req.body as { messages?: unknown[] })?.messages?.at(-1) ?? '');
    return text(/Bäckerei/.test(last) ? 'Wir öffnen um sieben Uhr.' : /order/.test(last) ? 'Your order ships today.' : 'Hello from the test.');
  });

  // WhatsApp: posted straight to our webhook, so the fake Graph never saw this customer write; it accepts the
  // reply, then reports it failed as outside the service window (131047) through the status webhook.
  const wa = await api.post('/api/v1/channels', { type: 'whatsapp', assistantId: bakery, config: whatsappConfig(graph.url) });
  if (wa.status !== 201) throw new Error(`WhatsApp channel: ${wa.status} ${JSON.stringify(wa.body)}`);
  graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${wa.body.id}`);
  const body = metaJson({
    object: 'whatsapp_business_account',
    entry: [{ id: '200000000000002', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: '100000000000001' },
      contacts: [{ profile: { name: 'Lena Schmidt' }, wa_id: '4915100000008' }],
      messages: [{ from: '4915100000008', id: `wamid.SEED-${tag}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Wann öffnet die Bäckerei morgen früh?' } }],
    } }] }],
  });
  const hook = await fetch(`${server.url}/webhooks/whatsapp/${wa.body.id}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(body, 'test-app-secret') }, body,
  });
  if (hook.status !== 200) throw new Error(`WhatsApp webhook: ${hook.status}`);

  // API channel, answered synchronously.
  const apiChannel = (await api.post('/api/v1/channels', { type: 'api', assistantId: shop, config: {} })).body.id as string;
  const apiChat = await api.post(`/api/v1/channels/${apiChannel}/messages`, { customerId: 'user-42', customerName: 'Jane Doe', text: 'Where is my order?' });
  if (apiChat.status !== 200) throw new Error(`API message: ${apiChat.status} ${JSON.stringify(apiChat.body)}`);

  // A test chat started as the dashboard does.
  const testChat = await api.post(`/api/v1/assistants/${shop}/test-chats`, { name: 'Prompt check' });
  await api.post(`/api/v1/conversations/${testChat.body.id}/messages`, { text: 'Does the prompt work?' });

  const whatsapp = await eventually(async () => {
    const list = (await api.get('/api/v1/conversations?channel=whatsapp')).body.items;
    expectTrue(list[0]?.failedDeliveries === 1, 'the WhatsApp reply has not failed yet');
    return list[0].id as string;
  }, { timeoutMs: 15_000 });
  await eventually(async () => {
    const detail = (await api.get(`/api/v1/conversations/${testChat.body.id}`)).body;
    expectTrue(detail.messages.some((m: { author: string }) => m.author === 'assistant'), 'the test chat has no reply yet');
  }, { timeoutMs: 15_000 });

  return {
    tenantId, api,
    assistants: { shop, bakery },
    conversations: { whatsapp, api: apiChat.body.conversationId, test: testChat.body.id },
    operators: await createOperators(api, tag),
  };
}

function expectTrue(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export { apiClient };
