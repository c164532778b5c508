import { eventually, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { whatsappConfig } from './support/whatsapp-helpers';

/** Editing, disabling and deleting channel connections, and a WhatsApp connection's health (dashboard's channel pages). */
describe('Channel settings: PATCH keeps secrets, disable/enable, delete, WhatsApp health', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let other: ApiClient;
  let assistantId: string;

  const handshake = (id: string, token: string) => fetch(`${server.url}/webhooks/whatsapp/${id}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42`);
  const connect = async () => {
    const created = await api.post('/api/v1/channels', { type: 'whatsapp', assistantId, name: 'Shop number', config: whatsappConfig(graph.url) });
    expect(created.status).toBe(201);
    return created.body as { id: string; config: Record<string, unknown>; secretsSet: string[] };
  };

  beforeAll(async () => {
    server = await startTestServer();
    graph = await startFakeGraph();
    ({ api } = await createTenant(server.url, server.platformKey, 'Shop'));
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'You sell bread.', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  it('edits the settings: omitted and empty secrets keep the stored ones, a given one replaces it, none is returned', async () => {
    const channel = await connect();
    const { accessToken: _a, appSecret: _s, verifyToken: _v, ...open } = whatsappConfig(graph.url);
    const edited = await api.patch(`/api/v1/channels/${channel.id}`, { name: 'Renamed', config: { ...open, appSecret: '', pauseAiOnEcho: false } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Renamed', config: { pauseAiOnEcho: false }, status: 'active' });
    expect(edited.body.secretsSet.sort()).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    expect((await handshake(channel.id, 'verify-me-please')).status).toBe(200);

    const replaced = await api.patch(`/api/v1/channels/${channel.id}`, { config: { ...open, verifyToken: 'a-new-verify-token' } });
    expect(replaced.status).toBe(200);
    expect(JSON.stringify(replaced.body)).not.toContain('a-new-verify-token');
    expect((await handshake(channel.id, 'verify-me-please')).status).toBe(403);
    expect((await handshake(channel.id, 'a-new-verify-token')).status).toBe(200);
  });

  it('names only the secrets really stored: none for a channel without one, then the one an edit added', async () => {
    const created = await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} });
    expect(created.body.secretsSet).toEqual([]);
    expect((await api.get(`/api/v1/channels/${created.body.id}`)).body.secretsSet).toEqual([]);
    expect((await api.get('/api/v1/channels')).body.find((c: any) => c.id === created.body.id).secretsSet).toEqual([]);
    const edited = await api.patch(`/api/v1/channels/${created.body.id}`, { config: { callbackSecret: 'a-long-random-callback-secret' } });
    expect(edited.body.secretsSet).toEqual(['callbackSecret']);
    expect((await api.get(`/api/v1/channels/${created.body.id}`)).body.secretsSet).toEqual(['callbackSecret']);
    expect(JSON.stringify(edited.body)).not.toContain('a-long-random-callback-secret');
  });

  it('refuses bad settings with the field at fault and changes nothing', async () => {
    const channel = await connect();
    const bad = await api.patch(`/api/v1/channels/${channel.id}`, { config: { ...channel.config, phoneNumberId: 'abc' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('config.phoneNumberId');
    expect((await api.get(`/api/v1/channels/${channel.id}`)).body.config.phoneNumberId).toBe('100000000000001');
    const badStatus = await api.patch(`/api/v1/channels/${channel.id}`, { status: 'deleted' });
    expect(badStatus.status).toBe(400);
    expect(JSON.stringify(badStatus.body)).toContain('status');
    const badAssistant = await api.patch(`/api/v1/channels/${channel.id}`, { assistantId: '00000000-0000-4000-8000-000000000000' });
    expect(badAssistant.status).toBe(400);
    expect(JSON.stringify(badAssistant.body)).toContain('assistantId');
  });

  it('disables and enables a connection: the webhook answers 404 while disabled', async () => {
    const channel = await connect();
    expect((await api.patch(`/api/v1/channels/${channel.id}`, { status: 'disabled' })).body.status).toBe('disabled');
    expect((await handshake(channel.id, 'verify-me-please')).status).toBe(404);
    expect((await api.get('/api/v1/channels')).body.map((c: any) => c.id)).toContain(channel.id);
    expect((await api.patch(`/api/v1/channels/${channel.id}`, { status: 'active' })).body.status).toBe('active');
    expect((await handshake(channel.id, 'verify-me-please')).status).toBe(200);
  });

  it('deletes a connection for good: gone from the list, 404 on read, edit and webhook', async () => {
    const channel = await connect();
    expect((await api.delete(`/api/v1/channels/${channel.id}`)).status).toBe(204);
    expect((await api.get('/api/v1/channels')).body.map((c: any) => c.id)).not.toContain(channel.id);
    expect((await api.get(`/api/v1/channels/${channel.id}`)).status).toBe(404);
    expect((await api.patch(`/api/v1/channels/${channel.id}`, { status: 'active' })).status).toBe(404);
    expect((await api.delete(`/api/v1/channels/${channel.id}`)).status).toBe(404);
    expect((await handshake(channel.id, 'verify-me-please')).status).toBe(404);
  });

  it("answers 404 for another tenant's connection on edit, delete and health, and lists none of them", async () => {
    const channel = await connect();
    expect((await other.patch(`/api/v1/channels/${channel.id}`, { name: 'Mine now' })).status).toBe(404);
    expect((await other.delete(`/api/v1/channels/${channel.id}`)).status).toBe(404);
    expect((await other.get(`/api/v1/channels/${channel.id}/health`)).status).toBe(404);
    expect((await other.get('/api/v1/channels')).body).toEqual([]);
    expect((await api.get(`/api/v1/channels/${channel.id}`)).body.name).toBe('Shop number');
  });

  it('reports health: nothing before the first webhook, then its time, the last error, and the Graph quality and limit', async () => {
    const channel = await connect();
    const before = await api.get(`/api/v1/channels/${channel.id}/health`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      lastWebhookAt: null, lastError: null, qualityRating: 'GREEN', messagingLimitTier: 'TIER_1K',
      displayPhoneNumber: expect.stringMatching(/^\+\d+$/), verifiedName: 'Confab Test Business', providerError: null,
    });
    const sentAt = Date.now();
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channel.id}`);
    const failed = graph.statusNotification({
      wamid: 'wamid.unknown-to-us', status: 'failed', recipientId: '4915123456789',
      errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } }],
    });
    expect((await graph.deliverWebhook(failed)).status).toBe(200);
    const after = (await api.get(`/api/v1/channels/${channel.id}/health`)).body;
    expect(Date.parse(after.lastWebhookAt)).toBeGreaterThanOrEqual(sentAt - 1000);
    expect(after.lastError).toMatchObject({ code: '131026', title: 'Message undeliverable' });
  });

  it('keeps a send that Meta refused as the last error', async () => {
    const channel = await connect();
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channel.id}`);
    server.openai.respondWith(() => text('Fresh bread at seven.'));
    graph.failNext({ code: 131026 });
    expect((await graph.deliverWebhook(graph.inboundText({ from: '4915100000031', text: 'When do you open?' }))).status).toBe(200);
    const health = await eventually(async () => {
      const h = (await api.get(`/api/v1/channels/${channel.id}/health`)).body;
      expect(h.lastError?.code).toBe('131026');
      return h;
    }, { timeoutMs: 15_000 });
    expect(health.lastError.title).toEqual(expect.any(String));
    expect(Date.parse(health.lastError.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reports a Graph refusal in words and still shows what the webhook stored', async () => {
    const channel = await connect();
    const { accessToken: _a, ...rest } = whatsappConfig(graph.url);
    expect((await api.patch(`/api/v1/channels/${channel.id}`, { config: { ...rest, accessToken: 'a-token-graph-does-not-know' } })).status).toBe(200);
    const health = (await api.get(`/api/v1/channels/${channel.id}/health`)).body;
    expect(health).toMatchObject({ qualityRating: null, messagingLimitTier: null, lastWebhookAt: null });
    expect(health.providerError).toEqual(expect.any(String));
    expect(health.providerError.length).toBeGreaterThan(5);
  });
});
