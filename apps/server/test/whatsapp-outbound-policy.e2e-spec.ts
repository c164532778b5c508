import type { IncomingMessage, ServerResponse } from 'node:http';
import { eventually, startFakeGraph, text, type FakeGraph, startStubServer, type StubServer } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';


const SECRET = 'INTERNAL-SECRET-CREDENTIALS';
const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/**
 * A tenant chooses graphApiBaseUrl, and the media URL is whatever answers there: neither may reach an internal
 * address. The test server allows 127.0.0.1 (OUTBOUND_ALLOWED_HOSTS), so 127.0.0.2 plays the internal service.
 */
describe('WhatsApp Graph requests stay off internal addresses (SSRF)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let assistantId: string;
  let internal: StubServer;
  const stubs: StubServer[] = [];

  const connect = async (graphApiBaseUrl: string) => (await connectWhatsApp(api, assistantId, graphApiBaseUrl)).id;

  beforeAll(async () => {
    server = await startTestServer();
    graph = await startFakeGraph();
    ({ api } = await createTenant(server.url, server.platformKey, 'Curious tenant'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'A', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    internal = await startStubServer('127.0.0.2', (_req, res) => json(res, { data: [{ name: SECRET, language: 'en_US', status: 'APPROVED' }], url: 'http://127.0.0.2/', secret: SECRET }));
  });
  afterEach(() => void (internal.hits.length = 0));
  afterAll(async () => {
    await Promise.all(stubs.map((s) => s.close()));
    await internal?.close();
    await graph?.close();
    await server?.close();
  });

  it('refuses a connection whose Graph base URL is an internal address: nothing is requested, nothing read back', async () => {
    const id = await connect(internal.url);
    const sync = await api.post(`/api/v1/channels/${id}/templates/sync`);
    expect(sync.status).toBe(409);
    expect(sync.body.details.providerCode).toBe('forbidden_address');
    const media = await api.raw('GET', `/api/v1/channels/${id}/media/123456`);
    expect(media.status).toBe(409);
    expect((await api.get(`/api/v1/channels/${id}/templates`)).body.templates).toEqual([]);
    for (const answer of [sync, media]) expect(JSON.stringify(answer.body)).not.toContain(SECRET);

    const metadata = await connect('http://169.254.169.254');
    const refused = await api.post(`/api/v1/channels/${metadata}/templates/sync`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ details: { providerCode: 'forbidden_address', details: expect.stringContaining('metadata') } });
    expect(internal.hits).toEqual([]);
  });

  it('fails the AI reply of such a connection permanently, with the reason, and sends nothing', async () => {
    const id = await connect(internal.url);
    server.openai.respondWith(() => text('Hello!'));
    await graph.deliverWebhook(graph.inboundText({ from: '4917100000001', text: 'hi' }), { url: `${server.url}/webhooks/whatsapp/${id}` });
    const reply = await eventually(async () => {
      const list = await api.get(`/api/v1/conversations?channel=whatsapp&customer=4917100000001`);
      const detail = (await api.get(`/api/v1/conversations/${list.body.items[0]?.id}`)).body;
      const message = detail.messages?.find((m: any) => m.author === 'assistant');
      expect(message?.deliveryStatus).toBe('failed');
      return message;
    });
    expect(reply.error).toMatchObject({ code: 'forbidden_address', retryable: false, details: expect.stringContaining('127.0.0.2') });
    expect(internal.hits).toEqual([]);
  });

  it('does not proxy an internal media URL handed out by an allowed Graph server, directly or through a redirect', async () => {
    const redirector = await startStubServer('127.0.0.1', (_req, res) => res.writeHead(302, { location: `${internal.url}/latest/meta-data/iam` }).end());
    const rogue = await startStubServer('127.0.0.1', (req, res) => {
      const url = req.url?.startsWith('/v25.0/222') ? `${redirector.url}/media` : `${internal.url}/latest/meta-data/iam`;
      json(res, { messaging_product: 'whatsapp', url, mime_type: 'text/plain', id: '111' });
    });
    stubs.push(redirector, rogue);
    const id = await connect(rogue.url);
    for (const mediaId of ['111', '222']) {
      const res = await api.raw('GET', `/api/v1/channels/${id}/media/${mediaId}`);
      expect({ mediaId, status: res.status, code: res.body.code }).toEqual({ mediaId, status: 409, code: 'MEDIA_UNAVAILABLE' });
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
    }
    expect(rogue.hits).toHaveLength(2);
    expect(redirector.hits).toHaveLength(1);
    expect(internal.hits).toEqual([]);
  });
});
