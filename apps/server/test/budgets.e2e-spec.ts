import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { eventually, queryDatabase, startWebhookReceiver, text, type WebhookReceiver } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** What a receiver does with a Standard Webhooks delivery: recompute the signature from the whsec_ secret. */
function verifies(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

// gpt-4o-mini: 0.15 USD per 1M prompt tokens, 0.60 per 1M completion tokens.
const costs = (micros: { prompt: number; completion: number }) => ({ promptTokens: micros.prompt, completionTokens: micros.completion });
/** 150 + 660 = 810 micros. */
const USAGE_810 = costs({ prompt: 1000, completion: 1100 });
/** 150 + 600 = 750 micros. */
const USAGE_750 = costs({ prompt: 1000, completion: 1000 });

describe('budgets: a monthly cap warns at 80%, stops the model at 100% and resumes when raised', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let api: ApiClient;
  let secret: string;

  const put = (path: string, body: unknown, client = api) => client.raw('PUT', path, body);
  const hooks = (path: string, type: string) => receiver.received.filter((r) => r.path === path && r.json?.type === type);
  const chatCalls = () => server.openai.calls('/chat/completions').length;

  beforeAll(async () => {
    server = await startTestServer();
    receiver = await startWebhookReceiver();
    ({ api } = await createTenant(server.url, server.platformKey));
    secret = (await api.post('/api/v1/webhooks', { url: `${receiver.url}/budget`, events: ['budget.warning', 'budget.exhausted'] })).body.secret;
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  it('validates the cap, naming the field, and keeps other tenants out', async () => {
    const bot = (await api.post('/api/v1/assistants', { name: 'V', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    for (const [body, field] of [
      [{ monthlyLimit: 10, currency: 'USD' }, 'monthlyLimit'],
      [{ monthlyLimit: '-1', currency: 'USD' }, 'monthlyLimit'],
      [{ monthlyLimit: '1.1234567', currency: 'USD' }, 'monthlyLimit'],
      [{ monthlyLimit: '10', currency: 'EUR' }, 'currency'],
      [{ monthlyLimit: '10', currency: 'USD', includeTest: 'yes' }, 'includeTest'],
    ] as const) {
      const res = await put('/api/v1/budgets/tenant', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await api.get('/api/v1/budgets/tenant')).status).toBe(404);
    const set = await put(`/api/v1/budgets/assistants/${bot}`, { monthlyLimit: '12.5', currency: 'USD' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ scope: 'assistant', assistantId: bot, monthlyLimit: { micros: 12_500_000, amount: '12.500000', currency: 'USD' }, spent: { micros: 0 }, status: 'ok', includeTest: false });
    expect(set.body.month).toMatch(/^\d{4}-\d{2}$/);

    const other = await createTenant(server.url, server.platformKey, 'Stranger');
    expect((await put(`/api/v1/budgets/assistants/${bot}`, { monthlyLimit: '1', currency: 'USD' }, other.api)).status).toBe(404);
    expect((await other.api.get(`/api/v1/budgets/assistants/${bot}`)).status).toBe(404);
    expect((await other.api.delete(`/api/v1/budgets/assistants/${bot}`)).status).toBe(404);
    expect((await other.api.get('/api/v1/budgets')).body).toEqual([]);
    const reader = apiClient(server.url, (await api.post('/api/v1/api-keys', { name: 'r', scopes: ['read'] })).body.apiKey);
    expect((await reader.get(`/api/v1/budgets/assistants/${bot}`)).status).toBe(200);
    expect((await put(`/api/v1/budgets/assistants/${bot}`, { monthlyLimit: '1', currency: 'USD' }, reader)).status).toBe(403);
    expect((await api.delete(`/api/v1/budgets/assistants/${bot}`)).status).toBe(204);
    expect((await api.get(`/api/v1/budgets/assistants/${bot}`)).status).toBe(404);
  });

  it('warns once at 80%, answers with the fallback without calling the model at 100%, and resumes when the cap is raised', async () => {
    const bot = (await api.post('/api/v1/assistants', { name: 'Capped', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId: bot })).body.id;
    const say = (t: string) => api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'c1', text: t });
    expect((await put('/api/v1/budgets/tenant', { monthlyLimit: '0.001', currency: 'USD' })).status).toBe(200);

    server.openai.enqueue(text('First answer.', USAGE_810));
    const first = await say('one');
    expect(first.body.replies.map((r: any) => r.text)).toEqual(['First answer.']);
    const warned = await eventually(() => {
      const hits = hooks('/budget', 'budget.warning');
      expect(hits).toHaveLength(1);
      return hits[0];
    });
    expect(verifies(secret, warned.headers, warned.body)).toBe(true);
    expect(warned.json.data).toMatchObject({ scope: 'tenant', assistantId: null, monthlyLimit: { micros: 1000 }, spent: { micros: 810, amount: '0.000810', currency: 'USD' } });
    expect((await api.get('/api/v1/budgets/tenant')).body).toMatchObject({ status: 'warning', spent: { micros: 810 } });

    // Still under the cap: the model answers, and this reply crosses 100%.
    server.openai.enqueue(text('Second answer.', USAGE_750));
    expect((await say('two')).body.replies.map((r: any) => r.text)).toEqual(['Second answer.']);
    const exhausted = await eventually(() => {
      const hits = hooks('/budget', 'budget.exhausted');
      expect(hits).toHaveLength(1);
      return hits[0];
    });
    expect(verifies(secret, exhausted.headers, exhausted.body)).toBe(true);
    expect(exhausted.json.data).toMatchObject({ scope: 'tenant', spent: { micros: 1560 } });

    const before = chatCalls();
    server.openai.enqueue(text('must not be sent'));
    const third = await say('three');
    const fourth = await say('four');
    expect(chatCalls()).toBe(before);
    const detail = (await api.get(`/api/v1/conversations/${first.body.conversationId}`)).body;
    const customer = detail.messages.filter((m: any) => m.author === 'customer');
    expect(customer.slice(2).map((m: any) => [m.replyState, m.replyError])).toEqual([['skipped', 'budget_exhausted'], ['skipped', 'budget_exhausted']]);
    const replies = detail.messages.filter((m: any) => m.author === 'assistant');
    expect(replies).toHaveLength(4);
    expect(replies[2].text).toMatch(/unavailable/);
    expect(replies[2].metadata).toMatchObject({ fallback: true });
    expect(third.status).toBe(200);
    expect(fourth.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(hooks('/budget', 'budget.exhausted')).toHaveLength(1);
    expect(hooks('/budget', 'budget.warning')).toHaveLength(1);

    // Raising the cap works from the next message on.
    expect((await put('/api/v1/budgets/tenant', { monthlyLimit: '1.00', currency: 'USD' })).body).toMatchObject({ status: 'ok' });
    const resumed = await say('five');
    expect(resumed.body.replies.map((r: any) => r.text)).toEqual(['must not be sent']);
    expect(chatCalls()).toBe(before + 1);
    expect((await api.delete('/api/v1/budgets/tenant')).status).toBe(204);
  });

  it('hands over when the assistant can, and keeps an assistant budget apart from the tenant budget', async () => {
    const capped = (await api.post('/api/v1/assistants', { name: 'Small', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'handoff_to_human' }] })).body.id;
    const free = (await api.post('/api/v1/assistants', { name: 'Free', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    await put(`/api/v1/budgets/assistants/${capped}`, { monthlyLimit: '0.0005', currency: 'USD' });
    const cappedChannel = (await api.post('/api/v1/channels', { type: 'api', assistantId: capped })).body.id;
    const freeChannel = (await api.post('/api/v1/channels', { type: 'api', assistantId: free })).body.id;

    server.openai.enqueue(text('Capped answer.', USAGE_750), text('Free answer.', USAGE_750));
    await api.post(`/api/v1/channels/${cappedChannel}/messages`, { customerId: 'h1', text: 'hello' });
    const exhausted = await eventually(() => {
      const hits = hooks('/budget', 'budget.exhausted').filter((h) => h.json.data.assistantId === capped);
      expect(hits).toHaveLength(1);
      return hits[0];
    });
    expect(exhausted.json.data).toMatchObject({ scope: 'assistant', monthlyLimit: { micros: 500 } });

    const before = chatCalls();
    const stopped = await api.post(`/api/v1/channels/${cappedChannel}/messages`, { customerId: 'h1', text: 'are you there?' });
    expect(chatCalls()).toBe(before);
    const conv = (await api.get(`/api/v1/conversations/${stopped.body.conversationId}`)).body;
    expect(conv.owner).toBe('human');
    expect(conv.messages.filter((m: any) => m.author === 'customer').at(-1)).toMatchObject({ replyState: 'skipped', replyError: 'budget_exhausted' });

    // The other assistant of the same tenant is not capped.
    const other = await api.post(`/api/v1/channels/${freeChannel}/messages`, { customerId: 'h2', text: 'hi' });
    expect(other.body.replies.map((r: any) => r.text)).toEqual(['Free answer.']);
    expect((await api.get(`/api/v1/budgets/assistants/${capped}`)).body).toMatchObject({ status: 'exhausted', spent: { micros: 750 } });
    expect((await api.delete(`/api/v1/budgets/assistants/${capped}`)).status).toBe(204);
  });

  it('leaves test chats out of a budget unless it includes them', async () => {
    const bot = (await api.post('/api/v1/assistants', { name: 'Tested', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    await put(`/api/v1/budgets/assistants/${bot}`, { monthlyLimit: '0.0005', currency: 'USD' });
    const chat = (await api.post(`/api/v1/assistants/${bot}/test-chats`, {})).body.id;
    server.openai.enqueue(text('Test one.', USAGE_750), text('Test two.', USAGE_750));
    await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'one', wait: true });
    const second = await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'two', wait: true });
    expect(second.body.status).toBe('answered');
    expect((await api.get(`/api/v1/budgets/assistants/${bot}`)).body).toMatchObject({ status: 'ok', spent: { micros: 0 } });

    // Counted once the budget includes test chats: the spend so far is over the cap, so the model is not asked.
    const included = await put(`/api/v1/budgets/assistants/${bot}`, { monthlyLimit: '0.0005', currency: 'USD', includeTest: true });
    expect(included.body).toMatchObject({ includeTest: true, status: 'exhausted', spent: { micros: 1500 } });
    const before = chatCalls();
    await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'three', wait: true });
    expect(chatCalls()).toBe(before);
    const msgs = (await api.get(`/api/v1/conversations/${chat}`)).body.messages.filter((m: any) => m.author === 'customer');
    expect(msgs.at(-1)).toMatchObject({ replyState: 'skipped', replyError: 'budget_exhausted' });
  });

  it("lets two open transactions of one tenant add to its spend without waiting for each other's commit", async () => {
    const t = await createTenant(server.url, server.platformKey, 'Concurrent');
    const connect = async () => {
      const client = new Client({ connectionString: server.db.url });
      await client.connect();
      const shard = Number((await client.query('select pg_backend_pid() % 64 as shard')).rows[0].shard);
      return { client, shard };
    };
    const opened = [await connect(), await connect()];
    // Two connections share a counter row when their backend ids meet modulo 64 (as they may in production, rarely).
    while (opened[opened.length - 1].shard === opened[0].shard) opened.push(await connect());
    for (const spare of opened.slice(1, -1)) await spare.client.end();
    const [first, second] = [opened[0].client, opened[opened.length - 1].client];
    const ledger = (client: Client, micros: number) =>
      client.query(`insert into usage_records (id, tenant_id, kind, model, cost_micros) values (gen_random_uuid(), $1, 'embedding', 'm', $2)`, [t.id, micros]);
    try {
      await first.query('begin');
      await ledger(first, 11);
      // A single counter row per tenant made this insert wait for the first transaction's commit.
      await second.query(`begin; set local lock_timeout = '500ms'`);
      await ledger(second, 22);
      await Promise.all([first.query('commit'), second.query('commit')]);
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    const [row] = await queryDatabase<{ spent: string }>(server.db.url,
      `select sum(spent_micros)::text as spent from budget_spend where tenant_id = $1 and scope_key = 'tenant'`, [t.id]);
    expect(row.spent).toBe('33');
  });

  it("counts every ledger row in the tenant's own month, by its timezone", async () => {
    const t = await createTenant(server.url, server.platformKey, 'Zoned');
    const ledger = (at: string, micros: number) =>
      queryDatabase(server.db.url, `insert into usage_records (id, tenant_id, kind, model, cost_micros, created_at) values (gen_random_uuid(), $1, 'embedding', 'm', $2, $3)`, [t.id, micros, at]);
    // 23:30 UTC on 30 November is 00:30 on 1 December in Berlin.
    await ledger('2026-11-30T23:30:00Z', 7);
    await ledger('2026-11-30T22:30:00Z', 5);
    await apiClient(server.url, server.platformKey).patch(`/api/v1/tenants/${t.id}`, { timezone: 'UTC' });
    await ledger('2026-11-30T23:45:00Z', 3);
    const rows = await queryDatabase<{ month: string; spent: string }>(server.db.url,
      `select month, sum(spent_micros)::text as spent from budget_spend where tenant_id = $1 and scope_key = 'tenant' group by month order by month`, [t.id]);
    expect(rows).toEqual([{ month: '2026-11', spent: '8' }, { month: '2026-12', spent: '7' }]);
  });
});
