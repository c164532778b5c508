import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, queryDatabase, text, toolCalls } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string }

async function startOrderApi(): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.headers.authorization !== 'Bearer shop-secret-token') return void res.writeHead(401).end('{"error":"unauthorized"}');
      const id = decodeURIComponent((req.url ?? '').split('/').pop()!.split('?')[0]);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: 'shipped', internalNotes: 'do not show', delivery: { eta: '2026-11-27', carrier: 'DHL' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('HTTP tools a tenant defines without code', () => {
  let server: TestServer;
  let api: ApiClient;
  let tenantId: string;
  let orders: Awaited<ReturnType<typeof startOrderApi>>;
  let forbidden: Awaited<ReturnType<typeof startOrderApi>>;

  beforeAll(async () => {
    orders = await startOrderApi();
    forbidden = await startOrderApi();
    server = await startTestServer({ httpToolsAllowedHosts: `127.0.0.1:${orders.port}` });
    ({ api, id: tenantId } = await createTenant(server.url, server.platformKey));
  });
  afterAll(async () => {
    await server?.close();
    orders.server.close();
    forbidden.server.close();
  });

  const definition = (port: number, name = 'get_order_status') => ({
    name,
    description: 'Look up the status of an order by its number.',
    method: 'GET',
    url: `http://127.0.0.1:${port}/orders/{orderId}`,
    headers: [{ name: 'Authorization', value: 'Bearer shop-secret-token', secret: true }, { name: 'X-Shop', value: 'bakery' }],
    parameters: [{ name: 'orderId', type: 'string', required: true, description: 'Order number such as A-1001' }],
    responseFields: ['status', 'delivery.eta'],
    timeoutMs: 2000,
  });

  it('stores a definition without returning its secret header, and shows the exact request and response on test', async () => {
    const created = await api.post('/api/v1/http-tools', definition(orders.port));
    expect(created.status).toBe(201);
    const everything = JSON.stringify([created.body, (await api.get('/api/v1/http-tools')).body]);
    expect(everything).not.toContain('shop-secret-token');
    expect((await api.get('/api/v1/tools')).body.map((t: any) => t.name)).toContain('get_order_status');

    const tested = await api.post('/api/v1/http-tools/get_order_status/test', { args: { orderId: 'A 1001/x' } });
    expect(tested.status).toBe(200);
    expect(tested.body.request).toMatchObject({ method: 'GET', url: `http://127.0.0.1:${orders.port}/orders/A%201001%2Fx`, headers: { Authorization: '[secret]', 'X-Shop': 'bakery' } });
    expect(tested.body.response).toMatchObject({ status: 200, body: { id: 'A 1001/x', status: 'shipped' } });
    expect(orders.seen.at(-1)!.headers.authorization).toBe('Bearer shop-secret-token');
  });

  it('also takes headers as a plain object', async () => {
    const created = await api.post('/api/v1/http-tools', { ...definition(orders.port, 'plain_headers'), headers: { Authorization: 'Bearer shop-secret-token', 'X-Shop': 'bakery' } });
    expect(created.status).toBe(201);
    const tested = await api.post('/api/v1/http-tools/plain_headers/test', { args: { orderId: 'A-1' } });
    expect(tested.body.response.status).toBe(200);
    expect(tested.body.request.headers['X-Shop']).toBe('bakery');
  });

  it('seals a credential header given in plain form (no secret flag): never returned, never stored in the clear, still sent', async () => {
    const apiKey = 'plain-form-api-key-7f3a91';
    const created = await api.post('/api/v1/http-tools', {
      ...definition(orders.port, 'plain_credentials'),
      headers: { Authorization: 'Bearer shop-secret-token', 'x-api-key': apiKey, 'X-Shop': 'bakery' },
    });
    expect(created.status).toBe(201);
    expect(created.body.headers).toEqual([{ name: 'X-Shop', value: 'bakery' }]);
    expect(created.body.secretHeaderNames).toEqual(['Authorization', 'x-api-key']);
    const listed = await api.get('/api/v1/http-tools');
    expect(JSON.stringify([created.body, listed.body])).not.toMatch(/plain-form-api-key|shop-secret-token/);

    const rows = await queryDatabase<{ data: string; sealed: string | null }>(server.db.url, 'select data::text as data, sealed_secrets as sealed from plugin_documents where tenant_id = $1', [tenantId]);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/plain-form-api-key|shop-secret-token/);

    const tested = await api.post('/api/v1/http-tools/plain_credentials/test', { args: { orderId: 'A-2' } });
    expect(tested.body.response.status).toBe(200);
    expect(tested.body.request.headers).toMatchObject({ 'x-api-key': '[secret]', Authorization: '[secret]', 'X-Shop': 'bakery' });
    expect(JSON.stringify(tested.body)).not.toContain(apiKey);
    expect(orders.seen.at(-1)!.headers['x-api-key']).toBe(apiKey);

    // The list form with `secret: false` does not unseal a credential either.
    const flagged = await api.post('/api/v1/http-tools', { ...definition(orders.port, 'flagged_plain'), headers: [{ name: 'X-Auth-Token', value: 'flag-false-token', secret: false }] });
    expect(flagged.status).toBe(201);
    expect(flagged.body.secretHeaderNames).toEqual(['X-Auth-Token']);
    const after = await queryDatabase(server.db.url, 'select data::text as data, sealed_secrets as sealed from plugin_documents where tenant_id = $1', [tenantId]);
    expect(JSON.stringify(after)).not.toContain('flag-false-token');
  });

  it('masks a credential header an older version stored in plain text, and still sends it', async () => {
    const legacy = { ...definition(orders.port, 'legacy_plain'), headers: [{ name: 'Authorization', value: 'Bearer shop-secret-token' }, { name: 'X-Shop', value: 'bakery' }], secretHeaderNames: [] };
    await queryDatabase(server.db.url, "insert into plugin_documents (tenant_id, namespace, id, data) values ($1, 'http-tools', 'legacy_plain', $2::jsonb)", [tenantId, JSON.stringify(legacy)]);
    const listed = (await api.get('/api/v1/http-tools')).body.find((t: any) => t.name === 'legacy_plain');
    expect(listed).toMatchObject({ headers: [{ name: 'X-Shop', value: 'bakery' }], secretHeaderNames: ['Authorization'] });
    const tested = await api.post('/api/v1/http-tools/legacy_plain/test', { args: { orderId: 'A-3' } });
    expect(tested.body.response.status).toBe(200);
    expect(tested.body.request.headers.Authorization).toBe('[secret]');
    expect(orders.seen.at(-1)!.headers.authorization).toBe('Bearer shop-secret-token');
  });

  it('refuses bad definitions with the field at fault', async () => {
    const noParam = await api.post('/api/v1/http-tools', { ...definition(orders.port, 'broken_tool'), parameters: [] });
    expect(noParam.status).toBe(400);
    expect(noParam.body.message).toContain('{orderId}');
    const taken = await api.post('/api/v1/http-tools', { ...definition(orders.port, 'collect_data') });
    expect(taken.status).toBe(409);
    const badUrl = await api.post('/api/v1/http-tools', { ...definition(orders.port, 'bad_url'), url: 'ftp://x' });
    expect(badUrl.status).toBe(400);
  });

  it('is called by the model through the tool loop and answers with only the selected fields', async () => {
    const bot = await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'get_order_status' }] });
    expect(bot.status).toBe(201);
    server.openai.enqueue(toolCalls({ name: 'get_order_status', arguments: { orderId: 'A-1001' } }), text('Your order has shipped and arrives on the 27th.'));
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'where is my order A-1001?', wait: true });
    const detail = await eventually(async () => {
      const d = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
      expect(d.toolCalls).toHaveLength(1);
      return d;
    });
    expect(detail.toolCalls[0]).toMatchObject({ name: 'get_order_status', error: null, result: { status: 200, data: { status: 'shipped', 'delivery.eta': '2026-11-27' } } });
    const toolMessage = server.openai.calls('/chat/completions')[1].body.messages.find((m: any) => m.role === 'tool');
    expect(toolMessage.content).not.toContain('internalNotes');
  });

  it('takes enum parameters, shown to the model as a string with its allowed values, and refuses a bad enum list', async () => {
    const sized = { ...definition(orders.port, 'get_order_sized'), parameters: [...definition(orders.port).parameters, { name: 'size', type: 'enum', enum: ['S', 'M', 'L'] }] };
    const created = await api.post('/api/v1/http-tools', sized);
    expect(created.status).toBe(201);
    expect(created.body.parameters[1]).toEqual({ name: 'size', type: 'enum', enum: ['S', 'M', 'L'] });
    const bad = async (param: object) => api.post('/api/v1/http-tools', { ...definition(orders.port, 'bad_enum'), parameters: [...definition(orders.port).parameters, { name: 'size', ...param }] });
    for (const [param, message] of [
      [{ type: 'enum' }, "parameters.1.enum: an enum parameter needs a list of allowed values"],
      [{ type: 'enum', enum: [] }, 'parameters.1.enum'],
      [{ type: 'enum', enum: ['S', 'S'] }, 'parameters.1.enum'],
      [{ type: 'number', enum: ['1'] }, "parameters.1.enum: only enum and string parameters take a list of allowed values"],
    ] as const) {
      const res = await bad(param);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(message);
      expect(JSON.stringify(res.body.details)).toContain('parameters.1.enum');
    }
  });

  it('checks test arguments against the parameters before sending anything', async () => {
    const before = orders.seen.length;
    for (const [args, message] of [
      [{}, 'args.orderId: required'],
      [{ orderId: 7 }, 'args.orderId: must be a string'],
      [{ orderId: 'A-1', size: 'XL' }, 'args.size: must be one of: S, M, L'],
      [{ orderId: 'A-1', colour: 'red' }, "args.colour: 'get_order_sized' has no such parameter"],
    ] as const) {
      const res = await api.post('/api/v1/http-tools/get_order_sized/test', { args });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(message);
      expect(res.body.details.field).toBe(message.split(':')[0]);
    }
    expect(orders.seen).toHaveLength(before);
    const ok = await api.post('/api/v1/http-tools/get_order_sized/test', { args: { orderId: 'A-1', size: 'M' } });
    expect(ok.status).toBe(200);
    expect(orders.seen.at(-1)!.url).toBe('/orders/A-1?size=M');
  });

  it('maps parameters into the query and a JSON body as the receiver sees them, through the tool loop', async () => {
    const secret = [{ name: 'Authorization', value: 'Bearer shop-secret-token', secret: true }];
    const search = await api.post('/api/v1/http-tools', {
      name: 'search_orders', description: 'Search orders by customer and size.', method: 'GET', url: `http://127.0.0.1:${orders.port}/orders/search`, headers: secret,
      parameters: [{ name: 'customer', type: 'string', required: true }, { name: 'size', type: 'enum', enum: ['S', 'M'] }, { name: 'limit', type: 'number' }, { name: 'open', type: 'boolean' }],
    });
    const place = await api.post('/api/v1/http-tools', {
      name: 'place_order', description: 'Place an order for the customer.', method: 'POST', url: `http://127.0.0.1:${orders.port}/shops/{shop}/orders`, headers: secret,
      parameters: [
        { name: 'shop', type: 'string', required: true }, { name: 'item', type: 'string', required: true }, { name: 'qty', type: 'number' },
        { name: 'gift', type: 'boolean' }, { name: 'size', type: 'enum', enum: ['S', 'M'] }, { name: 'channel', type: 'string', in: 'query' },
      ],
    });
    expect([search.status, place.status]).toEqual([201, 201]);
    const bot = await api.post('/api/v1/assistants', { name: 'Orders', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'search_orders' }, { name: 'place_order' }] });
    server.openai.enqueue(
      toolCalls(
        { name: 'search_orders', arguments: { customer: 'Jane Doe & Co', size: 'M', limit: 5, open: false } },
        { name: 'place_order', arguments: { shop: 'berlin mitte', item: 'Rye bread', qty: 2, gift: true, size: 'S', channel: 'chat' } },
      ),
      text('Done.'),
    );
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'order bread', wait: true });
    const offered = server.openai.calls('/chat/completions').at(-2)!.body.tools;
    const schema = offered.find((t: any) => t.function.name === 'search_orders').function.parameters;
    expect(schema.properties.size).toEqual({ type: 'string', enum: ['S', 'M'] });

    const got = orders.seen.find((r) => r.url.startsWith('/orders/search'))!;
    expect(got.method).toBe('GET');
    expect(Object.fromEntries(new URL(got.url, 'http://x').searchParams)).toEqual({ customer: 'Jane Doe & Co', size: 'M', limit: '5', open: 'false' });
    expect(got.body).toBe('');
    const posted = orders.seen.find((r) => r.url.startsWith('/shops/'))!;
    expect(posted.method).toBe('POST');
    expect(posted.url).toBe('/shops/berlin%20mitte/orders?channel=chat');
    expect(posted.headers['content-type']).toBe('application/json');
    expect(JSON.parse(posted.body)).toEqual({ item: 'Rye bread', qty: 2, gift: true, size: 'S' });
  });

  it('never reaches a private address that HTTP_TOOLS_ALLOWED_HOSTS does not list (SSRF)', async () => {
    // Written as an address, it is refused when saved; behind a name, when called.
    const created = await api.post('/api/v1/http-tools', definition(forbidden.port, 'internal_lookup'));
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'url' }, message: expect.stringContaining('loopback address') });
    expect(forbidden.seen).toHaveLength(0);
    const viaName = await api.post('/api/v1/http-tools', { ...definition(orders.port, 'via_localhost'), url: `http://localhost:${orders.port}/orders/{orderId}` });
    expect(viaName.status).toBe(201);
    expect((await api.post('/api/v1/http-tools/via_localhost/test', { args: { orderId: '1' } })).body.error).toMatchObject({ code: 'FORBIDDEN_ADDRESS' });
  });

  it('keeps replying with the other tools when one HTTP tool has a secret no key opens; calling that one is a tool error', async () => {
    for (const name of ['track_parcel', 'get_invoice']) expect((await api.post('/api/v1/http-tools', definition(orders.port, name))).status).toBe(201);
    // As if sealed with a key since removed from SECRETS_KEY_PREVIOUS: the key id it names matches no key of the server.
    const changed = await queryDatabase<{ namespace: string }>(
      server.db.url,
      "update plugin_documents set sealed_secrets = regexp_replace(sealed_secrets, '^v1:[0-9a-f]+:', 'v1:0badc0de:') where tenant_id = $1 and id = 'get_invoice' and sealed_secrets is not null returning namespace",
      [tenantId],
    );
    expect(changed).toEqual([{ namespace: 'http-tool-secrets' }]);
    const tools = await api.get('/api/v1/tools');
    expect(tools.status).toBe(200);
    expect(tools.body.map((t: any) => t.name)).toEqual(expect.arrayContaining(['get_order_status', 'track_parcel', 'get_invoice']));

    const bot = await api.post('/api/v1/assistants', { name: 'Parcels', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'track_parcel' }, { name: 'get_invoice' }] });
    expect(bot.status).toBe(201);
    server.openai.enqueue(toolCalls({ name: 'track_parcel', arguments: { orderId: 'A-2002' } }), text('Your parcel has shipped and arrives on the 27th.'));
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'where is my parcel A-2002?', wait: true });
    const detail = await eventually(async () => {
      const d = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
      expect(d.messages.find((m: any) => m.author === 'assistant')).toBeDefined();
      return d;
    });
    expect(detail.toolCalls).toEqual([expect.objectContaining({ name: 'track_parcel', error: null, result: { status: 200, data: { status: 'shipped', 'delivery.eta': '2026-11-27' } } })]);
    const reply = detail.messages.find((m: any) => m.author === 'assistant');
    expect(reply.text).toBe('Your parcel has shipped and arrives on the 27th.');
    expect(reply.metadata.degraded).toBeUndefined();
    expect(server.openai.calls('/chat/completions').at(-2)!.body.tools.map((t: any) => t.function.name)).toEqual(['track_parcel', 'get_invoice']);

    const sent = orders.seen.length;
    server.openai.enqueue(toolCalls({ name: 'get_invoice', arguments: { orderId: 'A-2002' } }), text('I cannot fetch invoices right now.'));
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'and my invoice?', wait: true });
    const after = await eventually(async () => {
      const d = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
      expect(d.messages.filter((m: any) => m.author === 'assistant')).toHaveLength(2);
      return d;
    });
    expect(after.toolCalls.find((c: any) => c.name === 'get_invoice').error).toMatch(/^SECRETS_UNAVAILABLE: the tool 'get_invoice' cannot be used/);
    expect(after.messages.at(-1)).toMatchObject({ author: 'assistant', text: 'I cannot fetch invoices right now.' });
    expect(orders.seen).toHaveLength(sent);

    const tested = await api.post('/api/v1/http-tools/get_invoice/test', { args: { orderId: 'A-2002' } });
    expect(tested.status).toBe(409);
    expect(tested.body).toMatchObject({ code: 'HTTP_TOOL_SECRETS_UNAVAILABLE', message: expect.stringContaining('unknown key 0badc0de') });
    expect(JSON.stringify(tested.body)).not.toContain('shop-secret-token');
    expect(orders.seen).toHaveLength(sent);
  });

  it("keeps each tenant's tools to itself", async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    expect((await other.api.get('/api/v1/http-tools')).body).toEqual([]);
    expect((await other.api.get('/api/v1/tools')).body.map((t: any) => t.name)).not.toContain('get_order_status');
    expect((await other.api.post('/api/v1/http-tools/get_order_status/test', { args: { orderId: '1' } })).status).toBe(404);
    const foreign = await other.api.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'm', tools: [{ name: 'get_order_status' }] });
    expect(foreign.status).toBe(400);
  });
});
