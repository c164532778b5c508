import { eventually, queryDatabase, startFakeMcpServer, text, toolCalls, type FakeMcpServer } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('tool-mcp: MCP servers registered by a tenant become assistant tools', () => {
  let server: TestServer;
  let api: ApiClient;
  let otherApi: ApiClient;
  let mcp: FakeMcpServer;

  beforeAll(async () => {
    server = await startTestServer();
    mcp = await startFakeMcpServer();
    ({ api } = await createTenant(server.url, server.platformKey, 'Shop'));
    ({ api: otherApi } = await createTenant(server.url, server.platformKey, 'Other'));
  });
  afterAll(async () => {
    await mcp?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  const chatWith = async (tools: string[], customerText: string) => {
    const bot = await api.post('/api/v1/assistants', { name: 'Weather', systemPrompt: 'x', model: 'gpt-4o-mini', tools: tools.map((name) => ({ name })) });
    expect(bot.status).toBe(201);
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    const sent = await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: customerText, wait: true });
    return { chatId: chat.body.id as string, sent: sent.body };
  };

  it('registers a server: 201 with the discovered, namespaced tools; header values sealed and never returned', async () => {
    const res = await api.post('/api/v1/mcp-servers', { name: 'weather', url: mcp.url, headers: { Authorization: 'Bearer mcp-secret-42' } });
    expect(res.status).toBe(201);
    expect(res.body.tools.map((t: any) => t.name).sort()).toEqual(['weather__create_ticket', 'weather__fail', 'weather__get_forecast']);
    const forecast = res.body.tools.find((t: any) => t.name === 'weather__get_forecast');
    expect(forecast).toMatchObject({ mcpName: 'get_forecast', description: 'The weather forecast for a city', readOnly: true, inputSchema: { type: 'object', required: ['city'] } });
    expect(forecast.inputSchema.$schema).toBeUndefined();
    expect(res.body.headerNames).toEqual(['Authorization']);
    expect(JSON.stringify(res.body)).not.toContain('mcp-secret-42');
    // Discovery sent the secret header.
    expect(mcp.requests.some((h) => h.authorization === 'Bearer mcp-secret-42')).toBe(true);

    const list = await api.get('/api/v1/mcp-servers');
    expect(list.body.items.map((s: any) => s.name)).toEqual(['weather']);
    expect(JSON.stringify(list.body)).not.toContain('mcp-secret-42');
    const stored = await queryDatabase(server.db.url, "select data::text as data, sealed_secrets::text as secrets from plugin_documents where namespace like 'mcp-server%'");
    expect(stored.length).toBe(2);
    expect(JSON.stringify(stored)).not.toContain('mcp-secret-42');
    // Every tool of the tenant's list shows them, ready to enable.
    const tools = (await api.get('/api/v1/tools')).body;
    expect(JSON.stringify(tools)).toContain('weather__get_forecast');
  });

  it('refuses bad input with the field named, a taken name with 409, and an unreachable URL with 400', async () => {
    expect((await api.post('/api/v1/mcp-servers', { name: 'Bad Name', url: mcp.url })).status).toBe(400);
    const badUrl = await api.post('/api/v1/mcp-servers', { name: 'ftp', url: 'ftp://example.com' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.details.field).toBe('url');
    const badHeader = await api.post('/api/v1/mcp-servers', { name: 'hdr', url: mcp.url, headers: { 'X-Bad': 'a\nb' } });
    expect(badHeader.status).toBe(400);
    expect((await api.post('/api/v1/mcp-servers', { name: 'weather', url: mcp.url })).status).toBe(409);
    const down = await api.post('/api/v1/mcp-servers', { name: 'down', url: 'http://127.0.0.1:1/mcp' });
    expect(down.status).toBe(400);
    expect(down.body.details.field).toBe('url');
  });

  it('runs an enabled tool through the tool loop with the secret header, audited like every tool call', async () => {
    mcp.calls.length = 0;
    server.openai.enqueue(toolCalls({ name: 'weather__get_forecast', arguments: { city: 'Berlin' } }), text('Sunny, 21 degrees in Berlin.'));
    const { chatId, sent } = await chatWith(['weather__get_forecast'], 'Weather in Berlin?');
    expect(sent.replies[0].text).toBe('Sunny, 21 degrees in Berlin.');
    expect(mcp.calls).toEqual([expect.objectContaining({ tool: 'get_forecast', arguments: { city: 'Berlin' } })]);
    expect(mcp.calls[0].headers.authorization).toBe('Bearer mcp-secret-42');
    const offered = server.openai.calls('/chat/completions')[0].body.tools.map((t: any) => t.function.name);
    expect(offered).toEqual(['weather__get_forecast']);
    const detail = await eventually(async () => {
      const d = (await api.get(`/api/v1/conversations/${chatId}`)).body;
      expect(d.toolCalls).toHaveLength(1);
      return d;
    });
    expect(detail.toolCalls[0]).toMatchObject({ name: 'weather__get_forecast', error: null, result: { city: 'Berlin', tempC: 21, sky: 'sunny' } });
  });

  it("passes a tool's own error back to the model as a tool error", async () => {
    server.openai.enqueue(toolCalls({ name: 'weather__fail', arguments: {} }), text('That did not work, sorry.'));
    const { chatId, sent } = await chatWith(['weather__fail'], 'Try it');
    expect(sent.replies[0].text).toBe('That did not work, sorry.');
    const toolMessage = server.openai.calls('/chat/completions')[1].body.messages.find((m: any) => m.role === 'tool');
    expect(toolMessage.content).toContain('The backend is on fire');
    const detail = (await api.get(`/api/v1/conversations/${chatId}`)).body;
    expect(detail.toolCalls[0].error).toContain('The backend is on fire');
  });

  it('a server that is down fails its tools as tool errors, never the reply', async () => {
    const flaky = await startFakeMcpServer();
    expect((await api.post('/api/v1/mcp-servers', { name: 'flaky', url: flaky.url })).status).toBe(201);
    await flaky.close();
    server.openai.enqueue(toolCalls({ name: 'flaky__get_forecast', arguments: { city: 'Rome' } }), text('The weather service is unavailable right now.'));
    const { chatId, sent } = await chatWith(['flaky__get_forecast'], 'Weather in Rome?');
    expect(sent.status).toBe('answered');
    expect(sent.replies[0].text).toBe('The weather service is unavailable right now.');
    const detail = (await api.get(`/api/v1/conversations/${chatId}`)).body;
    expect(detail.toolCalls[0].error).toMatch(/could not run get_forecast/);
  });

  it('keeps tenants apart: another tenant neither sees, uses nor deletes the servers', async () => {
    expect((await otherApi.get('/api/v1/mcp-servers')).body.items).toEqual([]);
    expect((await otherApi.get('/api/v1/mcp-servers/weather')).status).toBe(404);
    expect((await otherApi.delete('/api/v1/mcp-servers/weather')).status).toBe(404);
    const bot = await otherApi.post('/api/v1/assistants', { name: 'X', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'weather__get_forecast' }] });
    expect(bot.status).toBe(400);
    // Removing the server removes its tools.
    expect((await api.delete('/api/v1/mcp-servers/weather')).status).toBe(204);
    expect((await api.get('/api/v1/mcp-servers/weather')).status).toBe(404);
  });
});
