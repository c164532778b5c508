import type { Queue } from 'bull';
import { getQueueToken } from '@nestjs/bull';
import { AI_REPLY_QUEUE } from '@confab/conversations';
import { apiError, eventually, queryDatabase, startFakeGraph, text, toolCalls, type FakeGraph } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

/**
 * The metrics read-model end to end: WhatsApp chats and a test chat through the real pipeline (loopback Graph and
 * OpenAI), the projector rolling up the event log, GET /api/v1/metrics checked against hand-counted figures.
 */
describe('metrics (GET /api/v1/metrics from the event-log projection)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let tenantId: string;
  let assistantId: string;
  const conversations: Record<string, any> = {};

  const berlinDay = (offsetDays = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() + offsetDays * 86_400_000));
  const range = () => `from=${berlinDay(-1)}&to=${berlinDay(1)}`;
  const metrics = async (query: string, client = api) => {
    const res = await client.get(`/api/v1/metrics?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const detailOf = async (phone: string) => {
    const list = await api.get(`/api/v1/conversations?channel=whatsapp&customer=${phone}`);
    return list.body.items[0] ? (await api.get(`/api/v1/conversations/${list.body.items[0].id}`)).body : null;
  };
  const replies = (detail: any) => detail?.messages.filter((m: any) => m.author === 'assistant') ?? [];
  const caughtUp = async () => {
    const [{ max }] = await queryDatabase<{ max: string }>(server.db.url, 'select max(id)::text as max from domain_events');
    await eventually(async () => {
      const [row] = await queryDatabase<{ last: string }>(server.db.url, "select last_event_id::text as last from projection_checkpoints where name = 'metrics'");
      expect(Number(row?.last ?? 0)).toBeGreaterThanOrEqual(Number(max));
    });
  };

  beforeAll(async () => {
    server = await startTestServer({ conversations: { replyDebounceMs: 400, replyAttempts: 2, replyBackoffMs: 30, sendAttempts: 2, sendBackoffMs: 30 } });
    graph = await startFakeGraph();
    let apiKey: string;
    ({ api, id: tenantId, apiKey } = await createTenant(server.url, server.platformKey, 'Bakery'));
    void apiKey;
    assistantId = (await api.post('/api/v1/assistants', { name: 'Bakery', systemPrompt: 'You sell bread.', model: 'gpt-4o-mini', tools: [{ name: 'handoff_to_human' }] })).body.id;
    const channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);

    // 1. A burst: two messages before the debounce ends, answered by one reply.
    // A single message is answered at once; replies wait until both have arrived, so the first is not answered
    // (and its text dropped) before the second comes, which would bill a second model call.
    server.openai.enqueue(text('Both answered: yes, and until 6 pm.'));
    const replyQueue = server.app.get<Queue>(getQueueToken(AI_REPLY_QUEUE));
    await replyQueue.pause();
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000101', text: 'Do you have rye bread?' }));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000101', text: 'And how long are you open?' }));
    await eventually(async () => {
      const counts = (await replyQueue.getJobCounts()) as unknown as Record<string, number>;
      expect(counts.paused + counts.delayed + counts.waiting).toBeGreaterThanOrEqual(2);
    });
    await replyQueue.resume();
    conversations.burst = await eventually(async () => {
      const c = await detailOf('4915100000101');
      expect(replies(c)[0]?.sentAt).toBeTruthy();
      expect(c.messages.filter((m: any) => m.author === 'customer').map((m: any) => m.replyState)).toEqual(['answered', 'answered']);
      return c;
    });

    // 2. The model fails for good (a 400 is not retried): the offline fallback goes out, the message is not answered by the AI.
    server.openai.enqueue(apiError(400, { message: 'bad request' }));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000102', text: 'Can I order a cake?' }));
    conversations.failedModel = await eventually(async () => {
      const c = await detailOf('4915100000102');
      expect(c.messages[0].replyState).toBe('failed');
      expect(c.owner).toBe('human');
      expect(replies(c)[0]?.sentAt).toBeTruthy();
      return c;
    });

    // 3. A hand-over: the AI hands over in its reply; the next customer message waits for, and gets, a colleague's answer.
    server.openai.enqueue(toolCalls({ name: 'handoff_to_human', arguments: { reason: 'Complaint' } }), text('A colleague will take over.'));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000103', text: 'I want to complain' }));
    await eventually(async () => {
      const c = await detailOf('4915100000103');
      expect(c.owner).toBe('human');
      expect(replies(c)[0]?.sentAt).toBeTruthy();
    });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000103', text: 'hello?' }));
    const handedOver = await eventually(async () => {
      const c = await detailOf('4915100000103');
      // WhatsApp timestamps have whole seconds: 'hello?' can sort before the reply that came just before it.
      expect(c.messages.find((m: any) => m.text === 'hello?')).toMatchObject({ replyState: 'skipped' });
      return c;
    });
    expect((await api.post(`/api/v1/conversations/${handedOver.id}/agent-messages`, { text: 'Hi, Anna here.' })).status).toBe(202);
    conversations.handover = await eventually(async () => {
      const c = await detailOf('4915100000103');
      expect(c.messages.find((m: any) => m.author === 'agent')?.sentAt).toBeTruthy();
      return c;
    });

    // 4. The reply fails to deliver with Graph's code 131026.
    server.openai.enqueue(text('Your order is ready.'));
    graph.failNext({ code: 131026 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000104', text: 'Is my order ready?' }));
    conversations.failedDelivery = await eventually(async () => {
      const c = await detailOf('4915100000104');
      expect(replies(c)[0]?.deliveryStatus).toBe('failed');
      return c;
    });

    // 5. A test chat from the dashboard: answered, but left out unless includeTest=true.
    server.openai.enqueue(text('Test answer.'));
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'testing', wait: true });
    conversations.test = await eventually(async () => {
      const c = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
      expect(replies(c)[0]?.sentAt).toBeTruthy();
      return c;
    });
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  /** The response times of the production replies, from the first message each answered to the reply's send. */
  function expectedResponseTimes(): number[] {
    return [conversations.burst, conversations.handover].map((c) => {
      const reply = replies(c)[0];
      const first = c.messages.find((m: any) => m.author === 'customer');
      return Date.parse(reply.sentAt) - Date.parse(first.createdAt);
    }).sort((a, b) => a - b);
  }

  const production = () => [conversations.burst, conversations.failedModel, conversations.handover, conversations.failedDelivery];

  function expectHandCountedTotals(totals: any) {
    // Messages: burst 2 customer + 1 reply; failed model 1 + 1 fallback; hand-over 2 + 1 reply + 1 agent; failed delivery 1 + 1.
    expect(totals).toMatchObject({
      chats: 4,
      messages: 11,
      customerMessages: 6,
      messagesByAuthor: { customer: 6, assistant: 4, agent: 1, system: 0 },
      messagesPerChat: 2.75,
      // Answered by the AI: the burst's two and the hand-over's first; a colleague answered 'hello?'.
      answeredByAi: 3,
      answeredByHuman: 1,
      // The failed model call's message and the failed delivery's message.
      unanswered: 2,
      responseRate: 0.5,
      failedDeliveries: 1,
      failedDeliveriesByCode: [{ code: '131026', count: 1 }],
      // The hand-over, and the failed model call: an assistant with handoff_to_human hands over when its model fails for good.
      handoffs: 2,
    });
    const times = expectedResponseTimes();
    expect(totals.responseTimeMs.count).toBe(2);
    expect(totals.responseTimeMs.mean).toBe(Math.round((times[0] + times[1]) / 2));
    // Nearest rank: p50 of two samples is the smaller, p95 the larger; the histogram keeps them within 2%, and the
    // API rounds to whole milliseconds (half a millisecond more).
    expect(Math.abs(totals.responseTimeMs.p50 - times[0])).toBeLessThanOrEqual(Math.max(1, times[0] * 0.02 + 0.5));
    expect(Math.abs(totals.responseTimeMs.p95 - times[1])).toBeLessThanOrEqual(Math.max(1, times[1] * 0.02 + 0.5));
    const cost = production().reduce((sum, c) => sum + c.totalCost.micros, 0);
    expect(cost).toBeGreaterThan(0);
    expect(totals.totalCost).toMatchObject({ micros: cost, currency: 'USD' });
    expect(totals.costPerChat.micros).toBe(Math.round(cost / 4));
    expect(totals.costByKind.llm.micros + totals.costByKind.embeddings.micros + totals.costByKind.channelFees.micros).toBe(cost);
  }

  it('counts the hand-counted fixtures exactly, and leaves the test chat out', async () => {
    await caughtUp();
    const body = await eventually(async () => {
      const b = await metrics(range());
      expect(b.totals.chats).toBe(4);
      expect(b.totals.messages).toBe(11);
      expect(b.totals.answeredByHuman).toBe(1);
      return b;
    });
    expectHandCountedTotals(body.totals);
    expect(body).toMatchObject({ timezone: 'Europe/Berlin', includeTest: false, interval: 'day', failedDeliveriesByCode: [{ code: '131026', count: 1 }] });
    expect(body.series).toHaveLength(3);
    expect(body.series.map((p: any) => p.key)).toEqual([berlinDay(-1), berlinDay(0), berlinDay(1)]);
    expect(body.series.reduce((n: number, p: any) => n + p.chats, 0)).toBe(4);
  });

  it('counts the test chat only with includeTest=true, and groups by assistant, channel and day', async () => {
    await caughtUp();
    const withTest = await metrics(`${range()}&includeTest=true&groupBy=channel`);
    expect(withTest.totals).toMatchObject({ chats: 5, customerMessages: 7, answeredByAi: 4, unanswered: 2, messages: 13 });
    expect(withTest.groups.map((g: any) => [g.key, g.chats])).toEqual([['test', 1], ['whatsapp', 4]]);
    expect(withTest.groups.find((g: any) => g.key === 'test')).toMatchObject({ responseRate: 1, responseTimeMs: { count: 1 } });

    const byAssistant = await metrics(`${range()}&groupBy=assistant`);
    expect(byAssistant.groups).toHaveLength(1);
    expect(byAssistant.groups[0]).toMatchObject({ key: assistantId, chats: 4, customerMessages: 6 });

    const byDay = await metrics(`${range()}&groupBy=day`);
    expect(byDay.groups.reduce((n: number, g: any) => n + g.customerMessages, 0)).toBe(6);
    expect((await metrics(`${range()}&channel=test`)).totals.chats).toBe(0);
    expect((await metrics(`${range()}&channel=test&includeTest=true`)).totals.chats).toBe(1);
    expect((await metrics(`${range()}&assistantId=${assistantId}`)).totals.chats).toBe(4);

    const hourly = await metrics(`from=${berlinDay(0)}&to=${berlinDay(0)}`);
    expect(hourly.interval).toBe('hour');
    expect(hourly.series).toHaveLength(24);
  });

  it('counts an event that appears twice in the log once', async () => {
    await caughtUp();
    const before = await metrics(`${range()}&includeTest=true&groupBy=channel`);
    // Re-append a copy of every event of the tenant: the log now says everything happened twice.
    await queryDatabase(
      server.db.url,
      `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload, occurred_at)
       select tenant_id, aggregate_type, aggregate_id, type, payload, occurred_at from domain_events where tenant_id = $1 order by id`,
      [tenantId],
    );
    await caughtUp();
    const after = await metrics(`${range()}&includeTest=true&groupBy=channel`);
    expect(after).toEqual(before);
    expectHandCountedTotals((await metrics(range())).totals);
  });

  it('rebuilds from the log to the same figures, for one tenant and for all', async () => {
    await caughtUp();
    const before = await metrics(`${range()}&includeTest=true&groupBy=day&interval=hour`);
    const beforeDaily = await metrics(`${range()}&includeTest=true&groupBy=assistant`);
    const admin = apiClient(server.url, server.platformKey);
    expect((await api.post('/api/v1/admin/metrics/rebuild')).status).toBe(401);
    const one = await admin.post(`/api/v1/admin/metrics/rebuild?tenantId=${tenantId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ tenantId, events: expect.any(Number) });
    expect(one.body.events).toBeGreaterThan(20);
    expect(await metrics(`${range()}&includeTest=true&groupBy=day&interval=hour`)).toEqual(before);
    expect(await metrics(`${range()}&includeTest=true&groupBy=assistant`)).toEqual(beforeDaily);
    const all = await admin.post('/api/v1/admin/metrics/rebuild');
    expect(all.status).toBe(200);
    expect(all.body.tenantId).toBeNull();
    expect(await metrics(`${range()}&includeTest=true&groupBy=day&interval=hour`)).toEqual(before);
    expect(await metrics(`${range()}&includeTest=true&groupBy=assistant`)).toEqual(beforeDaily);
    expect((await admin.post('/api/v1/admin/metrics/rebuild?tenantId=nope')).status).toBe(400);
  });

  it("counts a message in the tenant's local day: 23:30 UTC on 10 March is 11 March in Berlin", async () => {
    const at = Date.parse('2026-03-10T23:30:00Z') / 1000;
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000109', text: 'late night question', timestamp: at }));
    await eventually(async () => expect((await metrics('from=2026-03-11&to=2026-03-11')).totals.customerMessages).toBe(1), { timeoutMs: 20_000 });
    const night = await metrics('from=2026-03-11&to=2026-03-11');
    expect(night.series[0]).toMatchObject({ key: '2026-03-11T00:00', customerMessages: 1 });
    expect((await metrics('from=2026-03-10&to=2026-03-10')).totals.customerMessages).toBe(0);
    // The window had long closed, so no reply was attempted: the message is unanswered.
    expect((await metrics('from=2026-03-11&to=2026-03-11')).totals).toMatchObject({ unanswered: 1, responseRate: 0 });
  });

  it('keeps tenants apart, and the tenant timezone is the platform admin\'s to set', async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    const seen = await metrics(range(), other.api);
    expect(seen.totals).toMatchObject({ chats: 0, messages: 0, responseRate: null, costPerChat: null, totalCost: { micros: 0 } });
    const foreign = await metrics(`${range()}&assistantId=${assistantId}&groupBy=assistant`, other.api);
    expect(foreign.totals.chats).toBe(0);
    expect(foreign.groups).toEqual([]);

    expect((await other.api.get('/api/v1/tenant')).body).toMatchObject({ id: other.id, timezone: 'Europe/Berlin' });
    // The read scope is enough for the figures.
    const reader = await api.post('/api/v1/api-keys', { name: 'Reporting', scopes: ['read'] });
    expect(reader.body.scopes).toEqual(['read']);
    expect(await metrics(range(), apiClient(server.url, reader.body.apiKey))).toEqual(await metrics(range()));
    const admin = apiClient(server.url, server.platformKey);
    const bad = await admin.patch(`/api/v1/tenants/${other.id}`, { timezone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('timezone');
    expect((await other.api.patch(`/api/v1/tenants/${other.id}`, { timezone: 'UTC' })).status).toBe(401);
    const changed = await admin.patch(`/api/v1/tenants/${other.id}`, { timezone: 'America/New_York' });
    expect(changed.status).toBe(200);
    expect(changed.body.timezone).toBe('America/New_York');
    expect((await metrics(range(), other.api)).timezone).toBe('America/New_York');
  });

  it('answers exactly what the OpenAPI document describes', async () => {
    const doc = (await apiClient(server.url).get('/docs/openapi.json')).body;
    const resolve = (s: any): any => (s?.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()]) : s?.allOf?.length === 1 ? { ...resolve(s.allOf[0]), ...s, allOf: undefined } : s);
    /** Paths where the live value departs from the schema: undocumented, missing or mistyped fields. */
    const departures = (schema: any, value: unknown, at = '$'): string[] => {
      const s = resolve(schema) ?? {};
      if (value === null) return s.nullable ? [] : [`${at}: null but not nullable`];
      if (s.type === 'array') return Array.isArray(value) ? value.flatMap((v, i) => departures(s.items, v, `${at}[${i}]`)) : [`${at}: not an array`];
      if (s.type === 'number' || s.type === 'string' || s.type === 'boolean') return typeof value === s.type ? [] : [`${at}: not a ${s.type}`];
      if (s.properties) {
        const record = value as Record<string, unknown>;
        return [
          ...Object.entries(record).flatMap(([k, v]) => (s.properties[k] ? departures(s.properties[k], v, `${at}.${k}`) : [`${at}.${k}: not documented`])),
          ...(s.required ?? []).filter((k: string) => !(k in record)).map((k: string) => `${at}.${k}: missing`),
        ];
      }
      return [];
    };
    const op = doc.paths['/api/v1/metrics'].get;
    expect(op.parameters.map((p: any) => p.name).sort()).toEqual(['assistantId', 'channel', 'from', 'groupBy', 'includeTest', 'interval', 'to']);
    const live = await metrics(`${range()}&groupBy=channel&includeTest=true`);
    expect(departures(op.responses['200'].content['application/json'].schema, live)).toEqual([]);
    const rebuild = doc.paths['/api/v1/admin/metrics/rebuild'].post.responses['200'].content['application/json'].schema;
    expect(departures(rebuild, (await apiClient(server.url, server.platformKey).post(`/api/v1/admin/metrics/rebuild?tenantId=${tenantId}`)).body)).toEqual([]);
    const tenant = doc.paths['/api/v1/tenant'].get.responses['200'].content['application/json'].schema;
    expect(departures(tenant, (await api.get('/api/v1/tenant')).body)).toEqual([]);
  });

  it('refuses impossible ranges with a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['from=2026-03-05&to=2026-03-01', 'from'],
      ['from=yesterday', 'from'],
      ['groupBy=week', 'groupBy'],
      ['includeTest=maybe', 'includeTest'],
      ['assistantId=42', 'assistantId'],
      ['from=2026-01-01&to=2026-03-01&interval=hour', 'interval'],
    ];
    for (const [query, field] of cases) {
      const res = await api.get(`/api/v1/metrics?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });
});
