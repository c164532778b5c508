import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Values that used to be accepted and then failed later (at send time, at test time, on every tool call) are
 * refused when they are saved, with the field and the reason. The send-time address check stays behind them.
 */
describe('refused when saved, not when used', () => {
  let server: TestServer;
  let api: ApiClient;
  let other: ApiClient;
  let assistantId: string;

  beforeAll(async () => {
    // OUTBOUND_ALLOWED_HOSTS is 127.0.0.1 in tests; HTTP tools may call 127.0.0.1:9 only.
    server = await startTestServer({ httpToolsAllowedHosts: '127.0.0.1:9' });
    ({ api } = await createTenant(server.url, server.platformKey, 'Saver'));
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(() => server?.close());

  /** A 400 naming `field` whose message matches `reason`; the field may sit in details.field or details.fields. */
  const expectRefused = (res: { status: number; body: any }, field: string, reason: RegExp) => {
    expect(res.status).toBe(400);
    const fields = res.body.details.fields?.map((f: { field: string }) => f.field) ?? [res.body.details.field];
    expect({ fields, message: res.body.message }).toEqual({ fields: [field], message: expect.stringMatching(reason) });
  };

  const tool = (url: string) => ({ name: 'lookup', description: 'Looks an order up.', method: 'GET', url, parameters: [{ name: 'q', type: 'string' }] });

  describe('outbound URLs (one rule for webhooks, HTTP tools, callbacks and knowledge pages)', () => {
    it('refuses a webhook URL that is not an absolute http(s) URL', async () => {
      for (const url of ['crm', 'crm.example.com/hook', 'ftp://crm.example.com/hook']) {
        expectRefused(await api.post('/api/v1/webhooks', { url, events: ['handoff.requested'] }), 'url', /url (is not an absolute URL|must be an http or https URL)/);
      }
      expect((await api.get('/api/v1/webhooks')).body).toEqual([]);
    });

    it('refuses an IPv6 zone id in an HTTP tool URL when saved (it failed with a 500 at test time)', async () => {
      expectRefused(await api.post('/api/v1/http-tools', tool('http://[fe80::1%25eth0]/orders')), 'url', /IPv6 zone id/);
      expect((await api.get('/api/v1/http-tools')).body).toEqual([]);
    });

    it('refuses private, loopback and link-local addresses that could never be reached, with the reason and the setting', async () => {
      expectRefused(await api.post('/api/v1/http-tools', tool('http://10.0.0.1/orders')), 'url', /private address \(10\.0\.0\.0\/8\).*HTTP_TOOLS_ALLOWED_HOSTS/);
      expectRefused(await api.post('/api/v1/http-tools', tool('http://127.0.0.1:8080/orders')), 'url', /loopback address/);
      expectRefused(await api.post('/api/v1/webhooks', { url: 'http://169.254.169.254/latest', events: ['handoff.requested'] }), 'url', /link-local.*OUTBOUND_ALLOWED_HOSTS/);
      expectRefused(await api.post('/api/v1/channels', { type: 'api', assistantId, config: { callbackUrl: 'http://[::ffff:192.168.1.1]/cb' } }), 'config.callbackUrl', /private address/);
      const kb = (await api.post('/api/v1/knowledge-bases', { name: 'Help' })).body.id;
      expectRefused(await api.post(`/api/v1/knowledge-bases/${kb}/documents`, { url: 'http://192.168.0.10/help' }), 'url', /private address/);
      expect((await api.get(`/api/v1/knowledge-bases/${kb}/documents`)).body).toEqual([]);
      expect((await api.get('/api/v1/channels')).body.filter((c: any) => c.type === 'api')).toEqual([]);
    });

    it('accepts what the allow-lists name, and host names (checked when called)', async () => {
      expect((await api.post('/api/v1/http-tools', tool('http://127.0.0.1:9/orders'))).status).toBe(201);
      expect((await api.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['handoff.requested'] })).status).toBe(201);
      expect((await api.post('/api/v1/channels', { type: 'api', assistantId, config: { callbackUrl: 'http://127.0.0.1:9/cb' } })).status).toBe(201);
      expect((await api.post('/api/v1/webhooks', { url: 'https://crm.example.com/hook', events: ['handoff.requested'] })).status).toBe(201);
    });
  });

  it("refuses another tenant's calendar in a tool's settings, naming the field", async () => {
    const allDay = [['00:00', '24:00']];
    const theirs = (await other.post('/api/v1/calendars', { name: 'Theirs', timezone: 'UTC', slotMinutes: 30, workingHours: { mon: allDay } })).body.id;
    const mine = (await api.post('/api/v1/calendars', { name: 'Mine', timezone: 'UTC', slotMinutes: 30, workingHours: { mon: allDay } })).body.id;
    const res = await api.patch(`/api/v1/assistants/${assistantId}`, { tools: [{ name: 'check_availability', config: { calendarId: mine } }, { name: 'book_appointment', config: { calendarId: theirs } }] });
    expectRefused(res, 'tools.1.config.calendarId', /no calendar .* in this tenant/);
    expect((await api.get(`/api/v1/assistants/${assistantId}`)).body.tools).toEqual([]);
    expect((await api.patch(`/api/v1/assistants/${assistantId}`, { tools: [{ name: 'book_appointment', config: { calendarId: mine } }] })).status).toBe(200);
  });

  it('caps variables: at most 100 names and 4 KB per value', async () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, 'x']));
    expectRefused(await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { variables: many }), 'variables', /101 variables; at most 100/);
    expectRefused(await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { variables: { note: 'x'.repeat(1_048_576) } }), 'variables', /variables\.note is \d+ bytes as JSON; at most 4096/);
    expect((await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { variables: { plan: 'gold' } })).status).toBe(201);
  });

  it('refuses null where the document does not say a field is nullable (it reached a NOT NULL column), and takes it where it does', async () => {
    expectRefused(await api.patch(`/api/v1/assistants/${assistantId}`, { knowledgeBaseIds: null }), 'knowledgeBaseIds', /knowledgeBaseIds must not be null/);
    expectRefused(await api.patch(`/api/v1/assistants/${assistantId}`, { retrieval: { hybrid: null } }), 'retrieval.hybrid', /must not be null/);
    // Documented as nullable: null puts the setting back to its default.
    expect((await api.patch(`/api/v1/assistants/${assistantId}`, { retrieval: { topK: null } })).status).toBe(200);
    const reset = await api.patch(`/api/v1/assistants/${assistantId}`, { temperature: null });
    expect(reset.status).toBe(200);
    expect(reset.body.temperature).toBeNull();
  });

  it('names the path parameter that is not a UUID', async () => {
    const res = await api.get('/api/v1/knowledge-bases/not-a-kb/documents');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^kbId must be a UUID/), details: { field: 'kbId' } });
  });

  it('answers 404 for an unknown assistant on knowledge gaps and test chats', async () => {
    for (const res of [await api.get(`/api/v1/assistants/${UNKNOWN}/knowledge-gaps`), await api.post(`/api/v1/assistants/${UNKNOWN}/test-chats`, {})]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', details: { kind: 'assistant', id: UNKNOWN } });
    }
    expect((await api.get(`/api/v1/assistants/${assistantId}/knowledge-gaps`)).body).toEqual([]);
  });
});
