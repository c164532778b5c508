import { eventually, text } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const SHOP = 'https://shop.example';

/**
 * Abuse limits of the public widget API, counted in Redis so two API processes share them: new sessions per
 * address and per widget, messages per visitor, per address and per widget; refusals are 429 with Retry-After the
 * page can read, and a refused message is listed in the unanswered queue as rate_limited.
 */
describe('Web widget: rate limits across two API processes', () => {
  let server: TestServer;
  let second: TestServer;
  let api: ApiClient;
  let assistantId: string;

  beforeAll(async () => {
    server = await startTestServer({ trustProxy: 'loopback', metricsToken: 'metrics-token-for-widget-tests', rateLimits: { authFailuresPerMinute: 3 } });
    // Same database, Redis prefix and secrets key: the second process accepts the first one's session tokens.
    second = await startTestServer({ role: 'api', trustProxy: 'loopback', databaseUrl: server.config.databaseUrl, queuePrefix: server.config.queuePrefix, secretsKey: server.config.secretsKey });
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
    server.openai.respondWith(() => text('ok'));
  });
  afterAll(async () => {
    await second?.close();
    await server?.close();
  });

  const widget = async (limits: Record<string, number>) =>
    (await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config: { allowedOrigins: [SHOP], limits } })).body as { id: string; publicKey: string };
  /** A browser at `address` on the shop's page, talking to one of the two processes. */
  const from = (target: TestServer, address: string) => (method: string, path: string, body?: unknown, token?: string) =>
    apiClient(target.url).raw(method, path, body, { origin: SHOP, 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) });
  const both = [() => server, () => second];

  it('limits new sessions per address across both processes; another address is unaffected', async () => {
    const { publicKey } = await widget({ sessionsPerMinutePerIp: 4 });
    for (let i = 0; i < 4; i++) expect((await from(both[i % 2](), '203.0.113.7')('POST', `/api/v1/widget/${publicKey}/sessions`, {})).status).toBe(201);
    for (const target of [server, second]) {
      const refused = await from(target, '203.0.113.7')('POST', `/api/v1/widget/${publicKey}/sessions`, {});
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({ message: expect.stringMatching(/new widget sessions from one address allows 4 per 60 s/), retryAfterSeconds: expect.any(Number) });
      // The page can read the refusal and its Retry-After.
      expect(refused.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(refused.headers.get('access-control-expose-headers')).toContain('Retry-After');
    }
    expect((await from(second, '198.51.100.9')('POST', `/api/v1/widget/${publicKey}/sessions`, {})).status).toBe(201);
  });

  it('limits sessions of one returning visitor, whatever the address', async () => {
    const { publicKey } = await widget({ sessionsPerMinutePerVisitor: 2 });
    const { visitorId } = (await from(server, '192.0.2.50')('POST', `/api/v1/widget/${publicKey}/sessions`, {})).body;
    for (let i = 0; i < 2; i++) expect((await from(both[i % 2](), `192.0.2.${51 + i}`)('POST', `/api/v1/widget/${publicKey}/sessions`, { visitorId })).status).toBe(201);
    const refused = await from(second, '192.0.2.60')('POST', `/api/v1/widget/${publicKey}/sessions`, { visitorId });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/new sessions of one visitor/);
  });

  it('limits sessions per widget, whatever the address', async () => {
    const { publicKey } = await widget({ sessionsPerMinutePerConnection: 3 });
    for (let i = 0; i < 3; i++) expect((await from(both[i % 2](), `192.0.2.${i + 1}`)('POST', `/api/v1/widget/${publicKey}/sessions`, {})).status).toBe(201);
    expect((await from(second, '192.0.2.99')('POST', `/api/v1/widget/${publicKey}/sessions`, {})).status).toBe(429);
  });

  it('limits messages per visitor across both processes and lists the refusal once in the unanswered queue', async () => {
    const { publicKey } = await widget({ messagesPerMinutePerVisitor: 3 });
    const { token } = (await from(server, '203.0.113.20')('POST', `/api/v1/widget/${publicKey}/sessions`, {})).body;
    let conversationId = '';
    for (let i = 0; i < 3; i++) {
      const sent = await from(both[i % 2](), '203.0.113.20')('POST', '/api/v1/widget/messages', { text: `message ${i}`, clientMessageId: `visitor-limit-${i}` }, token);
      expect(sent.status).toBe(202);
      conversationId = sent.body.id ? sent.body.conversationId : conversationId;
    }
    for (const target of [second, server]) {
      const refused = await from(target, '203.0.113.20')('POST', '/api/v1/widget/messages', { text: 'one more', clientMessageId: `visitor-limit-x-${target.url.slice(-5)}` }, token);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.body.message).toMatch(/messages from one visitor allows 3 per 60 s/);
      expect(refused.headers.get('access-control-allow-origin')).toBe(SHOP);
    }
    // Another visitor of the same widget still writes.
    const other = (await from(second, '203.0.113.21')('POST', `/api/v1/widget/${publicKey}/sessions`, {})).body.token;
    expect((await from(second, '203.0.113.21')('POST', '/api/v1/widget/messages', { text: 'hello', clientMessageId: 'other-visitor-1' }, other)).status).toBe(202);

    // The refusal is visible to the operators, once per visitor and minute, without the refused text.
    await eventually(async () => {
      const items = (await api.get('/api/v1/unanswered?reason=rate_limited')).body.items.filter((i: any) => i.conversationId === conversationId);
      expect(items).toHaveLength(1);
    });
    const detail = (await api.get(`/api/v1/conversations/${conversationId}`)).body;
    expect(detail.messages.filter((m: any) => m.author === 'customer').map((m: any) => m.text)).toEqual(['message 0', 'message 1', 'message 2', null]);
    expect(JSON.stringify(detail)).not.toContain('one more');
    // The visitor's own history does not show the refused attempt.
    expect((await from(server, '203.0.113.20')('GET', '/api/v1/widget/messages', undefined, token)).body.messages.filter((m: any) => m.author === 'customer')).toHaveLength(3);
  });

  it('limits messages per address and per widget', async () => {
    const perIp = await widget({ messagesPerMinutePerIp: 2 });
    const a = (await from(server, '203.0.113.30')('POST', `/api/v1/widget/${perIp.publicKey}/sessions`, {})).body.token;
    const b = (await from(server, '203.0.113.30')('POST', `/api/v1/widget/${perIp.publicKey}/sessions`, {})).body.token;
    expect((await from(server, '203.0.113.30')('POST', '/api/v1/widget/messages', { text: 'a', clientMessageId: 'per-ip-a-1' }, a)).status).toBe(202);
    expect((await from(second, '203.0.113.30')('POST', '/api/v1/widget/messages', { text: 'b', clientMessageId: 'per-ip-b-1' }, b)).status).toBe(202);
    const refused = await from(second, '203.0.113.30')('POST', '/api/v1/widget/messages', { text: 'b', clientMessageId: 'per-ip-b-2' }, b);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/messages from one address/);

    const perWidget = await widget({ messagesPerMinutePerConnection: 2 });
    const tokens = await Promise.all([1, 2, 3].map(async (i) => (await from(server, `203.0.113.4${i}`)('POST', `/api/v1/widget/${perWidget.publicKey}/sessions`, {})).body.token));
    const statuses = [];
    for (const [i, t] of tokens.entries()) statuses.push((await from(both[i % 2](), `203.0.113.4${i + 1}`)('POST', '/api/v1/widget/messages', { text: 'x', clientMessageId: `per-widget-${i}` }, t)).status);
    expect(statuses).toEqual([202, 202, 429]);
  });

  it('does not count expired or bad widget tokens as failed API authentication', async () => {
    for (let i = 0; i < 5; i++) expect((await from(server, '203.0.113.90')('GET', '/api/v1/widget/messages', undefined, 'wst_expired.token')).status).toBe(401);
    const withKey = await apiClient(server.url).raw('GET', '/api/v1/assistants', undefined, { 'x-forwarded-for': '203.0.113.90', authorization: `Bearer ${(await createTenant(server.url, server.platformKey, 'Key user')).apiKey}` });
    expect(withKey.status).toBe(200);
  });

  it('counts refusals in the Prometheus metrics by policy', async () => {
    const metrics = await apiClient(server.url, 'metrics-token-for-widget-tests').get('/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toMatch(/confab_rate_limited_total\{policy="widget_message_visitor"\} [1-9]/);
    expect(String(metrics.body)).toMatch(/confab_rate_limited_total\{policy="widget_session_ip"\} [1-9]/);
  });
});
