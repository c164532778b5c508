import { startFakeGraph, queryDatabase, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

/** The inbound path writes with native SQL, outside the ORM's tenant filter: it must still keep tenants apart. */
describe('inbound messages of one phone number to two tenants (native SQL path)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  const tenants: Array<{ id: string; api: ApiClient; hook: string }> = [];

  beforeAll(async () => {
    server = await startTestServer();
    graph = await startFakeGraph({ autoStatuses: false });
    for (const name of ['North', 'South']) {
      const { id, api } = await createTenant(server.url, server.platformKey, name);
      const assistantId = (await api.post('/api/v1/assistants', { name, systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
      tenants.push({ id, api, hook: `${server.url}/webhooks/whatsapp/${(await connectWhatsApp(api, assistantId, graph.url)).id}` });
    }
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });

  it('gives each tenant its own customer and conversation, even for the same number and the same provider message id', async () => {
    const payload = graph.inboundText({ from: '4915100000777', text: 'hello', name: 'Lin', id: 'wamid.same-id-in-both' });
    for (const { hook } of tenants) expect((await graph.deliverWebhook(payload, { url: hook })).status).toBe(200);
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000777', text: 'only north', name: 'Lin N' }), { url: tenants[0].hook });

    const [north, south] = await Promise.all(tenants.map(async ({ api }) => (await api.get('/api/v1/conversations?channel=whatsapp&customer=4915100000777')).body.items));
    expect(north).toHaveLength(1);
    expect(south).toHaveLength(1);
    expect(north[0].customer.id).not.toBe(south[0].customer.id);
    expect(north[0]).toMatchObject({ messageCount: expect.any(Number), customer: { name: 'Lin N' } });
    expect(south[0]).toMatchObject({ customer: { name: 'Lin' } });
    for (const [i, { id }] of tenants.entries()) {
      const rows = await queryDatabase<{ n: number }>(server.db.url, `select count(*)::int as n from messages where tenant_id = $1 and direction = 'inbound'`, [id]);
      expect(rows[0].n).toBe(i === 0 ? 2 : 1); // the same provider id in another tenant is not a duplicate
      const customers = await queryDatabase<{ n: number }>(server.db.url, 'select count(*)::int as n from customers where tenant_id = $1', [id]);
      expect(customers[0].n).toBe(1);
    }
  });
});
