import { existsSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { eventually } from '@confab/testing';
import { ExportJobs } from '@confab/exports';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** Texts a naive CSV writer gets wrong, and cells a spreadsheet would run as formulas. */
const AWKWARD = [
  'He said "hi", then left',
  'line one\nline two\r\nline three',
  'a;b;c, and d',
  'Grüße aus Köln: Straße, Ärger, Öl, Übermut ß',
  'emoji 👋🏽🎉 and "quotes"; mixed',
  '=SUM(A1:A2)',
  '+49 170 1234567',
  '-2+3',
  '@import',
  '\tleading tab',
];
const FORMULA_START = /^[=+\-@\t\r]/;

/** What a spreadsheet user sees in a CSV cell for a value: null as empty, formulas behind a single quote. */
const csvValue = (v: unknown) => (v === null || v === undefined ? '' : FORMULA_START.test(String(v)) ? `'${String(v)}` : String(v));

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

describe('exports: the filtered conversations as CSV and JSON Lines', () => {
  let server: TestServer;
  let api: ApiClient;
  let key: string;
  let tenantId: string;
  let shop: string;
  let support: string;
  const apiChats: string[] = [];
  const testChats: string[] = [];
  const exportsDir = join(tmpdir(), `confab-exports-test-${randomBytes(4).toString('hex')}`);

  const download = async (path: string, k: string = key) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${k}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const csvRows = async (path: string, options: { delimiter?: string; bom?: boolean } = {}) => {
    const res = await download(path);
    expect(res.status).toBe(200);
    return parse(res.bytes, { columns: true, delimiter: options.delimiter ?? ',', bom: options.bom ?? false, relax_quotes: false }) as Record<string, string>[];
  };
  const jsonl = (bytes: Buffer) => bytes.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
  const listIds = async (query: string) => (await api.get(`/api/v1/conversations?limit=200${query ? `&${query}` : ''}`)).body.items.map((c: any) => c.id).sort();

  beforeAll(async () => {
    server = await startTestServer({ openai: null, exports: { directory: exportsDir, linkTtlMs: 4000, sweepEveryMs: 3_600_000 } });
    ({ api, apiKey: key, id: tenantId } = await createTenant(server.url, server.platformKey));
    shop = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'handoff_to_human' }] })).body.id;
    support = (await api.post('/api/v1/assistants', { name: 'Support', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId: shop, config: {} })).body.id;
    for (const [i, text] of AWKWARD.entries()) {
      const name = i % 3 === 0 ? '=cmd|"/c calc"!A1, Jörg; 😀' : `Kundin ${i}`;
      const res = await api.post(`/api/v1/channels/${channel}/messages`, { customerId: `cust-${i}`, customerName: name, text });
      expect(res.status).toBe(200);
      apiChats.push(res.body.conversationId);
    }
    // A hand-over request: the offline responder calls the hand-over tool, which gives the tool-call export a row.
    await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'cust-0', text: 'Can I talk to a human please?' });
    await api.post(`/api/v1/conversations/${apiChats[1]}/close`, {});
    for (let i = 0; i < 3; i++) {
      const chat = (await api.post(`/api/v1/assistants/${support}/test-chats`, {})).body.id;
      await api.post(`/api/v1/conversations/${chat}/messages`, { text: `test chat ${i}, "quoted"`, wait: true });
      testChats.push(chat);
    }
    // Replies are delivered in the background: wait until every delivery status has settled, so exports compare stably.
    await eventually(async () => {
      for (const id of [...apiChats, ...testChats]) {
        const messages = (await api.get(`/api/v1/conversations/${id}`)).body.messages;
        expect(messages.filter((m: any) => m.deliveryStatus === 'pending' || m.replyState === 'pending')).toEqual([]);
      }
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(exportsDir, { recursive: true, force: true });
  });

  it('exports every message as RFC 4180 CSV that a real parser reads back value for value', async () => {
    const res = await download('/api/v1/exports/messages');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="messages-\d{8}-\d{6}\.csv"$/);
    const rows = parse(res.bytes, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['conversationId', 'id', 'createdAt', 'author', 'text', 'deliveryStatus', 'promptTokens', 'completionTokens', 'cost', 'currency']));

    const expected = [];
    for (const id of [...apiChats, ...testChats]) expected.push(...(await api.get(`/api/v1/conversations/${id}`)).body.messages.map((m: any) => ({ ...m, conversationId: id })));
    expect(rows).toHaveLength(expected.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const m of expected) {
      const row = byId.get(m.id)!;
      expect(row).toMatchObject({
        conversationId: m.conversationId,
        createdAt: iso(m.createdAt),
        author: m.author,
        direction: m.direction,
        text: csvValue(m.text),
        deliveryStatus: csvValue(m.deliveryStatus),
        promptTokens: csvValue(m.usage?.promptTokens),
        completionTokens: csvValue(m.usage?.completionTokens),
        cost: m.cost.amount,
        currency: m.cost.currency,
      });
    }
    // Every awkward text came through, the formula-like ones behind a single quote and nothing else changed.
    const customerTexts = rows.filter((r) => r.author === 'customer').map((r) => r.text);
    for (const text of AWKWARD) expect(customerTexts).toContain(FORMULA_START.test(text) ? `'${text}` : text);
    expect(customerTexts.filter((t) => /^[=+\-@\t\r]/.test(t))).toEqual([]);
    expect(rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r.createdAt))).toBe(true);
  });

  it("writes ';' and a byte-order mark for German Excel on request, with the same values", async () => {
    const comma = await csvRows('/api/v1/exports/conversations');
    const res = await download('/api/v1/exports/conversations?delimiter=;&bom=true');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.bytes.subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^id;channel;assistantId;/);
    const semicolon = parse(res.bytes, { columns: true, delimiter: ';', bom: true }) as Record<string, string>[];
    expect(semicolon).toEqual(comma);
    const named = semicolon.find((r) => r.customerName.startsWith("'="))!;
    expect(named.customerName).toBe(`'=cmd|"/c calc"!A1, Jörg; 😀`);
  });

  it('exports conversations with the list fields, money as decimal strings beside their currency', async () => {
    const rows = await csvRows('/api/v1/exports/conversations');
    const list = (await api.get('/api/v1/conversations?limit=200')).body.items;
    expect(rows.map((r) => r.id).sort()).toEqual(list.map((c: any) => c.id).sort());
    for (const c of list) {
      expect(rows.find((r) => r.id === c.id)).toMatchObject({
        channel: c.channel,
        assistantId: c.assistantId,
        customerIdentifier: csvValue(c.customer.identifier),
        customerName: csvValue(c.customer.name),
        status: c.status,
        messageCount: String(c.messageCount),
        totalCost: c.totalCost.amount,
        currency: c.totalCost.currency,
        createdAt: iso(c.createdAt),
        lastMessageAt: csvValue(iso(c.lastMessageAt)),
      });
    }
  });

  it('writes JSON Lines with exact texts, numbers as numbers and JSON columns as JSON', async () => {
    const res = await download('/api/v1/exports/messages?format=jsonl');
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.bytes.toString('utf8').endsWith('}\n')).toBe(true);
    const lines = jsonl(res.bytes);
    const csv = await csvRows('/api/v1/exports/messages');
    expect(lines.map((l) => l.id)).toEqual(csv.map((r) => r.id));
    for (const text of AWKWARD) expect(lines.map((l) => l.text)).toContain(text);
    const reply = lines.find((l) => l.author === 'assistant')!;
    expect(reply).toMatchObject({ cost: expect.stringMatching(/^\d+\.\d{6}$/), currency: 'USD', attachments: [], latencyMs: expect.any(Number) });
    const customer = lines.find((l) => l.author === 'customer')!;
    expect(customer).toMatchObject({ promptTokens: null, deliveryStatus: null });
  });

  it.each([
    ['channel=api', () => 'channel=api'],
    ['channel=test', () => 'channel=test'],
    ['assistantId', () => `assistantId=${support}`],
    ['status=closed', () => 'status=closed'],
    ['status=open&assistantId', () => `status=open&assistantId=${shop}`],
    ['customer', () => 'customer=cust-3'],
    ['a date range', () => 'from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z'],
    ['a range in the future', () => `from=${new Date(Date.now() + 3_600_000).toISOString()}`],
  ])('applies the list filter %s exactly like the list', async (_name, query) => {
    const expected = await listIds(query());
    const conversations = await csvRows(`/api/v1/exports/conversations?${query()}`);
    expect(conversations.map((r) => r.id).sort()).toEqual(expected);
    const messages = jsonl((await download(`/api/v1/exports/messages?format=jsonl&${query()}`)).bytes);
    expect([...new Set(messages.map((m) => m.conversationId))].sort()).toEqual(expected.filter((id: string) => conversations.find((c) => c.id === id && c.messageCount !== '0')));
  });

  it('answers 400 naming the field for a bad parameter', async () => {
    for (const [query, field] of [['format=xlsx', 'format'], ['delimiter=|', 'delimiter'], ['bom=maybe', 'bom'], ['from=yesterday', 'from'], ['nope=1', 'nope']]) {
      const res = await api.get(`/api/v1/exports/messages?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
  });

  it('exports tool calls with their arguments and results as JSON', async () => {
    const detail = (await api.get(`/api/v1/conversations/${apiChats[0]}`)).body;
    expect(detail.toolCalls.length).toBeGreaterThan(0);
    const rows = await csvRows(`/api/v1/exports/tool-calls?customer=cust-0`);
    expect(rows.map((r) => r.id)).toEqual(detail.toolCalls.map((t: any) => t.id));
    const [call] = detail.toolCalls;
    expect(rows[0]).toMatchObject({ conversationId: apiChats[0], name: call.name, validation: call.validation, durationMs: String(call.durationMs), createdAt: iso(call.createdAt) });
    expect(JSON.parse(rows[0].arguments)).toEqual(call.arguments);
    const lines = jsonl((await download('/api/v1/exports/tool-calls?format=jsonl')).bytes);
    expect(lines.find((l) => l.id === call.id)).toMatchObject({ arguments: call.arguments, result: call.result });
  });

  it('keeps tenants apart: another tenant exports nothing of ours and cannot see our background export', async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    const rows = parse((await download('/api/v1/exports/messages', other.apiKey)).bytes, { columns: true }) as unknown[];
    expect(rows).toEqual([]);
    expect(jsonl((await download('/api/v1/exports/conversations?format=jsonl', other.apiKey)).bytes)).toEqual([]);
    const ours = await api.post('/api/v1/exports', { level: 'messages' });
    expect((await other.api.get(`/api/v1/exports/${ours.body.id}`)).status).toBe(404);
  });

  it('runs a background export with progress and a signed link that works without the API key, then expires', async () => {
    const created = await api.post('/api/v1/exports', { level: 'messages', format: 'jsonl', channel: 'api' });
    expect(created.status).toBe(202);
    const done = await eventually(async () => {
      const res = await api.get(`/api/v1/exports/${created.body.id}`);
      expect(res.body.status).toBe('done');
      return res.body;
    });
    const streamed = (await download('/api/v1/exports/messages?format=jsonl&channel=api')).bytes.toString('utf8');
    expect(done).toMatchObject({ rowsTotal: jsonl(Buffer.from(streamed)).length, rowsDone: jsonl(Buffer.from(streamed)).length, downloadUrl: expect.stringContaining(`/api/v1/exports/${created.body.id}/download?`) });
    const link = new URL(done.downloadUrl);
    const path = `${link.pathname}${link.search}`;

    const file = await fetch(`${server.url}${path}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="messages-.*\.jsonl"$/);
    expect(await file.text()).toBe(streamed);

    const forged = new URL(path, server.url);
    forged.searchParams.set('expires', String(Number(forged.searchParams.get('expires')) + 3_600_000));
    expect((await fetch(forged)).status).toBe(403);
    const badSignature = new URL(path, server.url);
    badSignature.searchParams.set('signature', 'A'.repeat(43));
    expect((await fetch(badSignature)).status).toBe(403);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(done.expiresAt).getTime() - Date.now() + 50)));
    const gone = await apiClient(server.url).get(path);
    expect(gone).toMatchObject({ status: 410, body: { code: 'GONE' } });
    expect((await api.get(`/api/v1/exports/${created.body.id}`)).body).toMatchObject({ status: 'expired', downloadUrl: null });
    const filePath = join(exportsDir, tenantId, `${created.body.id}.jsonl`);
    expect(existsSync(filePath)).toBe(true);
    expect(await server.app.get(ExportJobs).sweep()).toBeGreaterThanOrEqual(1);
    expect(existsSync(filePath)).toBe(false);
  });

  describe('with thousands of rows', () => {
    beforeAll(async () => {
      // Bulk rows straight into the database: enough that a streamed export is still running when its client leaves.
      const pg = new Client({ connectionString: server.db.url });
      await pg.connect();
      try {
        await pg.query(
          `insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, created_at)
           select gen_random_uuid(), c.tenant_id, c.id, c.connection_id, 'inbound', 'customer', repeat('bulk, "text"; ', 40) || g, now() - interval '1 hour'
           from conversations c, generate_series(1, 4000) g where c.id = $1`,
          [testChats[0]],
        );
      } finally {
        await pg.end();
      }
    });

    it('keeps serving when clients abort exports mid-stream, and frees the database connections', async () => {
      for (let i = 0; i < 15; i++) {
        const controller = new AbortController();
        const res = await fetch(`${server.url}/api/v1/exports/messages`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
        const reader = res.body!.getReader();
        await reader.read();
        controller.abort();
      }
      // Fifteen abandoned cursors would exhaust the connection pool if any were kept: the next export must still run.
      const rows = await csvRows('/api/v1/exports/messages?channel=test');
      expect(rows.length).toBeGreaterThan(4000);
      const pg = new Client({ connectionString: server.db.url });
      await pg.connect();
      try {
        await eventually(async () => {
          const { rows: open } = await pg.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state = 'active' and query like '%messages m%'`, [server.db.name]);
          expect(open[0].n).toBe(0);
        });
      } finally {
        await pg.end();
      }
    });
  });
});
