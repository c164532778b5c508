import { queryDatabase, text, toolCalls } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('lookup_records over a tenant data table', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());

  it('loads a table from CSV, upserts by key, refuses bad rows, and answers "where is my order" through the model', async () => {
    const created = await api.post('/api/v1/data-tables', {
      name: 'orders', key: 'order_id',
      columns: [{ name: 'order_id', type: 'string' }, { name: 'customer', type: 'string' }, { name: 'status', type: 'string' }, { name: 'total', type: 'number' }],
    });
    expect(created.status).toBe(201);
    const csv = 'order_id,customer,status,total\nA-1001,Jane Doe,shipped,19.90\nA-1002,"Doe, John",open,5\n';
    const loaded = await api.raw('PUT', '/api/v1/data-tables/orders/rows', csv, { 'content-type': 'text/csv' });
    expect(loaded.status).toBe(200);
    expect(loaded.body.rowCount).toBe(2);
    const upserted = await api.raw('PUT', '/api/v1/data-tables/orders/rows?mode=upsert', [{ order_id: 'A-1002', customer: 'Doe, John', status: 'delivered', total: 5 }, { order_id: 'A-1003', customer: 'Kim', status: 'open', total: 7 }]);
    expect(upserted.body.rowCount).toBe(3);
    const bad = await api.raw('PUT', '/api/v1/data-tables/orders/rows?mode=upsert', [{ order_id: 'A-9', total: 'lots' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.details.field).toBe('rows.0.total');
    expect((await api.get('/api/v1/data-tables/orders/rows')).body).toHaveLength(3);

    const bot = await api.post('/api/v1/assistants', { name: 'Orders', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'lookup_records', config: { table: 'orders', searchColumns: ['order_id', 'customer'], maxRows: 2 } }] });
    expect(bot.status).toBe(201);
    server.openai.enqueue(
      toolCalls({ name: 'lookup_records', arguments: { query: 'A-1002' } }, { name: 'lookup_records', arguments: { query: 'doe', column: 'customer' } }),
      text('Order A-1002 has been delivered.'),
    );
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'where is my order A-1002?', wait: true });
    const calls = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body.toolCalls;
    expect(calls[0].result).toMatchObject({ found: 1, mode: 'exact', rows: [{ order_id: 'A-1002', status: 'delivered', total: 5 }] });
    expect(calls[1].result).toMatchObject({ found: 2, mode: 'contains', matchedOn: 'customer' });
    const schema = server.openai.calls('/chat/completions')[0].body.tools[0].function;
    expect(schema.description).toContain("'orders'");
    expect(schema.parameters.properties.column.enum).toEqual(['order_id', 'customer']);
  });

  it('loads a large table in bulk, with quotes and backslashes intact', async () => {
    await api.post('/api/v1/data-tables', { name: 'products', key: 'sku', columns: [{ name: 'sku', type: 'string' }, { name: 'name', type: 'string' }] });
    const rows = Array.from({ length: 5000 }, (_, i) => ({ sku: `S-${i}`, name: i === 7 ? 'Quote " and back\\slash, {brace}' : `Product ${i}` }));
    const began = Date.now();
    const loaded = await api.raw('PUT', '/api/v1/data-tables/products/rows', rows);
    expect(loaded.status).toBe(200);
    expect(loaded.body.rowCount).toBe(5000);
    expect(Date.now() - began).toBeLessThan(15_000);
    const all = (await api.get('/api/v1/data-tables/products/rows')).body;
    expect(all.find((r: any) => r.sku === 'S-7').name).toBe('Quote " and back\\slash, {brace}');
  });

  describe('replacing a table', () => {
    const stock = [{ sku: 'A-1', name: 'Apple' }, { sku: 'B-2', name: 'Bread' }];
    const rowsNow = async () => (await api.get('/api/v1/data-tables/stock/rows')).body;

    beforeAll(async () => {
      await api.post('/api/v1/data-tables', { name: 'stock', key: 'sku', columns: [{ name: 'sku', type: 'string' }, { name: 'name', type: 'string' }] });
      expect((await api.raw('PUT', '/api/v1/data-tables/stock/rows', stock)).body.rowCount).toBe(2);
    });

    it('is all or nothing: a load the database refuses half way leaves the old rows', async () => {
      // A trigger stands in for any failure while writing (a lost connection, a full disk): the second row fails.
      await queryDatabase(server.db.url, `create function refuse_poison() returns trigger language plpgsql as $$
        begin if new.data->>'name' = 'poison' then raise exception 'poisoned row'; end if; return new; end $$`);
      await queryDatabase(server.db.url, 'create trigger refuse_poison before insert or update on plugin_documents for each row execute function refuse_poison()');
      try {
        const failed = await api.raw('PUT', '/api/v1/data-tables/stock/rows', [{ sku: 'C-3', name: 'Cheese' }, { sku: 'D-4', name: 'poison' }]);
        expect(failed.status).toBe(500);
      } finally {
        await queryDatabase(server.db.url, 'drop trigger refuse_poison on plugin_documents; drop function refuse_poison()');
      }
      expect(await rowsNow()).toEqual(stock);
      expect((await api.get('/api/v1/data-tables')).body.find((t: any) => t.name === 'stock').rowCount).toBe(2);
    });

    it('refuses a key that appears twice in one load with a 400 naming the key and the rows, and keeps the old rows', async () => {
      const csv = 'sku,name\nC-3,Cheese\nD-4,Dates\nC-3,Cream\n';
      const dup = await api.raw('PUT', '/api/v1/data-tables/stock/rows', csv, { 'content-type': 'text/csv' });
      expect(dup.status).toBe(400);
      expect(dup.body.message).toBe("sku 'C-3' appears more than once in this load (rows.0 and rows.2); each key may appear once");
      expect(dup.body.details).toMatchObject({ field: 'rows.2.sku', value: 'C-3', rows: [0, 2] });
      expect(await rowsNow()).toEqual(stock);
      const upsert = await api.raw('PUT', '/api/v1/data-tables/stock/rows?mode=upsert', [{ sku: 'A-1', name: 'Apricot' }, { sku: 'A-1', name: 'Avocado' }]);
      expect(upsert.status).toBe(400);
      expect(await rowsNow()).toEqual(stock);
    });
  });

  it("never shows one tenant's rows to another", async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    expect((await other.api.get('/api/v1/data-tables')).body).toEqual([]);
    expect((await other.api.get('/api/v1/data-tables/orders/rows')).status).toBe(404);
    const foreign = await other.api.post('/api/v1/data-tables', { name: 'orders', columns: [{ name: 'x', type: 'string' }] });
    expect(foreign.status).toBe(201);
    expect((await other.api.get('/api/v1/data-tables/orders/rows')).body).toEqual([]);
  });
});
