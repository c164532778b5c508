import { createHmac } from 'node:crypto';
import { eventually, queryDatabase, text } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const SHOP = 'https://shop.example';
const SECRET = 'identity-secret-for-tests-0123456789';
const sign = (userId: string, secret = SECRET) => createHmac('sha256', secret).update(userId).digest('hex');

/**
 * The widget's HTTP API as a browser on the shop's site uses it: configuration, sessions bound to the origin,
 * verified identities, history after a reload, idempotent sends and receipts. No tenant key reaches the browser.
 */
describe('Web widget: connections, sessions, identity, history and receipts', () => {
  let server: TestServer;
  let api: ApiClient;
  let assistantId: string;
  let anon: { id: string; publicKey: string };
  let verified: { id: string; publicKey: string };

  /** A request as the page on `origin` makes it. */
  const browser = (origin = SHOP) => ({
    call: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      apiClient(server.url).raw(method, path, body, { origin, ...headers }),
  });
  const session = async (publicKey: string, body: Record<string, unknown> = {}, origin = SHOP) => browser(origin).call('POST', `/api/v1/widget/${publicKey}/sessions`, body);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
    anon = (await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config: { allowedOrigins: [SHOP], title: 'Shop help', greeting: 'Hi!', color: '#112233', language: 'de', preChatForm: { name: true, email: false } } })).body;
    verified = (await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config: { allowedOrigins: [SHOP], identitySecret: SECRET, requireIdentity: true } })).body;
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('creates a connection with a public key and snippet, never returning the identity secret', async () => {
    const res = await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config: { allowedOrigins: [SHOP, 'http://localhost:8080'], identitySecret: SECRET } });
    expect(res.status).toBe(201);
    expect(res.body.publicKey).toMatch(/^wk_[0-9a-f]{32}$/);
    expect(res.body.embedSnippet).toBe(`<script src="http://localhost:0/widget.js" data-key="${res.body.publicKey}" async></script>`);
    expect(res.body.secretsSet).toEqual(['identitySecret']);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    const again = await api.get(`/api/v1/channels/${res.body.id}`);
    expect(again.body).toMatchObject({ publicKey: res.body.publicKey, embedSnippet: res.body.embedSnippet });
    expect(JSON.stringify(again.body)).not.toContain(SECRET);
    const secretInDb = await queryDatabase<{ n: number }>(server.db.url, `select count(*)::int as n from channel_connections where config::text like '%${SECRET}%' or sealed_secrets::text like '%${SECRET}%'`);
    expect(secretInDb[0].n).toBe(0);
  });

  it('refuses bad settings with the field named', async () => {
    const refused = async (config: Record<string, unknown>, field: string) => {
      const res = await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config });
      expect(res.status).toBe(400);
      expect(res.body.details.field).toBe(field);
    };
    await refused({}, 'config.allowedOrigins');
    await refused({ allowedOrigins: [] }, 'config.allowedOrigins');
    await refused({ allowedOrigins: ['https://shop.example/path'] }, 'config.allowedOrigins');
    await refused({ allowedOrigins: ['ftp://shop.example'] }, 'config.allowedOrigins');
    await refused({ allowedOrigins: ['https://Shop.example'] }, 'config.allowedOrigins');
    await refused({ allowedOrigins: [SHOP], identitySecret: 'short' }, 'config.identitySecret');
    await refused({ allowedOrigins: [SHOP], requireIdentity: true }, 'config.requireIdentity');
    await refused({ allowedOrigins: [SHOP], color: 'red' }, 'config.color');
    await refused({ allowedOrigins: [SHOP], language: 'fr' }, 'config.language');
    await refused({ allowedOrigins: [SHOP], limits: { messagesPerMinutePerVisitor: -1 } }, 'config.limits.messagesPerMinutePerVisitor');
    await refused({ allowedOrigins: [SHOP], unknown: 1 }, 'config.unknown');
  });

  it('serves the look of the widget to its own origins only', async () => {
    const res = await browser().call('GET', `/api/v1/widget/${anon.publicKey}/config`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.body).toEqual({ title: 'Shop help', greeting: 'Hi!', color: '#112233', position: 'right', language: 'de', preChatForm: { name: true, email: false }, awayText: null, requireIdentity: false, maxMessageLength: 2000 });
    const other = await browser('https://evil.example').call('GET', `/api/v1/widget/${anon.publicKey}/config`);
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await browser().call('GET', '/api/v1/widget/wk_00000000000000000000000000000000/config')).status).toBe(404);
    expect((await browser().call('GET', '/api/v1/widget/not-a-key/config')).status).toBe(404);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const preflight = (origin: string, path: string) =>
      fetch(`${server.url}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const ok = await preflight(SHOP, `/api/v1/widget/${anon.publicKey}/sessions`);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    const refused = await preflight('https://evil.example', `/api/v1/widget/${anon.publicKey}/sessions`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // Other API routes keep answering any origin (they need an API key anyway).
    expect((await preflight('https://evil.example', '/api/v1/assistants')).headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('starts anonymous sessions, refuses other origins, and keeps the conversation across a reload', async () => {
    expect((await session(anon.publicKey, {}, 'https://evil.example')).status).toBe(403);
    const noOrigin = await apiClient(server.url).post(`/api/v1/widget/${anon.publicKey}/sessions`, {});
    expect(noOrigin.status).toBe(403);

    const first = await session(anon.publicKey, { name: 'Jane', locale: 'de-DE' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ token: expect.stringMatching(/^wst_/), visitorId: expect.stringMatching(/^v_/), conversationId: null });
    expect(new Date(first.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    const { token, visitorId } = first.body;

    server.openai.enqueue(text('We ship to Austria.'));
    const sent = await browser().call('POST', '/api/v1/widget/messages', { text: 'Do you ship to Austria?', clientMessageId: 'client-0001' }, bearer(token));
    expect(sent.status).toBe(202);
    const again = await browser().call('POST', '/api/v1/widget/messages', { text: 'Do you ship to Austria?', clientMessageId: 'client-0001' }, bearer(token));
    expect(again.body).toEqual(sent.body);

    await eventually(async () => {
      const history = await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(token));
      expect(history.body.messages.map((m: any) => [m.author, m.text])).toEqual([['customer', 'Do you ship to Austria?'], ['assistant', 'We ship to Austria.']]);
    });
    const detail = (await api.get(`/api/v1/conversations/${sent.body.conversationId}`)).body;
    expect(detail).toMatchObject({ channel: 'web_widget', customer: { identifier: visitorId, name: 'Jane' } });

    // A reload: a new session for the same visitor shows the same conversation and its history.
    const reload = await session(anon.publicKey, { visitorId });
    expect(reload.body).toMatchObject({ visitorId, conversationId: sent.body.conversationId });
    const history = await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(reload.body.token));
    expect(history.body.messages).toHaveLength(2);
    expect(Object.keys(history.body.messages[1]).sort()).toEqual(['agentName', 'author', 'createdAt', 'id', 'status', 'text', 'turnId']);

    // Another visitor sees nothing of it.
    const stranger = await session(anon.publicKey, {});
    expect(stranger.body.visitorId).not.toBe(visitorId);
    expect((await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(stranger.body.token))).body.messages).toEqual([]);
    // A visitor id the platform did not make is refused, naming the field.
    const forged = await session(anon.publicKey, { visitorId: 'anything' });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('visitorId');
  });

  it('refuses a token from another origin, a forged or missing token, and refreshes a valid one', async () => {
    const { token } = (await session(anon.publicKey)).body;
    const elsewhere = await browser('https://evil.example').call('GET', '/api/v1/widget/messages', undefined, bearer(token));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    const tampered = token.replace(/^wst_./, (s: string) => (s.endsWith('e') ? 'wst_f' : 'wst_e'));
    expect((await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(tampered))).status).toBe(401);
    expect((await browser().call('GET', '/api/v1/widget/messages')).status).toBe(401);

    const refreshed = await browser().call('POST', '/api/v1/widget/sessions/refresh', {}, bearer(token));
    expect(refreshed.status).toBe(201);
    expect(refreshed.body.token).toMatch(/^wst_/);
    expect((await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(refreshed.body.token))).status).toBe(200);
  });

  it('accepts a verified identity, refuses a forged or missing one without storing anything, and follows the user to another browser', async () => {
    const before = (await queryDatabase<{ n: number }>(server.db.url, 'select count(*)::int as n from customers'))[0].n;
    const missing = await session(verified.publicKey, {});
    expect(missing.status).toBe(401);
    expect(missing.body.message).toMatch(/requires a signed identity/);
    const forged = await session(verified.publicKey, { identity: { userId: 'user-7', hash: sign('user-7', 'not-the-secret-at-all') } });
    expect(forged.status).toBe(401);
    expect(forged.body.message).toMatch(/identity\.hash/);
    const otherUser = await session(verified.publicKey, { identity: { userId: 'user-7', hash: sign('user-8') } });
    expect(otherUser.status).toBe(401);
    expect((await queryDatabase<{ n: number }>(server.db.url, 'select count(*)::int as n from customers'))[0].n).toBe(before);

    const laptop = await session(verified.publicKey, { identity: { userId: 'user-7', name: 'Max', email: 'max@example.com', hash: sign('user-7') } });
    expect(laptop.status).toBe(201);
    server.openai.enqueue(text('Hello Max.'));
    const sent = await browser().call('POST', '/api/v1/widget/messages', { text: 'Hello', clientMessageId: 'laptop-0001' }, bearer(laptop.body.token));
    expect(sent.status).toBe(202);

    // Another browser: a new visitor id, the same verified user, the same conversation.
    const phone = await session(verified.publicKey, { identity: { userId: 'user-7', hash: sign('user-7').toUpperCase() } });
    expect(phone.body.visitorId).not.toBe(laptop.body.visitorId);
    expect(phone.body.conversationId).toBe(sent.body.conversationId);
    await eventually(async () => {
      const history = await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(phone.body.token));
      expect(history.body.messages.map((m: any) => m.text)).toEqual(['Hello', 'Hello Max.']);
    });
    const detail = (await api.get(`/api/v1/conversations/${sent.body.conversationId}`)).body;
    expect(detail).toMatchObject({ customer: { identifier: 'user-7', name: 'Max' } });
    expect(detail.variables.email).toMatchObject({ value: 'max@example.com' });

    // An identity sent to a widget without a secret cannot be checked: refused, naming the field.
    const unsigned = await session(anon.publicKey, { identity: { userId: 'user-7', hash: sign('user-7') } });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.details.field).toBe('identity');
  });

  it('caps the message length, naming text', async () => {
    const capped = (await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config: { allowedOrigins: [SHOP], limits: { maxMessageLength: 10 } } })).body;
    expect((await browser().call('GET', `/api/v1/widget/${capped.publicKey}/config`)).body.maxMessageLength).toBe(10);
    const { token } = (await session(capped.publicKey)).body;
    const long = await browser().call('POST', '/api/v1/widget/messages', { text: 'x'.repeat(11), clientMessageId: 'long-00001' }, bearer(token));
    expect(long.status).toBe(400);
    expect(long.body.details.field).toBe('text');
    expect(long.body.message).toMatch(/at most 10 characters/);
    const blank = await browser().call('POST', '/api/v1/widget/messages', { text: '   ', clientMessageId: 'blank-0001' }, bearer(token));
    expect(blank.status).toBe(400);
    expect(blank.body.details.field).toBe('text');
    const huge = await browser().call('POST', '/api/v1/widget/messages', { text: 'x'.repeat(5000), clientMessageId: 'huge-00001' }, bearer(token));
    expect(huge.status).toBe(400);
    expect((await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(token))).body.messages).toEqual([]);
  });

  it('moves the reply to delivered and read on receipts, ignoring ids outside the visitor conversation', async () => {
    const { token } = (await session(anon.publicKey)).body;
    server.openai.enqueue(text('Reply to receipt.'));
    const sent = await browser().call('POST', '/api/v1/widget/messages', { text: 'hi', clientMessageId: 'receipt-001' }, bearer(token));
    let replyId = '';
    await eventually(async () => {
      const messages = (await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(token))).body.messages;
      expect(messages[1]).toMatchObject({ author: 'assistant', status: 'sent' });
      replyId = messages[1].id;
    });
    const stranger = (await session(anon.publicKey)).body.token;
    expect((await browser().call('POST', '/api/v1/widget/receipts', { read: [replyId] }, bearer(stranger))).status).toBe(204);
    expect((await api.get(`/api/v1/conversations/${sent.body.conversationId}`)).body.messages[1].deliveryStatus).toBe('sent');

    expect((await browser().call('POST', '/api/v1/widget/receipts', { delivered: [replyId] }, bearer(token))).status).toBe(204);
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${sent.body.conversationId}`)).body.messages[1].deliveryStatus).toBe('delivered'));
    await browser().call('POST', '/api/v1/widget/receipts', { read: [replyId] }, bearer(token));
    await eventually(async () => expect((await browser().call('GET', '/api/v1/widget/messages', undefined, bearer(token))).body.messages[1].status).toBe('read'));
    const bad = await browser().call('POST', '/api/v1/widget/receipts', { read: ['nope'] }, bearer(token));
    expect(bad.status).toBe(400);
  });

  it('keeps tenants apart: another tenant cannot see or use the widget connection', async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    expect((await other.api.get(`/api/v1/channels/${anon.id}`)).status).toBe(404);
    const { token } = (await session(anon.publicKey)).body;
    // A widget session is not an API key.
    expect((await apiClient(server.url, token).get('/api/v1/conversations')).status).toBe(401);
  });
});
