import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAllowedHosts } from '@confab/net';
import { startFakeGraph, type FakeGraph, startStubServer, type StubServer } from '@confab/testing';
import { GraphClient } from './graph-client';
import { WhatsAppChannel } from './whatsapp-channel';
import { classifyGraphResponse } from './wire/graph-errors';
import type { WhatsAppConnectionConfig } from './whatsapp.config';


const ALLOW_LOOPBACK_ONE = parseAllowedHosts('127.0.0.1');
const config = (graphApiBaseUrl: string): WhatsAppConnectionConfig => ({
  phoneNumberId: '100000000000001', businessAccountId: '200000000000002', accessToken: 'test-access-token',
  appSecret: 'test-app-secret', verifyToken: 'verify-token-1', graphApiBaseUrl, graphApiVersion: 'v25.0',
});
const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

let graph: FakeGraph;
let internal: StubServer;
const stubs: StubServer[] = [];

beforeAll(async () => {
  graph = await startFakeGraph({ autoStatuses: false });
  // Stands for an internal service or a metadata endpoint: 127.0.0.2 is loopback but not the allowed 127.0.0.1.
  internal = await startStubServer('127.0.0.2', (_req, res) => json(res, 200, { data: [{ name: 'INTERNAL-SECRET' }], url: 'http://127.0.0.2/x', id: 'secret' }));
});
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
  internal.hits.length = 0;
  graph.reset();
});
afterAll(async () => {
  await graph.close();
  await internal.close();
});

describe('GraphClient address policy (SSRF)', () => {
  it('refuses a graphApiBaseUrl on a loopback address that is not allowed, before connecting', async () => {
    const client = new GraphClient(config(internal.url), ALLOW_LOOPBACK_ONE);
    const sent = await client.sendMessage({ to: '+4915123456789', type: 'text', text: { body: 'hi' } });
    const templates = await client.listTemplates();
    const media = await client.mediaInfo('123');
    for (const res of [sent, templates, media]) {
      expect(res).toMatchObject({ body: null, refused: expect.stringContaining('127.0.0.2') });
      expect(res.status).toBeUndefined();
    }
    expect(internal.hits).toEqual([]);
    expect(classifyGraphResponse(sent)).toMatchObject({ retryable: false, code: 'forbidden_address' });
  });

  it('refuses the cloud metadata address and a host name that resolves to loopback', async () => {
    const metadata = await new GraphClient(config('http://169.254.169.254'), ALLOW_LOOPBACK_ONE).listTemplates();
    expect(metadata.refused).toMatch(/169\.254\.169\.254.*metadata/);
    const port = new URL(graph.url).port;
    const named = await new GraphClient(config(`http://localhost:${port}`), ALLOW_LOOPBACK_ONE).listTemplates();
    expect(named.refused).toMatch(/localhost resolves to/);
    expect(graph.requests).toEqual([]);
  });

  it('reaches an allowed host as before: the fake Graph on 127.0.0.1', async () => {
    const client = new GraphClient(config(graph.url), ALLOW_LOOPBACK_ONE);
    const res = await client.listTemplates();
    expect(res.status).toBe(200);
    expect(res.body.data?.map((t: any) => t.name)).toContain('order_update');
  });

  it('refuses a media URL the Graph server points at an internal address, directly or by redirect', async () => {
    const redirector = await startStubServer('127.0.0.1', (_req, res) => res.writeHead(302, { location: `${internal.url}/latest/meta-data/` }).end());
    stubs.push(redirector);
    const fakeGraph = await startStubServer('127.0.0.1', (req, res) => {
      const url = req.url?.includes('/viaredirect') ? `${redirector.url}/go` : `${internal.url}/latest/meta-data/`;
      json(res, 200, { messaging_product: 'whatsapp', url, mime_type: 'image/jpeg', id: '1' });
    });
    stubs.push(fakeGraph);
    const client = new GraphClient(config(fakeGraph.url), ALLOW_LOOPBACK_ONE);
    for (const mediaId of ['direct', 'viaredirect']) {
      const info = await client.mediaInfo(mediaId);
      expect(info.status).toBe(200);
      const file = await client.download(info.body.url!);
      expect(file).toMatchObject({ bytes: null, refused: expect.stringContaining('127.0.0.2') });
    }
    expect(redirector.hits).toHaveLength(1);
    expect(internal.hits).toEqual([]);
  });

  it('downloads media from an allowed host with the bearer token, bytes intact', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x80, 0xfe]);
    graph.addMedia('555', bytes, 'image/jpeg');
    const client = new GraphClient(config(graph.url), ALLOW_LOOPBACK_ONE);
    const info = await client.mediaInfo('555');
    const file = await client.download(info.body.url!);
    expect(file).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    expect(file.bytes!.equals(bytes)).toBe(true);
  });

  it('allows no internal address at all by default: a channel built without options refuses the loopback fake', async () => {
    graph.inboundText({ from: '4915123456789', text: 'hi' });
    const connection = { id: 'c1', tenantId: 't1', type: 'whatsapp', assistantId: 'a1', name: 'wa', config: config(graph.url), state: {} };
    const result = await new WhatsAppChannel().send(connection, { messageId: 'm1', conversationId: 'c', to: [{ kind: 'wa_id', value: '4915123456789' }], text: 'hello' });
    expect(result).toMatchObject({ ok: false, retryable: false, providerCode: 'forbidden_address' });
    expect(graph.requests).toEqual([]);
  });
});
