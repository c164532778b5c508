import { randomUUID } from 'node:crypto';
import { AppointmentBook } from '@confab/tool-appointments';
import { eventually, queryDatabase, startFakeGraph, startWebhookReceiver, text, type FakeGraph, type WebhookReceiver } from '@confab/testing';
import { createTenant, type ApiClient, type ApiResponse } from './support/api-client';
import { drainEvents, startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

const ALL_DAY = [['00:00', '24:00']];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };
/** A half-hour slot start on the calendar's grid, `hours` from now. */
const slotIn = (hours: number) => new Date(Math.ceil((Date.now() + hours * 3600_000) / 1_800_000) * 1_800_000).toISOString();

/**
 * Tenant B holds a valid admin key and every id of tenant A's resources. Each route that acts on one of them must
 * answer B as if the id did not exist (404) and leave A's data as it was.
 */
describe("tenant walls: another tenant's key gets 404 and changes nothing", () => {
  let server: TestServer;
  let graph: FakeGraph;
  let hooks: WebhookReceiver;
  let a: { id: string; api: ApiClient };
  let b: { id: string; api: ApiClient };
  /** Ids of tenant A's resources. */
  const ids = {} as {
    conversation: string;
    handedOver: string;
    failedMessage: string;
    task: string;
    httpTool: string;
    calendar: string;
    booking: string;
    whatsapp: string;
    webhook: string;
  };

  const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => queryDatabase<T>(server.db.url, sql, params);
  const toolCall = (tenantId: string, conversationId: string, name: string) =>
    db(`insert into tool_calls (id, tenant_id, conversation_id, call_id, name, duration_ms) values ($1, $2, $3, $4, $5, 12)`, [randomUUID(), tenantId, conversationId, `call_${randomUUID()}`, name]);

  /** Everything of A's that the routes below could touch, as A's own key and the database see it. */
  const worldOfA = async () => ({
    conversations: await Promise.all([ids.conversation, ids.handedOver].map(async (id) => (await a.api.get(`/api/v1/conversations/${id}`)).body)),
    messages: await db('select id, conversation_id, author, reply_state, delivery_status, send_attempts, error from messages where tenant_id = $1 order by created_at, id', [a.id]),
    tasks: (await a.api.get('/api/v1/tasks')).body,
    httpTools: (await a.api.get('/api/v1/http-tools')).body,
    bookings: (await a.api.get(`/api/v1/calendars/${ids.calendar}/bookings`)).body,
    orders: (await a.api.get('/api/v1/data-tables/orders/rows')).body,
    templates: (await a.api.get(`/api/v1/channels/${ids.whatsapp}/templates`)).body,
    deliveries: (await a.api.get(`/api/v1/webhooks/${ids.webhook}/deliveries`)).body,
    events: await db('select count(*)::int as n from domain_events where tenant_id = $1', [a.id]),
  });

  beforeAll(async () => {
    graph = await startFakeGraph();
    hooks = await startWebhookReceiver();
    server = await startTestServer();
    a = await createTenant(server.url, server.platformKey, 'A');
    b = await createTenant(server.url, server.platformKey, 'B');

    // Conversations: one the AI owns, whose customer message failed and whose reply failed to send; one handed over.
    await a.api.post('/api/v1/webhooks', { url: `${hooks.url}/a`, events: ['handoff.requested'] });
    ids.webhook = (await a.api.get('/api/v1/webhooks')).body[0].id;
    const assistantId = (await a.api.post('/api/v1/assistants', { name: 'A bot', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    server.openai.respondWith(() => text('Hello from A.'));
    ids.conversation = (await a.api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    expect((await a.api.post(`/api/v1/conversations/${ids.conversation}/messages`, { text: 'Hi', wait: true })).status).toBeLessThan(300);
    const reply = await eventually(async () => {
      const [sent] = await db<{ id: string; delivery_status: string }>(`select id, delivery_status from messages where conversation_id = $1 and author = 'assistant'`, [ids.conversation]);
      expect(sent?.delivery_status).toBe('delivered');
      return sent;
    });
    ids.failedMessage = reply.id;
    await db(`update messages set delivery_status = 'failed', failed_at = now(), error = '{"code":"SEND_FAILED","title":"down","retryable":true}' where id = $1`, [reply.id]);
    await db(`update messages set reply_state = 'failed', reply_error = 'llm down' where conversation_id = $1 and author = 'customer'`, [ids.conversation]);
    ids.handedOver = (await a.api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    expect((await a.api.post(`/api/v1/conversations/${ids.handedOver}/handoff`, { reason: 'A wants a person' })).status).toBe(200);
    await toolCall(a.id, ids.conversation, 'lookup_order');
    await toolCall(a.id, ids.conversation, 'lookup_order');

    ids.task = randomUUID();
    await db(`insert into tasks (id, tenant_id, conversation_id, kind, title, created_by) values ($1, $2, $3, 'callback', 'Call A back', 'agent')`, [ids.task, a.id, ids.conversation]);

    const tool = await a.api.post('/api/v1/http-tools', {
      name: 'get_order_status', description: 'Look up an order.', method: 'GET', url: 'http://localhost:9/orders/{orderId}',
      parameters: [{ name: 'orderId', type: 'string', required: true, description: 'Order number' }], timeoutMs: 1000,
    });
    expect(tool.status).toBe(201);
    ids.httpTool = tool.body.id;

    const calendar = await a.api.post('/api/v1/calendars', { name: 'A calendar', timezone: 'UTC', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 14, workingHours: EVERY_DAY });
    expect(calendar.status).toBe(201);
    ids.calendar = calendar.body.id;
    const start = new Date(slotIn(3));
    ids.booking = (await server.app.get(AppointmentBook).book(a.id, ids.calendar, { start, customerName: 'Ana', contact: '+4915100000001', conversationId: null })).booking.id;

    expect((await a.api.post('/api/v1/data-tables', { name: 'orders', key: 'order_id', columns: [{ name: 'order_id', type: 'string' }, { name: 'status', type: 'string' }] })).status).toBe(201);
    expect((await a.api.raw('PUT', '/api/v1/data-tables/orders/rows', [{ order_id: 'A-1', status: 'shipped' }])).status).toBe(200);

    ids.whatsapp = (await connectWhatsApp(a.api, assistantId, graph.url)).id;
    expect((await a.api.post(`/api/v1/channels/${ids.whatsapp}/templates/sync`)).status).toBe(200);
    graph.addMedia('77001', Buffer.from('a-private-photo'), 'image/jpeg');

    await drainEvents(server);
    await eventually(async () => expect((await a.api.get(`/api/v1/webhooks/${ids.webhook}/deliveries`)).body).toEqual([expect.objectContaining({ status: 'succeeded' })]));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await graph?.close();
    await hooks?.close();
  });

  it("answers 404 to every route that acts on one of A's resources, and A's data stays as it was", async () => {
    const before = await worldOfA();
    const graphCalls = graph.requests.length;
    const openaiCalls = server.openai.calls('/chat/completions').length;
    const later = slotIn(6);
    const attempts: Record<string, () => Promise<ApiResponse>> = {
      'POST messages/:id/retry-delivery': () => b.api.post(`/api/v1/messages/${ids.failedMessage}/retry-delivery`),
      'POST conversations/:id/close': () => b.api.post(`/api/v1/conversations/${ids.conversation}/close`, { reason: 'B closes' }),
      'POST conversations/:id/agent-messages': () => b.api.post(`/api/v1/conversations/${ids.conversation}/agent-messages`, { text: 'B writes to A', agentName: 'Mallory' }),
      'POST conversations/:id/handoff': () => b.api.post(`/api/v1/conversations/${ids.conversation}/handoff`, { reason: 'B takes over' }),
      'POST conversations/:id/resume-ai': () => b.api.post(`/api/v1/conversations/${ids.handedOver}/resume-ai`),
      'POST conversations/:id/retry-reply': () => b.api.post(`/api/v1/conversations/${ids.conversation}/retry-reply`),
      'GET conversations/:id': () => b.api.get(`/api/v1/conversations/${ids.conversation}`),
      'DELETE http-tools/:id': () => b.api.delete(`/api/v1/http-tools/${ids.httpTool}`),
      'POST calendars/:id/bookings/:id/cancel': () => b.api.post(`/api/v1/calendars/${ids.calendar}/bookings/${ids.booking}/cancel`),
      'POST calendars/:id/bookings/:id/reschedule': () => b.api.post(`/api/v1/calendars/${ids.calendar}/bookings/${ids.booking}/reschedule`, { start: later }),
      'GET calendars/:id/bookings': () => b.api.get(`/api/v1/calendars/${ids.calendar}/bookings`),
      'GET data-tables/:name/rows': () => b.api.get('/api/v1/data-tables/orders/rows'),
      'PUT data-tables/:name/rows': () => b.api.raw('PUT', '/api/v1/data-tables/orders/rows', [{ order_id: 'A-1', status: 'stolen' }]),
      'PUT data-tables/:name/rows?mode=upsert': () => b.api.raw('PUT', '/api/v1/data-tables/orders/rows?mode=upsert', [{ order_id: 'A-2', status: 'planted' }]),
      'POST tasks/:id/cancel': () => b.api.post(`/api/v1/tasks/${ids.task}/cancel`),
      'POST tasks/:id/complete': () => b.api.post(`/api/v1/tasks/${ids.task}/complete`),
      'GET channels/:id/templates': () => b.api.get(`/api/v1/channels/${ids.whatsapp}/templates`),
      'POST channels/:id/templates/sync': () => b.api.post(`/api/v1/channels/${ids.whatsapp}/templates/sync`),
      'POST channels/:id/template-messages': () =>
        b.api.post(`/api/v1/channels/${ids.whatsapp}/template-messages`, { to: '+4915100000099', template: { name: 'order_update', language: 'en_US', parameters: ['Eve', 'B-1'] } }),
      'GET channels/:id/media/:mediaId': () => b.api.raw('GET', `/api/v1/channels/${ids.whatsapp}/media/77001`),
      'GET webhooks/:id/deliveries': () => b.api.get(`/api/v1/webhooks/${ids.webhook}/deliveries`),
    };
    const answers: Record<string, number> = {};
    for (const [route, attempt] of Object.entries(attempts)) {
      const res = await attempt();
      answers[route] = res.status;
      if (res.status === 404) expect(JSON.stringify(res.body)).not.toMatch(/Hello from A|Call A back|a-private-photo|shipped|order_update/);
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(attempts).map((route) => [route, 404])));

    await drainEvents(server);
    await new Promise((r) => setTimeout(r, 200)); // anything B set off would have run by now
    expect(await worldOfA()).toEqual(before);
    expect(graph.requests.length).toBe(graphCalls); // no Graph call on A's connection, token or media
    expect(server.openai.calls('/chat/completions')).toHaveLength(openaiCalls);
    const leaked = await db('select count(*)::int as n from conversations where tenant_id = $1', [b.id]);
    expect(leaked).toEqual([{ n: 0 }]); // B's template message started no conversation anywhere
  });

  it("lets B create its own table under a name A uses, and B's rows never touch A's", async () => {
    const mine = await b.api.post('/api/v1/data-tables', { name: 'orders', key: 'order_id', columns: [{ name: 'order_id', type: 'string' }, { name: 'status', type: 'string' }] });
    expect(mine.status).toBe(201);
    expect((await b.api.raw('PUT', '/api/v1/data-tables/orders/rows', [{ order_id: 'A-1', status: 'B says lost' }, { order_id: 'B-7', status: 'open' }])).status).toBe(200);
    expect((await b.api.raw('PUT', '/api/v1/data-tables/orders/rows?mode=upsert', [{ order_id: 'A-1', status: 'B again' }])).status).toBe(200);
    expect((await b.api.get('/api/v1/data-tables/orders/rows')).body).toEqual(expect.arrayContaining([{ order_id: 'A-1', status: 'B again' }, { order_id: 'B-7', status: 'open' }]));
    expect((await b.api.get('/api/v1/data-tables/orders/rows')).body).toHaveLength(2);
    expect((await a.api.get('/api/v1/data-tables/orders/rows')).body).toEqual([{ order_id: 'A-1', status: 'shipped' }]);
    expect((await a.api.get('/api/v1/data-tables')).body).toHaveLength(1);
  });

  it("counts only the caller's own tool calls in GET /tools/stats", async () => {
    expect((await b.api.get('/api/v1/tools/stats')).body).toEqual([]);
    const chat = (await b.api.post(`/api/v1/assistants/${(await b.api.post('/api/v1/assistants', { name: 'B bot', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id}/test-chats`, {})).body.id;
    await toolCall(b.id, chat, 'lookup_order');
    expect((await b.api.get('/api/v1/tools/stats')).body).toEqual([expect.objectContaining({ name: 'lookup_order', calls: 1 })]);
    expect((await a.api.get('/api/v1/tools/stats')).body).toEqual([expect.objectContaining({ name: 'lookup_order', calls: 2 })]);
  });

  it('still lets A itself do each of these things, so the 404s above come from the wall and not from the ids', async () => {
    const later = slotIn(6);
    const own: Record<string, () => Promise<ApiResponse>> = {
      'GET channels/:id/templates': () => a.api.get(`/api/v1/channels/${ids.whatsapp}/templates`),
      'GET channels/:id/media/:mediaId': () => a.api.raw('GET', `/api/v1/channels/${ids.whatsapp}/media/77001`),
      'GET webhooks/:id/deliveries': () => a.api.get(`/api/v1/webhooks/${ids.webhook}/deliveries`),
      'POST calendars/:id/bookings/:id/reschedule': () => a.api.post(`/api/v1/calendars/${ids.calendar}/bookings/${ids.booking}/reschedule`, { start: later }),
      'POST calendars/:id/bookings/:id/cancel': () => a.api.post(`/api/v1/calendars/${ids.calendar}/bookings/${ids.booking}/cancel`),
      'POST tasks/:id/complete': () => a.api.post(`/api/v1/tasks/${ids.task}/complete`),
      'POST messages/:id/retry-delivery': () => a.api.post(`/api/v1/messages/${ids.failedMessage}/retry-delivery`),
      'POST conversations/:id/resume-ai': () => a.api.post(`/api/v1/conversations/${ids.handedOver}/resume-ai`),
      'POST conversations/:id/close': () => a.api.post(`/api/v1/conversations/${ids.conversation}/close`, {}),
      'DELETE http-tools/:id': () => a.api.delete(`/api/v1/http-tools/${ids.httpTool}`),
    };
    const answers: Record<string, number> = {};
    for (const [route, call] of Object.entries(own)) answers[route] = (await call()).status;
    expect(answers).toEqual({
      'GET channels/:id/templates': 200,
      'GET channels/:id/media/:mediaId': 200,
      'GET webhooks/:id/deliveries': 200,
      'POST calendars/:id/bookings/:id/reschedule': 200,
      'POST calendars/:id/bookings/:id/cancel': 200,
      'POST tasks/:id/complete': 200,
      'POST messages/:id/retry-delivery': 202,
      'POST conversations/:id/resume-ai': 200,
      'POST conversations/:id/close': 200,
      'DELETE http-tools/:id': 204,
    });
  });
});
