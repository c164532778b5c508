import { liveEventIdAfter } from '@confab/plugin-sdk';
import { eventually, text } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { openSse, type SseStream } from './support/sse-client';
import { startTestServer, type TestServer } from './support/test-server';

const SHOP = 'https://shop.example';

/**
 * What a visitor's browser sees live: the reply streamed in pieces and then stored, an agent joining, statuses,
 * resumption after a dropped connection, and nothing of the platform's internals.
 */
describe('Web widget: live events over SSE', () => {
  let server: TestServer;
  let api: ApiClient;
  let publicKey: string;
  const streams: SseStream[] = [];

  const browser = (origin = SHOP) => (method: string, path: string, body?: unknown, token?: string) =>
    apiClient(server.url).raw(method, path, body, { origin, ...(token ? { authorization: `Bearer ${token}` } : {}) });
  const newSession = async (body: Record<string, unknown> = {}) => (await browser()('POST', `/api/v1/widget/${publicKey}/sessions`, body)).body;
  const events = async (token: string, headers: Record<string, string> = {}, origin = SHOP) => {
    const stream = await openSse(`${server.url}/api/v1/widget/events?token=${encodeURIComponent(token)}`, { origin, ...headers });
    streams.push(stream);
    return stream;
  };
  const named = (stream: SseStream, name: string) => stream.events.filter((e) => e.event === name);

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
    publicKey = (await api.post('/api/v1/channels', { type: 'web_widget', assistantId, config: { allowedOrigins: [SHOP] } })).body.publicKey;
  });
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('streams the first reply of a new visitor as deltas, then the stored message, with CORS for the page', async () => {
    const { token } = await newSession();
    // Opened before the visitor has a conversation: the stream waits for the first message to open one.
    const stream = await events(token);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('access-control-allow-origin')).toBe(SHOP);

    server.openai.enqueue(text('We deliver on Tuesdays and Fridays.'));
    const sent = await browser()('POST', '/api/v1/widget/messages', { text: 'When do you deliver?', clientMessageId: 'live-00001' }, token);
    expect(sent.status).toBe(202);
    await stream.until((seen) => seen.some((e) => e.event === 'message.created' && e.data.author === 'assistant'));

    const deltas = named(stream, 'reply.delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.data.text).join('')).toBe('We deliver on Tuesdays and Fridays.');
    const reply = named(stream, 'message.created').find((e) => e.data.author === 'assistant')!;
    expect(reply.data).toMatchObject({ text: 'We deliver on Tuesdays and Fridays.', turnId: deltas[0].data.turnId });
    // Deltas come before the stored message, and typing started before them.
    const order = stream.events.map((e) => e.event);
    expect(order.indexOf('typing')).toBeLessThan(order.indexOf('reply.delta'));
    expect(order.lastIndexOf('reply.delta')).toBeLessThan(order.indexOf('message.created', order.indexOf('reply.delta')));
    expect(named(stream, 'message.created').find((e) => e.data.author === 'customer')?.data.text).toBe('When do you deliver?');
    // Nothing of the platform's internals reaches the visitor.
    for (const e of stream.events) expect(JSON.stringify(e.data)).not.toMatch(/costMicros|toolCalls|summary|messageCount|tenantId/);
  });

  it('shows a human agent joining and writing, live', async () => {
    const { token } = await newSession();
    server.openai.enqueue(text('Let me check.'));
    const sent = await browser()('POST', '/api/v1/widget/messages', { text: 'I need a person', clientMessageId: 'agent-0001' }, token);
    const stream = await events(token);
    await api.post(`/api/v1/conversations/${sent.body.conversationId}/handoff`, { reason: 'customer asked', summary: 'Wants a person; angry about order A-17' });
    await api.post(`/api/v1/conversations/${sent.body.conversationId}/agent-messages`, { text: 'Hi, Anna here.', agentName: 'Anna' });
    await stream.until((seen) => seen.some((e) => e.event === 'message.created' && e.data.author === 'agent'));
    expect(named(stream, 'message.created').find((e) => e.data.author === 'agent')!.data).toMatchObject({ text: 'Hi, Anna here.', agentName: 'Anna' });
    const handedOver = named(stream, 'conversation.updated').find((e) => e.data.owner === 'human');
    expect(handedOver?.data).toMatchObject({ status: 'open', owner: 'human', handedOver: true });
    expect(JSON.stringify(stream.events)).not.toContain('angry');
  });

  it('resumes after a dropped connection from Last-Event-ID, without repeating or losing events', async () => {
    const { token } = await newSession();
    server.openai.enqueue(text('First answer.'));
    const sent = await browser()('POST', '/api/v1/widget/messages', { text: 'one', clientMessageId: 'resume-001' }, token);
    const conversationId = sent.body.conversationId;
    await eventually(async () => expect((await browser()('GET', '/api/v1/widget/messages', undefined, token)).body.messages).toHaveLength(2));
    const first = await events(token);
    await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'Before the drop.' });
    await first.until((seen) => seen.some((e) => e.event === 'message.created' && e.data.text === 'Before the drop.'));
    const lastSeen = first.events[first.events.length - 1].id!;
    first.close();

    // While the visitor is away: an agent writes twice.
    await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'While away 1.' });
    await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'While away 2.' });
    const resumed = await events(token, { 'last-event-id': lastSeen });
    await resumed.until((seen) => seen.some((e) => e.event === 'message.created' && e.data.text === 'While away 2.'));
    const texts = named(resumed, 'message.created').map((e) => e.data.text);
    expect(texts).toEqual(['While away 1.', 'While away 2.']);
    expect(resumed.events.every((e) => liveEventIdAfter(e.id!, lastSeen))).toBe(true);

    const bad = await browser()('GET', `/api/v1/widget/events?token=${encodeURIComponent(token)}&lastEventId=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.details.field).toBe('lastEventId');
  });

  it('ends the stream when the chat is closed; the reconnect follows the next conversation from its start', async () => {
    const { token } = await newSession();
    server.openai.enqueue(text('First chat.'));
    const first = await browser()('POST', '/api/v1/widget/messages', { text: 'one', clientMessageId: 'close-0001' }, token);
    await eventually(async () => expect((await browser()('GET', '/api/v1/widget/messages', undefined, token)).body.messages).toHaveLength(2));
    const stream = await events(token);
    await api.post(`/api/v1/conversations/${first.body.conversationId}/close`, {});
    await stream.until((seen) => seen.some((e) => e.event === 'conversation.updated' && e.data.status === 'closed'));
    await eventually(() => expect(stream.ended()).toBe(true));

    // The reconnect finds no open chat and waits; the next message opens one, whose events all arrive.
    const next = await events(token);
    server.openai.enqueue(text('Second chat.'));
    const second = await browser()('POST', '/api/v1/widget/messages', { text: 'two', clientMessageId: 'close-0002' }, token);
    expect(second.body.conversationId).not.toBe(first.body.conversationId);
    await next.until((seen) => seen.some((e) => e.event === 'message.created' && e.data.text === 'Second chat.'));
    expect(named(next, 'message.created').map((e) => e.data.text)).toEqual(['two', 'Second chat.']);
  });

  it('refuses the stream to another origin and to a bad token', async () => {
    const { token } = await newSession();
    const elsewhere = await events(token, {}, 'https://evil.example');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect((await events('wst_nope.nope')).status).toBe(401);
  });
});
