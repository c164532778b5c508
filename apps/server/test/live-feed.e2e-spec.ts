import { eventually, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';
import { openSse, type SseEvent, type SseStream } from './support/sse-client';

const REPLY = 'Fresh bread is baked every morning and sold until six in the evening.';
const USAGE = { promptTokens: 120, completionTokens: 17, cachedTokens: 20 };

describe('live feed: streamed replies and domain events over SSE', () => {
  let server: TestServer;
  let api: ApiClient;
  let apiKey: string;
  let other: { api: ApiClient; apiKey: string };
  let graph: FakeGraph;
  let assistantId: string;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    server = await startTestServer({ conversations: { replyDebounceMs: 0 } });
    graph = await startFakeGraph({ autoStatuses: false });
    ({ api, apiKey } = await createTenant(server.url, server.platformKey, 'bakery'));
    other = await createTenant(server.url, server.platformKey, 'other');
    assistantId = (await api.post('/api/v1/assistants', { name: 'Bakery', systemPrompt: 'Answer briefly.', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(async () => {
    await graph?.close();
    // With streams still open: the server ends them on shutdown instead of waiting for them forever.
    await server?.close();
    for (const s of streams) s.close();
  });
  beforeEach(() => server.openai.reset());

  const live = async (path: string, headers: Record<string, string> = {}, key = apiKey) => {
    const stream = await openSse(`${server.url}${path}`, { authorization: `Bearer ${key}`, ...headers });
    streams.push(stream);
    return stream;
  };
  const testChat = async () => (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { name: 'Live' })).body.id as string;
  const say = (conversationId: string, textToSend: string) => api.post(`/api/v1/conversations/${conversationId}/messages`, { text: textToSend });
  const assistantMessage = (e: SseEvent) => e.event === 'message.created' && e.data.author === 'assistant';

  it('streams a test chat reply as several deltas, then the stored message, with the same tokens and cost as without streaming', async () => {
    const conversationId = await testChat();
    const stream = await live(`/api/v1/conversations/${conversationId}/live`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    server.openai.enqueue(text(REPLY, USAGE));
    expect((await say(conversationId, 'When is bread fresh?')).status).toBe(202);
    const created = await stream.waitFor(assistantMessage);

    const types = stream.events.map((e) => e.event);
    // The chat's own opening (conversation.updated) may come first; then the customer's message, then typing.
    const customerAt = types.indexOf('message.created');
    expect(stream.events[customerAt].data).toMatchObject({ author: 'customer', text: 'When is bread fresh?' });
    const typingAt = types.indexOf('typing');
    expect(typingAt).toBeGreaterThan(customerAt);
    const deltas = stream.events.filter((e) => e.event === 'reply.delta');
    expect(typingAt).toBeGreaterThan(0);
    expect(stream.events[typingAt].data).toEqual({ active: true });
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(types.indexOf('reply.delta')).toBeGreaterThan(typingAt);
    expect(deltas.map((d) => d.data.seq)).toEqual(deltas.map((_, i) => i));
    expect(deltas.map((d) => d.data.text).join('')).toBe(REPLY);
    expect(new Set(deltas.map((d) => d.data.turnId))).toEqual(new Set([created.data.turnId]));
    expect(stream.events.indexOf(created)).toBeGreaterThan(stream.events.indexOf(deltas[deltas.length - 1]));
    expect(created.data).toMatchObject({ text: REPLY, author: 'assistant', toolCalls: [] });
    await stream.waitFor((e) => e.event === 'typing' && e.data.active === false);
    const updated = await stream.waitFor((e) => e.event === 'conversation.updated' && e.data.messageCount === 2);
    expect(updated.data).toMatchObject({ status: 'open', owner: 'ai' });
    // Ids increase: they are the stream's own.
    const ids = stream.events.map((e) => e.id!);
    expect([...ids].sort((a, b) => (BigInt(a.split('-')[0]) === BigInt(b.split('-')[0]) ? Number(a.split('-')[1]) - Number(b.split('-')[1]) : Number(BigInt(a.split('-')[0]) - BigInt(b.split('-')[0]))))).toEqual(ids);

    const request = server.openai.calls('/chat/completions')[0].body;
    expect(request).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    // The same reply on the API channel (not streaming): the stored message must be the same in text, tokens and cost.
    const channelId = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id;
    server.openai.enqueue(text(REPLY, USAGE));
    const sync = await api.post(`/api/v1/channels/${channelId}/messages`, { customerId: 'same-question', text: 'When is bread fresh?' });
    expect(sync.status).toBe(200);
    expect(server.openai.calls('/chat/completions')[1].body.stream).toBeUndefined();
    const streamed = (await api.get(`/api/v1/conversations/${conversationId}`)).body.messages.find((m: any) => m.author === 'assistant');
    const plain = (await api.get(`/api/v1/conversations/${sync.body.conversationId}`)).body.messages.find((m: any) => m.author === 'assistant');
    expect(streamed.text).toBe(REPLY);
    expect(streamed.text).toBe(plain.text);
    expect(streamed.usage).toEqual(plain.usage);
    expect(streamed.cost).toEqual(plain.cost);
    expect(streamed.cost.micros).toBeGreaterThan(0);
    expect(created.data.costMicros).toBe(String(streamed.cost.micros));
  });

  it('resumes after a dropped connection from Last-Event-ID, missing nothing and repeating nothing', async () => {
    const conversationId = await testChat();
    const first = await live(`/api/v1/conversations/${conversationId}/live`);
    server.openai.enqueue(text('First answer.', USAGE));
    await say(conversationId, 'One');
    await first.waitFor(assistantMessage);
    await first.waitFor((e) => e.event === 'typing' && e.data.active === false);
    const lastSeen = first.events[first.events.length - 1].id!;
    first.close();

    server.openai.enqueue(text('Second answer, streamed while nobody listened.', USAGE));
    await say(conversationId, 'Two');
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${conversationId}`)).body.messages).toHaveLength(4));

    const resumed = await live(`/api/v1/conversations/${conversationId}/live`, { 'last-event-id': lastSeen });
    const second = await resumed.waitFor((e) => assistantMessage(e) && e.data.text.startsWith('Second'));
    // Everything after the last id seen (the first answer's delivery status, the second exchange), nothing before it.
    expect(resumed.events.find((e) => e.event === 'message.created')?.data).toMatchObject({ author: 'customer', text: 'Two' });
    expect(resumed.events.some((e) => e.id === lastSeen || (e.event === 'message.created' && e.data.text === 'First answer.'))).toBe(false);
    const idAfter = (a: string, b: string) => { const [am, as] = a.split('-').map(BigInt); const [bm, bs] = b.split('-').map(BigInt); return am > bm || (am === bm && as > bs); };
    expect(resumed.events.every((e) => idAfter(e.id!, lastSeen))).toBe(true);
    // The second reply was finished before the client came back: its deltas are gone from the stream, the stored
    // message carries the whole text.
    expect(resumed.events.filter((e) => e.event === 'reply.delta')).toEqual([]);
    expect(second.data.text).toBe('Second answer, streamed while nobody listened.');
    expect(new Set(resumed.events.map((e) => e.id)).size).toBe(resumed.events.length);

    // The query parameter does the same for clients that cannot send the header.
    const byQuery = await live(`/api/v1/conversations/${conversationId}/live?lastEventId=${encodeURIComponent(lastSeen)}`);
    await byQuery.waitFor((e) => assistantMessage(e) && e.data.text.startsWith('Second'));
    expect(byQuery.events.map((e) => e.id).slice(0, resumed.events.length)).toEqual(resumed.events.map((e) => e.id).slice(0, byQuery.events.length));
  });

  it('drops what a failed attempt streamed: the retry streams under a new turn id', async () => {
    const conversationId = await testChat();
    const stream = await live(`/api/v1/conversations/${conversationId}/live`);
    server.openai.enqueue({ kind: 'stream_error', afterChunks: 3, message: 'stream broke' }, text('Recovered answer.', USAGE));
    await say(conversationId, 'Hello?');
    const created = await stream.waitFor(assistantMessage);
    expect(created.data.text).toBe('Recovered answer.');
    const deltas = stream.events.filter((e) => e.event === 'reply.delta');
    const turns = [...new Set(deltas.map((d) => d.data.turnId))];
    expect(turns).toHaveLength(2);
    expect(turns[1]).toBe(created.data.turnId);
    expect(deltas.filter((d) => d.data.turnId === turns[1]).map((d) => d.data.text).join('')).toBe('Recovered answer.');
    // Typing stopped after the failure and started again for the retry.
    const typing = stream.events.filter((e) => e.event === 'typing').map((e) => e.data.active);
    expect(typing.slice(0, 3)).toEqual([true, false, true]);
    // The failed attempt left the recorded retryable state, and the retry answered the message.
    const detail = (await api.get(`/api/v1/conversations/${conversationId}`)).body;
    expect(detail.messages.find((m: any) => m.author === 'customer').replyState).toBe('answered');
  });

  it('publishes no typing or deltas for a WhatsApp conversation, but its messages and delivery statuses', async () => {
    const channel = await connectWhatsApp(api, assistantId, graph.url);
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channel.id}`);
    server.openai.respondWith(() => text('We open at eight.', USAGE));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000042', text: 'When do you open?' }));
    const conversationId = await eventually(async () => {
      const items = (await api.get('/api/v1/conversations?channel=whatsapp')).body.items;
      expect(items).toHaveLength(1);
      return items[0].id as string;
    });
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${conversationId}`)).body.messages).toHaveLength(2));
    const stream = await live(`/api/v1/conversations/${conversationId}/live`);
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000042', text: 'And on Sunday?' }));
    const reply = await stream.waitFor(assistantMessage);
    expect(reply.data.text).toBe('We open at eight.');
    await stream.waitFor((e) => e.event === 'message.status' && e.data.messageId === reply.data.id && e.data.status === 'sent');
    expect(stream.events.filter((e) => e.event === 'reply.delta' || e.event === 'typing')).toEqual([]);
    for (const call of server.openai.calls('/chat/completions')) expect(call.body.stream).toBeUndefined();

    // Meta's status reports move the message on screens too, a failure with its code and reason.
    const wamid = (await api.get(`/api/v1/conversations/${conversationId}`)).body.messages.find((m: any) => m.id === reply.data.id).providerMessageId;
    await graph.deliverWebhook(graph.statusNotification({ wamid, recipientId: '4915100000042', status: 'delivered' }));
    await stream.waitFor((e) => e.event === 'message.status' && e.data.messageId === reply.data.id && e.data.status === 'delivered');
    await graph.deliverWebhook(graph.statusNotification({ wamid, recipientId: '4915100000042', status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] }));
    const failed = await stream.waitFor((e) => e.event === 'message.status' && e.data.status === 'failed');
    expect(failed.data).toMatchObject({ messageId: reply.data.id, errorCode: '131026' });
    expect(failed.data.errorMessage).toContain('undeliverable');
    server.openai.respondWith(undefined);
  });

  it('publishes agent messages with the agent name, hand-over and hand-back', async () => {
    const conversationId = await testChat();
    const stream = await live(`/api/v1/conversations/${conversationId}/live`);
    await api.post(`/api/v1/conversations/${conversationId}/handoff`, { reason: 'Complaint' });
    const handedOver = await stream.waitFor((e) => e.event === 'conversation.updated' && e.data.owner === 'human');
    expect(handedOver.data.handedOver).toMatchObject({ reason: 'Complaint' });
    await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'Anna here, sorry about that.', agentName: 'Anna' });
    const agent = await stream.waitFor((e) => e.event === 'message.created' && e.data.author === 'agent');
    expect(agent.data).toMatchObject({ text: 'Anna here, sorry about that.', agentName: 'Anna' });
    await stream.waitFor((e) => e.event === 'message.status' && e.data.messageId === agent.data.id);
    await api.post(`/api/v1/conversations/${conversationId}/resume-ai`);
    await stream.waitFor((e) => e.event === 'conversation.updated' && e.data.owner === 'ai');
  });

  it("gives the tenant feed every conversation's messages and updates, and nothing of another tenant", async () => {
    const feed = await live('/api/v1/live');
    const otherFeed = await live('/api/v1/live', {}, other.apiKey);
    const conversationId = await testChat();
    // A new test chat shows up in the list before its first message.
    const opened = await feed.waitFor((e) => e.event === 'conversation.updated' && e.data.conversationId === conversationId);
    expect(opened.data).toMatchObject({ messageCount: 0, status: 'open', owner: 'ai', costMicros: '0' });
    server.openai.enqueue(text('Tenant feed answer.', USAGE));
    await say(conversationId, 'Hi feed');
    const created = await feed.waitFor((e) => assistantMessage(e) && e.data.conversationId === conversationId);
    expect(created.data.text).toBe('Tenant feed answer.');
    await feed.waitFor((e) => e.event === 'conversation.updated' && e.data.conversationId === conversationId);
    expect(feed.events.filter((e) => e.event === 'reply.delta' || e.event === 'typing')).toEqual([]);
    expect(otherFeed.events.filter((e) => e.data.conversationId === conversationId)).toEqual([]);
  });

  it("answers 404 for another tenant's conversation and 400 naming a malformed lastEventId", async () => {
    const conversationId = await testChat();
    const foreign = await live(`/api/v1/conversations/${conversationId}/live`, {}, other.apiKey);
    expect(foreign.status).toBe(404);
    const bad = await fetch(`${server.url}/api/v1/conversations/${conversationId}/live?lastEventId=yesterday`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('lastEventId');
    const badHeader = await fetch(`${server.url}/api/v1/live`, { headers: { authorization: `Bearer ${apiKey}`, 'last-event-id': 'x' } });
    expect(badHeader.status).toBe(400);
    expect(JSON.stringify(await badHeader.json())).toContain('lastEventId');
    const anonymous = await fetch(`${server.url}/api/v1/live`);
    expect(anonymous.status).toBe(401);
  });
});

describe('live feed without a model key (the keyless demo)', () => {
  let server: TestServer;
  let stream: SseStream | undefined;

  beforeAll(async () => {
    server = await startTestServer({ openai: undefined, conversations: { replyDebounceMs: 0 } });
  });
  afterAll(async () => {
    stream?.close();
    await server?.close();
  });

  it('streams the offline responder in visible steps', async () => {
    const { api, apiKey } = await createTenant(server.url, server.platformKey, 'demo');
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Demo', systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    stream = await openSse(`${server.url}/api/v1/conversations/${chat}/live`, { authorization: `Bearer ${apiKey}` });
    const arrivals: number[] = [];
    const began = Date.now();
    const watch = setInterval(() => {
      const count = stream!.events.filter((e) => e.event === 'reply.delta').length;
      if (count > arrivals.length) arrivals.push(Date.now() - began);
    }, 5);
    await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'Hello' });
    const created = await stream.waitFor((e) => e.event === 'message.created' && e.data.author === 'assistant');
    clearInterval(watch);
    const deltas = stream.events.filter((e) => e.event === 'reply.delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((d) => d.data.text).join('')).toBe(created.data.text);
    expect(created.data.text).toContain('offline mode');
    // Spread over time, not one burst: the first and last delta are hundreds of milliseconds apart.
    expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeGreaterThan(150);
  });
});
