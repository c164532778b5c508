import { apiError, eventually, startFakeGraph, text, toolCalls, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';
import { addText, createKnowledgeBase } from './support/knowledge-helpers';

/**
 * The unanswered queue and the pipeline trace end to end: each reason produced by the real pipeline (loopback
 * OpenAI and Graph), read back through GET /api/v1/unanswered with its filters and cursor, and a normal reply with a
 * tool call traced stage by stage through to its delivery.
 */
describe('unanswered queue and pipeline trace', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let other: ApiClient;
  let plainId: string;
  let toolId: string;
  const ids: Record<string, { conversationId: string; messageId: string }> = {};

  const customerMessage = (detail: any, textIs?: string) => detail.messages.find((m: any) => m.author === 'customer' && (!textIs || m.text === textIs));
  const detailOf = async (id: string) => (await api.get(`/api/v1/conversations/${id}`)).body;

  async function testChat(assistantId: string, message: string, until: (detail: any) => void) {
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: message });
    const detail = await eventually(async () => {
      const d = await detailOf(chat.body.id);
      until(d);
      return d;
    }, { timeoutMs: 20_000 });
    return { conversationId: chat.body.id as string, messageId: customerMessage(detail, message).id as string, detail };
  }

  async function unanswered(query = '', client = api) {
    const res = await client.get(`/api/v1/unanswered${query ? `?${query}` : ''}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    server = await startTestServer({
      conversations: { replyDebounceMs: 50, replyAttempts: 2, replyBackoffMs: 30, replyAttemptTimeoutMs: 1_500, replyBudgetMs: 4_000, sendAttempts: 2, sendBackoffMs: 30 },
    });
    graph = await startFakeGraph();
    ({ api } = await createTenant(server.url, server.platformKey, 'Shop'));
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    plainId = (await api.post('/api/v1/assistants', { name: 'Plain', systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
    toolId = (await api.post('/api/v1/assistants', {
      name: 'Tools', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email' }] } }],
    })).body.id;

    // A normal reply with a tool call: answered, delivered, so not in the queue.
    server.openai.enqueue(toolCalls({ id: 'call_mail', name: 'collect_data', arguments: { email: 'kim@example.org' } }), text('Noted, Kim.'));
    ids.answered = await testChat(toolId, 'my mail is kim@example.org', (d) => {
      expect(customerMessage(d).replyState).toBe('answered');
      expect(d.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('delivered');
    });

    // The model refuses (a 400 is not retried).
    server.openai.enqueue(apiError(400, { message: 'bad request' }));
    ids.llm = await testChat(plainId, 'can I order a cake?', (d) => expect(customerMessage(d).replyState).toBe('failed'));

    // A tool fails and the model breaks off after it.
    server.openai.enqueue(toolCalls({ id: 'call_ghost', name: 'no_such_tool', arguments: {} }), apiError(400, { message: 'bad request' }));
    ids.tool = await testChat(toolId, 'do the impossible', (d) => expect(customerMessage(d).replyState).toBe('failed'));

    // The model hangs: each attempt is cut off, and the reply budget ends it.
    server.openai.respondWith(() => ({ kind: 'hang' }));
    ids.timeout = await testChat(plainId, 'hello, anyone?', (d) => expect(customerMessage(d).replyState).toBe('failed'));
    server.openai.reset();

    // A colleague took over before the customer wrote.
    const chat = await api.post(`/api/v1/assistants/${plainId}/test-chats`, {});
    expect((await api.post(`/api/v1/conversations/${chat.body.id}/handoff`, { reason: 'VIP' })).status).toBe(200);
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'is a human there?' });
    const handedOver = await eventually(async () => {
      const d = await detailOf(chat.body.id);
      expect(customerMessage(d).replyState).toBe('skipped');
      return d;
    });
    ids.handover = { conversationId: chat.body.id, messageId: customerMessage(handedOver).id };

    // WhatsApp: a message that arrives after its 24-hour window closed, and a reply Graph fails to deliver.
    const channelId = (await connectWhatsApp(api, plainId, graph.url)).id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);
    const waDetail = async (phone: string) => {
      const list = await api.get(`/api/v1/conversations?channel=whatsapp&customer=${phone}`);
      return list.body.items[0] ? detailOf(list.body.items[0].id) : null;
    };
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000201', text: 'late one', timestamp: Math.floor(Date.now() / 1000) - 2 * 86_400 }));
    const late = await eventually(async () => {
      const d = await waDetail('4915100000201');
      expect(customerMessage(d).replyState).toBe('skipped');
      return d;
    });
    ids.window = { conversationId: late.id, messageId: customerMessage(late).id };
    server.openai.enqueue(text('Your order is ready.'));
    graph.failNext({ code: 131026 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000202', text: 'is my order ready?' }));
    const undelivered = await eventually(async () => {
      const d = await waDetail('4915100000202');
      expect(d.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('failed');
      return d;
    }, { timeoutMs: 20_000 });
    ids.delivery = { conversationId: undelivered.id, messageId: customerMessage(undelivered).id };
  }, 90_000);
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  const since = () => `from=${encodeURIComponent(new Date(Date.now() - 3 * 86_400_000).toISOString())}`;

  it('lists every customer message without an AI reply, newest first, with its reason and how to retry it', async () => {
    const body = await unanswered(since());
    const byMessage = Object.fromEntries(body.items.map((i: any) => [i.messageId, i]));
    const expected: Record<string, string> = {
      llm: 'llm_failed', tool: 'tool_failed', timeout: 'timeout', handover: 'handed_over', window: 'window_closed', delivery: 'delivery_failed',
    };
    for (const [key, reason] of Object.entries(expected)) {
      expect(byMessage[ids[key].messageId]).toMatchObject({ reason, conversationId: ids[key].conversationId, conversationUrl: `/api/v1/conversations/${ids[key].conversationId}` });
    }
    expect(body.items).toHaveLength(6);
    expect(byMessage[ids.answered.messageId]).toBeUndefined();
    expect(body.nextCursor).toBeNull();
    const times = body.items.map((i: any) => Date.parse(i.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    expect(byMessage[ids.llm.messageId]).toMatchObject({ retryable: true, retry: { method: 'POST', path: `/api/v1/conversations/${ids.llm.conversationId}/retry-reply` }, excerpt: 'can I order a cake?', assistantId: plainId });
    expect(byMessage[ids.timeout.messageId].detail).toContain('did not answer within');
    const delivery = byMessage[ids.delivery.messageId];
    expect(delivery).toMatchObject({ retryable: true, channel: 'whatsapp', retry: { method: 'POST', path: `/api/v1/messages/${delivery.replyMessageId}/retry-delivery` } });
    for (const key of ['handover', 'window']) expect(byMessage[ids[key].messageId]).toMatchObject({ retryable: false, retry: null });
  });

  it('filters by reason, assistant, channel and date, and pages with a cursor', async () => {
    expect((await unanswered(`${since()}&reason=tool_failed`)).items.map((i: any) => i.messageId)).toEqual([ids.tool.messageId]);
    expect((await unanswered(`${since()}&reason=delivery_failed`)).items.map((i: any) => i.messageId)).toEqual([ids.delivery.messageId]);
    expect((await unanswered(`${since()}&assistantId=${toolId}`)).items.map((i: any) => i.messageId)).toEqual([ids.tool.messageId]);
    expect((await unanswered(`${since()}&channel=whatsapp`)).items.map((i: any) => i.messageId).sort()).toEqual([ids.window.messageId, ids.delivery.messageId].sort());
    // The late WhatsApp message carries its provider time, two days back: the default 30 days include it, the last day not.
    const lastDay = await unanswered(`from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`);
    expect(lastDay.items.map((i: any) => i.messageId)).not.toContain(ids.window.messageId);
    expect(lastDay.items).toHaveLength(5);

    const all = (await unanswered(since())).items.map((i: any) => i.messageId);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await unanswered(`${since()}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((i: any) => i.messageId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('rejects bad filters with a 400 naming the field', async () => {
    const res = await api.get(`/api/v1/unanswered?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('from');
    expect((await api.get('/api/v1/unanswered?reason=bored')).status).toBe(400);
    expect((await api.get('/api/v1/unanswered?assistantId=nope')).status).toBe(400);
    expect((await api.get('/api/v1/unanswered?cursor=garbage')).status).toBe(400);
  });

  it('keeps tenants apart', async () => {
    expect((await unanswered(since(), other)).items).toEqual([]);
    expect((await other.get(`/api/v1/messages/${ids.answered.messageId}/trace`)).status).toBe(404);
  });

  it('a retried failure leaves the queue once answered', async () => {
    server.openai.enqueue(text('Yes, cakes too.'));
    const retry = (await unanswered(`${since()}&reason=llm_failed`)).items[0].retry;
    expect((await api.post(retry.path)).status).toBe(202);
    await eventually(async () => expect(customerMessage(await detailOf(ids.llm.conversationId)).replyState).toBe('answered'));
    expect((await unanswered(`${since()}&reason=llm_failed`)).items).toEqual([]);
  });

  it('traces a reply with a tool call stage by stage, in time order, through to its delivery', async () => {
    const res = await api.get(`/api/v1/messages/${ids.answered.messageId}/trace`);
    expect(res.status).toBe(200);
    const { stages } = res.body;
    expect(stages.map((s: any) => s.name)).toEqual(['received', 'queued', 'llm', 'tool', 'llm', 'stored', 'sent', 'delivered', ...(stages.at(-1).name === 'read' ? ['read'] : [])]);
    const times = stages.map((s: any) => Date.parse(s.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const s of stages) expect(s.durationMs).toBeGreaterThanOrEqual(0);
    expect(stages.find((s: any) => s.name === 'tool')).toMatchObject({ detail: 'collect_data' });
    expect(stages.find((s: any) => s.name === 'llm')).toMatchObject({ detail: expect.stringContaining('gpt-4o-mini') });
    // received lasts until the job was queued; the reply was stored after the last model call ended.
    expect(Date.parse(stages[0].at) + stages[0].durationMs).toBe(Date.parse(stages[1].at));
    const lastLlm = stages.filter((s: any) => s.name === 'llm').at(-1);
    expect(Date.parse(lastLlm.at) + lastLlm.durationMs).toBeLessThanOrEqual(Date.parse(stages.find((s: any) => s.name === 'stored').at) + 1);

    const reply = (await detailOf(ids.answered.conversationId)).messages.find((m: any) => m.author === 'assistant');
    const bad = await api.get(`/api/v1/messages/${reply.id}/trace`);
    expect(bad.status).toBe(400);
    expect((await api.get('/api/v1/messages/00000000-0000-4000-8000-000000000000/trace')).status).toBe(404);
  });

  it('traces the knowledge search an inject-mode assistant runs before the model', async () => {
    const kbId = await createKnowledgeBase(api);
    await addText(api, kbId, 'Opening hours', '# Opening hours\nThe shop is open Monday to Friday from 9:00 to 18:30.');
    const assistantId = (await api.post('/api/v1/assistants', {
      name: 'Knows', systemPrompt: 'x', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId], retrievalMode: 'inject', retrieval: { topK: 1, scoreThreshold: 0.05 },
    })).body.id;
    server.openai.enqueue(text('Monday to Friday, 9:00 to 18:30 [1].'));
    const asked = await testChat(assistantId, 'When are you open?', (d) => {
      expect(d.messages.find((m: any) => m.author === 'assistant')?.deliveryStatus).toBe('delivered');
    });
    const { stages } = (await api.get(`/api/v1/messages/${asked.messageId}/trace`)).body;
    expect(stages.map((s: any) => s.name).slice(0, 4)).toEqual(['received', 'queued', 'retrieval', 'llm']);
    const retrieval = stages[2];
    expect(retrieval.durationMs).toBeGreaterThanOrEqual(0);
    // The queue wait ends when the worker picks the turn up, before the search starts.
    expect(Date.parse(stages[1].at) + stages[1].durationMs).toBeLessThanOrEqual(Date.parse(retrieval.at));
    expect(Date.parse(retrieval.at) + retrieval.durationMs).toBeLessThanOrEqual(Date.parse(stages[3].at) + 1);
  });

  it('summarises p50/p95 per stage over a date range', async () => {
    const res = await api.get('/api/v1/traces/stats');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.stages.map((s: any) => [s.name, s]));
    expect(byName.llm.count).toBeGreaterThanOrEqual(2);
    expect(byName.tool.count).toBeGreaterThanOrEqual(1);
    expect(byName.retrieval.count).toBeGreaterThanOrEqual(1);
    expect(byName.total.p95Ms).toBeGreaterThanOrEqual(byName.total.p50Ms);
    expect((await api.get('/api/v1/traces/stats?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z')).status).toBe(400);
  });
});

describe('a reply in flight for longer than UNANSWERED_PENDING_MS', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({
      monitoring: { pendingAfterMs: 1_000 },
      conversations: { replyDebounceMs: 50, replyAttempts: 1, replyAttemptTimeoutMs: 8_000, replyBudgetMs: 20_000 },
    });
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());

  it('is listed as pending once the threshold has passed, with no retry offered', async () => {
    server.openai.respondWith(() => ({ kind: 'hang' }));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'still there?' });
    // Within the threshold it is in flight, not unanswered.
    expect((await api.get('/api/v1/unanswered')).body.items).toEqual([]);
    const item = await eventually(async () => {
      const { items } = (await api.get('/api/v1/unanswered?reason=pending')).body;
      expect(items).toHaveLength(1);
      return items[0];
    });
    expect(item).toMatchObject({ conversationId: chat.body.id, reason: 'pending', retryable: false, retry: null, excerpt: 'still there?' });
    const { stages } = (await api.get(`/api/v1/messages/${item.messageId}/trace`)).body;
    expect(stages.map((s: any) => s.name)).toEqual(['received', 'queued']);

    // The Chats list, its marker and exports follow the same configured threshold (1 s here, not the 2 min default).
    const list = await api.get('/api/v1/conversations?unanswered=true');
    expect(list.body.items.map((c: any) => c.id)).toEqual([chat.body.id]);
    expect(list.body.items[0].unanswered).toBe(true);
    const exported = await api.get('/api/v1/exports/conversations?unanswered=true&format=jsonl');
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain(chat.body.id);
  });
});
