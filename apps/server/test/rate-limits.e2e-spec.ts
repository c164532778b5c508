import { createHmac } from 'node:crypto';
import { startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { connectWhatsApp } from './support/whatsapp-helpers';
import { startTestServer, type TestServer } from './support/test-server';
import { startTcpProxy } from './support/tcp-proxy';

/** Small limits, so a burst shows them; TRUST_PROXY=loopback lets the tests speak from several addresses. */
const LIMITS = {
  apiKeyPerMinute: 30,
  apiKeyBurstPer10s: 5,
  tenantPerMinute: 100,
  tenantBurstPer10s: 8,
  customerPerMinute: 3,
  connectionPerMinute: 5,
  authFailuresPerMinute: 5,
  webhookFailuresPerMinute: 3,
  sessionPerMinute: 40,
  sessionBurstPer10s: 12,
};

const from = (address: string) => ({ 'x-forwarded-for': address });
const METRICS_TOKEN = 'metrics-token-for-prometheus';

describe('rate limits: per key and tenant, failed authentication, channel ingress, webhook signatures', () => {
  let server: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ rateLimits: LIMITS, trustProxy: 'loopback', metricsToken: METRICS_TOKEN });
    // A second API process on the same database and Redis prefix: limits are counted in Redis, not per process.
    second = await startTestServer({ rateLimits: LIMITS, role: 'api', databaseUrl: server.config.databaseUrl, queuePrefix: server.config.queuePrefix });
  });
  afterAll(async () => {
    await second?.close();
    await server?.close();
  });

  const platform = () => apiClient(server.url, server.platformKey);
  const burst = (api: ApiClient, n: number) => Promise.all(Array.from({ length: n }, () => api.get('/api/v1/assistants')));

  it("gives a signed-in operator a session allowance of their own, apart from the API key's and the tenant's", async () => {
    const a = await createTenant(server.url, server.platformKey, 'Dashboard');
    const login = { email: 'ops@example.com', password: 'a-long-enough-password-1' };
    expect((await a.api.post('/api/v1/operators', { ...login, name: 'Ops', role: 'agent' })).status).toBe(201);
    const signIn = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const page = () => fetch(`${server.url}/api/v1/assistants`, { headers: { cookie } });
    // A page load's worth of requests at once: more than an API key's burst (5) and the tenant's (8).
    const statuses = (await Promise.all(Array.from({ length: 12 }, page))).map((r) => r.status);
    expect(statuses).toEqual(Array(12).fill(200));
    const over = await page();
    expect(over.status).toBe(429);
    expect(((await over.json()) as { message: string }).message).toMatch(/this sign-in session allows 12 per 10 s/);
    // The tenant's API allowance was not spent by the dashboard.
    expect((await a.api.get('/api/v1/assistants')).status).toBe(200);
  });

  it('answers a burst over the per-key limit with 429, Retry-After and RateLimit headers; another tenant is unaffected', async () => {
    const a = await createTenant(server.url, server.platformKey, 'A');
    const b = await createTenant(server.url, server.platformKey, 'B');
    const first = await a.api.get('/api/v1/assistants');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('5');
    expect(first.headers.get('ratelimit-remaining')).toBe('4');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(10);
    expect(first.headers.get('ratelimit-policy')).toBe('30;w=60, 5;w=10, 100;w=60, 8;w=10');

    const rest = await burst(a.api, 10);
    expect(rest.filter((r) => r.status === 200)).toHaveLength(4);
    const refused = rest.filter((r) => r.status === 429);
    expect(refused).toHaveLength(6);
    const retryAfter = Number(refused[0].headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(refused[0].headers.get('ratelimit-remaining')).toBe('0');
    expect(refused[0].body).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/this API key allows 5 per 10 s; retry in \d+ s/),
      details: { retryAfterSeconds: retryAfter, limit: 5, policy: 'api_key_burst' },
      retryAfterSeconds: retryAfter,
    });

    expect((await b.api.get('/api/v1/assistants')).status).toBe(200);
  });

  it("limits a tenant's keys together", async () => {
    const t = await createTenant(server.url, server.platformKey, 'Two keys');
    const issued = await t.api.post('/api/v1/api-keys', { name: 'second', scopes: ['read'] });
    expect(issued.status).toBe(201);
    const other = apiClient(server.url, issued.body.apiKey);
    expect((await burst(t.api, 4)).every((r) => r.status === 200)).toBe(true);
    const rest = await burst(other, 4);
    expect(rest.filter((r) => r.status === 200)).toHaveLength(3);
    const refused = rest.find((r) => r.status === 429)!;
    expect(refused.body.details).toMatchObject({ policy: 'tenant_burst', limit: 8 });
    expect(refused.body.message).toMatch(/this tenant's API usage allows 8 per 10 s/);
  });

  it('holds across two API processes sharing Redis', async () => {
    const t = await createTenant(server.url, server.platformKey, 'Shared');
    const onSecond = apiClient(second.url, t.apiKey);
    expect((await burst(t.api, 3)).every((r) => r.status === 200)).toBe(true);
    const there = await burst(onSecond, 3);
    expect(there.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    expect((await t.api.get('/api/v1/assistants')).status).toBe(429);
  });

  it('applies a tenant override set by the platform admin, and returns to the defaults on null', async () => {
    const t = await createTenant(server.url, server.platformKey, 'Override');
    expect((await burst(t.api, 6)).filter((r) => r.status === 429)).toHaveLength(1);

    const raised = await platform().patch(`/api/v1/tenants/${t.id}`, { rateLimits: { apiKeyBurstPer10s: 10, tenantBurstPer10s: 50 } });
    expect(raised.status).toBe(200);
    expect(raised.body.rateLimits).toEqual({ apiKeyBurstPer10s: 10, tenantBurstPer10s: 50 });
    expect((await platform().patch(`/api/v1/tenants/${t.id}`, { rateLimits: { tenantPerMinute: 90 } })).body.rateLimits).toEqual({ apiKeyBurstPer10s: 10, tenantBurstPer10s: 50, tenantPerMinute: 90 });
    // Six were counted in this window (the refused one too): four more fit under the new ceiling.
    const more = await burst(t.api, 5);
    expect(more.filter((r) => r.status === 200)).toHaveLength(4);
    expect(more.find((r) => r.status === 429)!.headers.get('ratelimit-limit')).toBe('10');

    const reset = await platform().patch(`/api/v1/tenants/${t.id}`, { rateLimits: null });
    expect(reset.body.rateLimits).toBeNull();
    expect((await platform().get(`/api/v1/tenants/${t.id}`)).body).toMatchObject({ id: t.id, name: 'Override', rateLimits: null });
    const back = await t.api.get('/api/v1/assistants');
    expect(back.status).toBe(429);
    expect(back.headers.get('ratelimit-policy')).toBe('30;w=60, 5;w=10, 100;w=60, 8;w=10');
  });

  it('refuses a malformed override, naming the field', async () => {
    const t = await createTenant(server.url, server.platformKey, 'Bad override');
    const res = await platform().patch(`/api/v1/tenants/${t.id}`, { rateLimits: { apiKeyPerMinute: -1, requestsPerHour: 5 } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/rateLimits\.apiKeyPerMinute/);
    expect(res.body.message).toMatch(/requestsPerHour/);
    expect((await t.api.patch(`/api/v1/tenants/${t.id}`, { rateLimits: null })).status).toBe(401);
  });

  it('answers 429 to an address after repeated wrong keys, right or wrong, and leaves other addresses alone', async () => {
    const t = await createTenant(server.url, server.platformKey, 'Guessed');
    const guess = (address: string) => apiClient(server.url, 'cfb_wrongwrongwrongwrongwrongwrong').raw('GET', '/api/v1/assistants', undefined, from(address));
    for (let i = 0; i < 5; i++) expect((await guess('203.0.113.7')).status).toBe(401);
    const blocked = await guess('203.0.113.7');
    expect(blocked.status).toBe(429);
    expect(blocked.body.details).toMatchObject({ policy: 'auth_failures', limit: 5 });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.api.raw('GET', '/api/v1/assistants', undefined, from('203.0.113.7'))).status).toBe(429);
    // Requests without credentials are neither counted nor refused by this limit.
    expect((await apiClient(server.url).raw('GET', '/api/v1/assistants', undefined, from('203.0.113.7'))).status).toBe(401);
    expect((await t.api.raw('GET', '/api/v1/assistants', undefined, from('198.51.100.20'))).status).toBe(200);
    // One IPv6 subscriber (a /64) is one address.
    for (let i = 0; i < 5; i++) expect((await guess(`2001:db8:1:2::${i + 1}`)).status).toBe(401);
    expect((await guess('2001:db8:1:2:ffff::9')).status).toBe(429);
    expect((await guess('2001:db8:1:3::1')).status).toBe(401);
  });

  describe('channel ingress', () => {
    let api: ApiClient;
    let assistantId: string;

    beforeAll(async () => {
      const t = await createTenant(server.url, server.platformKey, 'Ingress');
      api = t.api;
      // Per-key limits off for this tenant, so only the ingress limits (installation defaults) show.
      await platform().patch(`/api/v1/tenants/${t.id}`, { rateLimits: { apiKeyPerMinute: 0, apiKeyBurstPer10s: 0, tenantBurstPer10s: 0 } });
      assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
      server.openai.respondWith(() => text('ok'));
    });

    it('limits one API-channel customer, then the connection, without blocking other customers first', async () => {
      const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id as string;
      const send = (customerId: string) => api.post(`/api/v1/channels/${channel}/messages`, { customerId, text: 'hello', mode: 'async' });
      for (let i = 0; i < 3; i++) expect((await send('flooder')).status).toBe(202);
      const refused = await send('flooder');
      expect(refused.status).toBe(429);
      expect(refused.body.details).toMatchObject({ policy: 'ingress_customer', limit: 3 });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.headers.get('ratelimit-limit')).toBe('3');
      // The refused message was not stored.
      const listed = await api.get('/api/v1/conversations?channel=api&customer=flooder');
      expect((await api.get(`/api/v1/conversations/${listed.body.items[0].id}`)).body.messages.filter((m: any) => m.author === 'customer')).toHaveLength(3);

      expect((await send('quiet')).status).toBe(202);
      // Five messages reached the connection in this minute (the refused one counts): the sixth is refused for all.
      const full = await send('another');
      expect(full.status).toBe(429);
      expect(full.body.details).toMatchObject({ policy: 'ingress_connection', limit: 5 });
    });

    it('limits one test chat without blocking another', async () => {
      const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id as string;
      const other = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id as string;
      const say = (id: string) => api.post(`/api/v1/conversations/${id}/messages`, { text: 'hi' });
      for (let i = 0; i < 3; i++) expect((await say(chat)).status).toBe(202);
      const refused = await say(chat);
      expect(refused.status).toBe(429);
      expect(refused.body.details).toMatchObject({ policy: 'ingress_customer', limit: 3 });
      expect((await say(other)).status).toBe(202);
    });
  });

  describe('provider webhook signature failures', () => {
    let graph: FakeGraph;
    let webhook: string;

    beforeAll(async () => {
      graph = await startFakeGraph();
      const t = await createTenant(server.url, server.platformKey, 'WhatsApp');
      const assistantId = (await t.api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
      webhook = `/webhooks/whatsapp/${(await connectWhatsApp(t.api, assistantId, graph.url)).id}`;
    });
    afterAll(async () => graph?.close());

    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const deliver = (address: string, signature = `sha256=${createHmac('sha256', 'test-app-secret').update(body).digest('hex')}`) =>
      apiClient(server.url).raw('POST', webhook, body, { ...from(address), 'content-type': 'application/json', 'x-hub-signature-256': signature });

    it("never counts valid deliveries, refuses an address after failed signatures, and keeps Meta's other addresses working", async () => {
      for (let i = 0; i < 6; i++) expect((await deliver('157.240.0.1')).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await deliver('192.0.2.66', 'sha256=00')).status).toBe(401);
      const refused = await deliver('192.0.2.66');
      expect(refused.status).toBe(429);
      expect(refused.body.details).toMatchObject({ policy: 'webhook_signature_failures', limit: 3 });
      expect((await deliver('157.240.0.1')).status).toBe(200);
      expect((await apiClient(server.url).raw('GET', `${webhook}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`, undefined, from('192.0.2.66'))).status).toBe(429);
    });
  });

  it('counts refusals in GET /metrics, served only with the platform admin key or METRICS_TOKEN', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token' } })).status).toBe(401);
    const local = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(local.status).toBe(200);
    expect(local.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await local.text();
    expect(text).toMatch(/confab_rate_limited_total\{policy="api_key_burst"\} [1-9]/);
    expect(text).toMatch(/confab_rate_limited_total\{policy="auth_failures"\} [1-9]/);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect((await fetch(`${server.url}/metrics`, { headers: from('198.51.100.30') })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { ...from('198.51.100.30'), authorization: `Bearer ${server.platformKey}` } })).status).toBe(200);
  });

  it('keeps serving, and limiting per process, when Redis does not answer', async () => {
    const proxy = await startTcpProxy(server.config.redisUrl);
    const cutOff = await startTestServer({ rateLimits: LIMITS, role: 'api', redisUrl: proxy.url });
    try {
      const t = await createTenant(cutOff.url, cutOff.platformKey, 'No Redis');
      expect((await t.api.get('/api/v1/assistants')).status).toBe(200);
      await proxy.cut();
      const began = Date.now();
      // Memory starts its own count: the burst limit of 5 holds again within this process.
      const during = await burst(t.api, 6);
      expect(during.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
      expect(Date.now() - began).toBeLessThan(3000);
      const wrong = await apiClient(cutOff.url, 'cfb_wrongwrongwrongwrongwrongwrong').get('/api/v1/assistants');
      expect(wrong.status).toBe(401);
      await proxy.restore();
    } finally {
      await cutOff.close();
      await proxy.close();
    }
  });
});
