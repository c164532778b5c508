import { text } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('tenancy walls and authentication', () => {
  let server: TestServer;
  let a: ApiClient;
  let b: ApiClient;
  let bKey: string;
  const owned = { assistantId: '', conversationId: '', channelId: '', keyId: '' };

  beforeAll(async () => {
    server = await startTestServer();
    server.openai.respondWith(() => text('ok'));
    ({ api: a } = await createTenant(server.url, server.platformKey, 'A'));
    ({ api: b, apiKey: bKey } = await createTenant(server.url, server.platformKey, 'B'));
    const assistant = await b.post('/api/v1/assistants', { name: 'B bot', systemPrompt: 'b', model: 'gpt-4o-mini' });
    owned.assistantId = assistant.body.id;
    const chat = await b.post(`/api/v1/assistants/${owned.assistantId}/test-chats`, {});
    owned.conversationId = chat.body.id;
    await b.post(`/api/v1/conversations/${owned.conversationId}/messages`, { text: 'secret of B', wait: true });
    const channel = await b.post('/api/v1/channels', { type: 'api', assistantId: owned.assistantId, config: { callbackSecret: 'b-callback-secret-123' } });
    owned.channelId = channel.body.id;
    owned.keyId = (await b.get('/api/v1/api-keys')).body[0].id;
  });
  afterAll(() => server?.close());

  it("never shows tenant B's data to tenant A's key (404, not 403, so ids do not leak)", async () => {
    expect((await a.get(`/api/v1/conversations/${owned.conversationId}`)).status).toBe(404);
    expect((await a.get(`/api/v1/assistants/${owned.assistantId}`)).status).toBe(404);
    expect((await a.get(`/api/v1/channels/${owned.channelId}`)).status).toBe(404);
    expect((await a.get('/api/v1/conversations')).body.items).toEqual([]);
    expect((await a.get('/api/v1/assistants')).body).toEqual([]);
    expect((await a.get('/api/v1/channels')).body).toEqual([]);
    expect((await a.get(`/api/v1/conversations?customer=${encodeURIComponent('secret')}`)).body.items).toEqual([]);
  });

  it("cannot change or write into tenant B's resources", async () => {
    const attempts = await Promise.all([
      a.patch(`/api/v1/assistants/${owned.assistantId}`, { name: 'hijacked' }),
      a.delete(`/api/v1/assistants/${owned.assistantId}`),
      a.post(`/api/v1/conversations/${owned.conversationId}/messages`, { text: 'hi' }),
      a.post(`/api/v1/conversations/${owned.conversationId}/agent-messages`, { text: 'hi' }),
      a.post(`/api/v1/conversations/${owned.conversationId}/handoff`, {}),
      a.post(`/api/v1/conversations/${owned.conversationId}/resume-ai`, {}),
      a.post(`/api/v1/conversations/${owned.conversationId}/retry-reply`, {}),
      a.post(`/api/v1/channels/${owned.channelId}/messages`, { customerId: 'x', text: 'hi' }),
      a.delete(`/api/v1/channels/${owned.channelId}`),
      a.delete(`/api/v1/api-keys/${owned.keyId}`),
      // The assistant is the resource the route names, so another tenant's is not found (it was a 400).
      a.post(`/api/v1/assistants/${owned.assistantId}/test-chats`, {}),
    ]);
    expect(attempts.map((r) => r.status)).toEqual(Array(attempts.length).fill(404));
    const usingForeignAssistant = await Promise.all([
      a.post('/api/v1/channels', { type: 'api', assistantId: owned.assistantId, config: {} }),
    ]);
    for (const res of usingForeignAssistant) {
      expect(res.status).toBe(400);
      expect(res.body.details.field).toBe('assistantId');
    }
    const mine = await b.get(`/api/v1/assistants/${owned.assistantId}`);
    expect(mine.body.name).toBe('B bot');
    const conv = await b.get(`/api/v1/conversations/${owned.conversationId}`);
    expect(conv.body.owner).toBe('ai');
    expect(conv.body.messages.map((m: any) => m.author)).toEqual(['customer', 'assistant']);
    expect((await b.get('/api/v1/api-keys')).body[0].revokedAt).toBeNull();
  });

  it('refuses missing, malformed, unknown and revoked keys with 401 and a readable message', async () => {
    const anonymous = await apiClient(server.url).get('/api/v1/conversations');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('Authorization: Bearer') });
    expect((await apiClient(server.url).raw('GET', '/api/v1/conversations', undefined, { authorization: 'Basic abc' })).status).toBe(401);
    expect((await apiClient(server.url, 'cfb_not-a-real-key').get('/api/v1/conversations')).status).toBe(401);

    const extra = await b.post('/api/v1/api-keys', { name: 'temp', scopes: ['admin'] });
    expect(extra.status).toBe(201);
    expect(extra.body.apiKey).toMatch(/^cfb_/);
    const temp = apiClient(server.url, extra.body.apiKey);
    expect((await temp.get('/api/v1/assistants')).status).toBe(200);
    expect((await b.delete(`/api/v1/api-keys/${extra.body.id}`)).status).toBe(204);
    expect((await temp.get('/api/v1/assistants')).status).toBe(401);
  });

  it('stores keys hashed and shows them only once', async () => {
    const listed = await b.get('/api/v1/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(bKey);
    const { queryDatabase } = await import('@confab/testing');
    const rows = await queryDatabase<{ hash: string }>(server.db.url, 'select hash from api_keys');
    expect(rows.some((r) => r.hash.includes(bKey) || r.hash === bKey)).toBe(false);
  });

  it('enforces scopes: a read key reads but cannot write (403)', async () => {
    const readKey = await b.post('/api/v1/api-keys', { name: 'dashboard', scopes: ['read'] });
    const reader = apiClient(server.url, readKey.body.apiKey);
    expect((await reader.get(`/api/v1/conversations/${owned.conversationId}`)).status).toBe(200);
    const write = await reader.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'm' });
    expect(write.status).toBe(403);
    expect(write.body.message).toContain("'admin' scope");
    expect((await reader.get('/api/v1/api-keys')).status).toBe(403);
  });

  it('keeps tenant creation for the platform admin key', async () => {
    expect((await b.post('/api/v1/tenants', { name: 'sneaky' })).status).toBe(401);
    expect((await apiClient(server.url, 'cfb_platform_wrong').post('/api/v1/tenants', { name: 'x' })).status).toBe(401);
    const created = await apiClient(server.url, server.platformKey).post('/api/v1/tenants', { name: 'C' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'C', apiKey: expect.stringMatching(/^cfb_/) });
  });
});

describe('malformed requests get 400 with the field at fault and change nothing', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());

  const fieldsOf = (body: any): string[] => (body.details.fields ?? [{ field: body.details.field }]).map((f: any) => f.field);

  it('names missing, mistyped and unknown fields', async () => {
    const missing = await api.post('/api/v1/assistants', { systemPrompt: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(missing.body)).toEqual(expect.arrayContaining(['name', 'model']));
    const typed = await api.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'm', temperature: 7 });
    expect(fieldsOf(typed.body)).toEqual(['temperature']);
    const unknown = await api.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'm', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(['colour']);
    expect((await api.get('/api/v1/assistants')).body).toEqual([]);
  });

  it('validates tools and their per-assistant config against the plugin', async () => {
    const unknownTool = await api.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'm', tools: [{ name: 'launch_rockets' }] });
    expect(unknownTool.status).toBe(400);
    expect(unknownTool.body.details.field).toBe('tools.0.name');
    const badConfig = await api.post('/api/v1/assistants', {
      name: 'x', systemPrompt: 'x', model: 'm',
      tools: [{ name: 'collect_data', config: { fields: [{ key: 'colour', type: 'enum' }] } }],
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.details.field).toMatch(/^tools\.0\.config/);
    const twice = await api.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'm', tools: [{ name: 'handoff_to_human' }, { name: 'handoff_to_human' }] });
    expect(twice.body.details.field).toBe('tools.1.name');
  });

  it('rejects broken JSON, bad ids, bad filters and bad cursors', async () => {
    const broken = await api.raw('POST', '/api/v1/assistants', '{"name": ', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect((await api.get('/api/v1/conversations/not-a-uuid')).status).toBe(400);
    const filter = await api.get('/api/v1/conversations?from=yesterday&limit=0');
    expect(filter.status).toBe(400);
    expect(fieldsOf(filter.body)).toEqual(expect.arrayContaining(['from', 'limit']));
    const cursor = await api.get('/api/v1/conversations?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.body.details.field).toBe('cursor');
    const channel = await api.post('/api/v1/channels', { type: 'pigeon', assistantId: '00000000-0000-4000-8000-000000000000' });
    expect(channel.status).toBe(400);
    expect(channel.body.details.field).toBe('type');
  });

  it('validates channel config with the plugin schema and never returns secrets', async () => {
    const assistant = await api.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'm' });
    const bad = await api.post('/api/v1/channels', { type: 'api', assistantId: assistant.body.id, config: { callbackUrl: 'not a url' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.field).toBe('config.callbackUrl');
    const ok = await api.post('/api/v1/channels', {
      type: 'api', assistantId: assistant.body.id, config: { callbackUrl: 'https://example.test/hook', callbackSecret: 'super-secret-value-1' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.config).toEqual({ callbackUrl: 'https://example.test/hook' });
    expect(ok.body.secretsSet).toEqual(['callbackSecret']);
    const everything = JSON.stringify([ok.body, (await api.get('/api/v1/channels')).body, (await api.get(`/api/v1/channels/${ok.body.id}`)).body]);
    expect(everything).not.toContain('super-secret-value-1');
    const { queryDatabase } = await import('@confab/testing');
    const [row] = await queryDatabase<{ sealed_secrets: string; config: object }>(server.db.url, 'select sealed_secrets, config from channel_connections where id = $1', [ok.body.id]);
    expect(row.sealed_secrets).toMatch(/^v1:/);
    expect(row.sealed_secrets).not.toContain('super-secret');
    expect(JSON.stringify(row.config)).not.toContain('super-secret');
  });
});
