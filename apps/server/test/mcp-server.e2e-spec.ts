import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { eventually, text } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const READ_TOOLS = ['get_conversation', 'get_metrics', 'list_conversations', 'list_unanswered', 'search_messages'];
const ACTION_TOOLS = ['hand_back', 'hand_over', 'reply_as_agent', 'send_test_message'];

describe('MCP server at /mcp: the official SDK client against the platform', () => {
  let server: TestServer;
  let api: ApiClient;
  let adminKey: string;
  let readKey: string;
  let otherKey: string;
  let assistantId: string;
  let conversationId: string;
  const clients: Client[] = [];

  const connect = async (key: string) => {
    const client = new Client({ name: 'confab-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    clients.push(client);
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as any;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api, apiKey: adminKey } = await createTenant(server.url, server.platformKey, 'Shop'));
    readKey = (await api.post('/api/v1/api-keys', { name: 'reader', scopes: ['read'] })).body.apiKey;
    otherKey = (await createTenant(server.url, server.platformKey, 'Other')).apiKey;
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
    const channelId = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id;
    server.openai.enqueue(text('Your parcel ships on Monday.'));
    const sent = await api.post(`/api/v1/channels/${channelId}/messages`, { customerId: 'jane-1', customerName: 'Jane', text: 'Where is my parcel Lieferung?' });
    expect(sent.status).toBe(200);
    conversationId = sent.body.conversationId;
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await server?.close();
  });

  it('initializes and lists every tool with an input schema for an admin key', async () => {
    const client = await connect(adminKey);
    expect(client.getServerVersion()).toMatchObject({ name: 'confab' });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...ACTION_TOOLS, ...READ_TOOLS].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description).toBeTruthy();
    }
    expect(tools.find((t) => t.name === 'get_conversation')!.inputSchema.required).toEqual(['id']);
  });

  it('reads: list, get with timeline, search, metrics, unanswered (structured content plus text)', async () => {
    const client = await connect(adminKey);
    const list = await call(client, 'list_conversations', { channel: 'api' });
    expect(list.isError).toBeFalsy();
    expect(list.structuredContent.items.map((c: any) => c.id)).toEqual([conversationId]);
    expect(list.content[0].text).toContain(conversationId);
    expect(list.content[0].text).toContain('Jane');

    const detail = await call(client, 'get_conversation', { id: conversationId });
    expect(detail.structuredContent).toMatchObject({ id: conversationId, channel: 'api', owner: 'ai' });
    expect(detail.structuredContent.messages.map((m: any) => m.author)).toEqual(['customer', 'assistant']);
    expect(detail.content[0].text).toMatch(/customer: Where is my parcel[\s\S]*assistant: Your parcel ships on Monday\./);

    const found = await call(client, 'search_messages', { q: 'parcel' });
    expect(found.structuredContent.items[0]).toMatchObject({ id: conversationId, match: expect.objectContaining({ snippet: expect.stringContaining('parcel') }) });
    const none = await call(client, 'search_messages', { q: 'zebracorn' });
    expect(none.structuredContent.items).toEqual([]);
    expect(none.content[0].text).toContain('No message matches');

    await eventually(async () => {
      const metrics = await call(client, 'get_metrics', {});
      expect(metrics.structuredContent.totals.chats).toBe(1);
      expect(metrics.content[0].text).toContain('chats: 1');
    });

    const unanswered = await call(client, 'list_unanswered', {});
    expect(unanswered.structuredContent).toMatchObject({ items: [], nextCursor: null });
    expect(unanswered.content[0].text).toBe('No unanswered messages.');
  });

  it('rejects bad arguments as a tool error naming the field', async () => {
    const client = await connect(adminKey);
    const bad = await call(client, 'get_conversation', { id: 'not-a-uuid' });
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toMatch(/id/);
    const badDate = await call(client, 'get_metrics', { from: '2026-02-30' });
    expect(badDate.isError).toBe(true);
    expect(badDate.content[0].text).toContain('from');
  });

  it('acts: a test message gets the assistant reply, hand over, reply as agent, hand back', async () => {
    const client = await connect(adminKey);
    server.openai.enqueue(text('Hello from the assistant.'));
    const test = await call(client, 'send_test_message', { assistantId, text: 'Hi there' });
    expect(test.isError).toBeFalsy();
    expect(test.structuredContent).toMatchObject({ status: 'answered', replies: [expect.objectContaining({ text: 'Hello from the assistant.' })] });
    expect(test.content[0].text).toContain('Hello from the assistant.');
    server.openai.enqueue(text('Second answer.'));
    const again = await call(client, 'send_test_message', { assistantId, text: 'And again', conversationId: test.structuredContent.conversationId });
    expect(again.structuredContent).toMatchObject({ conversationId: test.structuredContent.conversationId, status: 'answered' });

    const over = await call(client, 'hand_over', { conversationId, reason: 'Refund question' });
    expect(over.structuredContent).toMatchObject({ owner: 'human', handoffReason: 'Refund question' });
    const reply = await call(client, 'reply_as_agent', { conversationId, text: 'Anna here, I will check.', agentName: 'Anna' });
    expect(reply.structuredContent).toMatchObject({ status: 'queued', messageId: expect.any(String) });
    await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${conversationId}`)).body;
      expect(detail.messages.at(-1)).toMatchObject({ author: 'agent', text: 'Anna here, I will check.' });
    });
    const back = await call(client, 'hand_back', { conversationId });
    expect(back.structuredContent).toMatchObject({ owner: 'ai' });
    expect(back.content[0].text).toContain('answered by the AI');
  });

  it('gives a read-scope key only the read-only tools and refuses the others', async () => {
    const client = await connect(readKey);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
    const refused = await call(client, 'hand_over', { conversationId });
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(/disabled/);
    expect((await api.get(`/api/v1/conversations/${conversationId}`)).body.owner).toBe('ai');
    expect((await call(client, 'get_conversation', { id: conversationId })).structuredContent.id).toBe(conversationId);
  });

  it("keeps tenants apart: another tenant's key sees nothing of this tenant and cannot act on it", async () => {
    const client = await connect(otherKey);
    expect((await call(client, 'list_conversations')).structuredContent.items).toEqual([]);
    expect((await call(client, 'search_messages', { q: 'parcel' })).structuredContent.items).toEqual([]);
    const get = await call(client, 'get_conversation', { id: conversationId });
    expect(get.isError).toBe(true);
    expect(get.content[0].text).toContain('NOT_FOUND');
    const over = await call(client, 'hand_over', { conversationId });
    expect(over.isError).toBe(true);
    const test = await call(client, 'send_test_message', { assistantId, text: 'hi' });
    expect(test.isError).toBe(true);
    expect((await api.get(`/api/v1/conversations/${conversationId}`)).body.owner).toBe('ai');
  });

  it('refuses a missing or unknown key with 401, and GET with 405', async () => {
    await expect(connect('cfb_not_a_key')).rejects.toMatchObject({ code: 401, message: expect.stringContaining('Unknown or revoked API key') });
    const anon = await apiClient(server.url).post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const get = await apiClient(server.url, adminKey).get('/mcp');
    expect(get.status).toBe(405);
  });
});
