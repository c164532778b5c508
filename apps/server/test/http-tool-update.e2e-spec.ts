import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** PUT /api/v1/http-tools/{id}: an HTTP tool is edited in place, its secret headers kept unless a new value is given. */
describe('editing an HTTP tool', () => {
  let server: TestServer;
  let admin: ApiClient;
  let reader: ApiClient;
  let other: ApiClient;
  let shop: Server;
  let port: number;
  const seen: IncomingMessage['headers'][] = [];
  const seenUrls: string[] = [];

  beforeAll(async () => {
    shop = createServer((req, res) => {
      seen.push(req.headers);
      seenUrls.push(req.url!);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    port = (shop.address() as AddressInfo).port;
    server = await startTestServer({ httpToolsAllowedHosts: `127.0.0.1:${port}` });
    ({ api: admin } = await createTenant(server.url, server.platformKey));
    reader = apiClient(server.url, (await admin.post('/api/v1/api-keys', { name: 'read', scopes: ['read'] })).body.apiKey);
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    const created = await admin.post('/api/v1/http-tools', {
      name: 'get_order', description: 'Look up an order by its number.', method: 'GET', url: `http://127.0.0.1:${port}/orders/{id}`,
      headers: [{ name: 'Authorization', value: 'Bearer first-token' }, { name: 'X-Shop', value: 'bakery' }],
      parameters: [{ name: 'id', type: 'string', required: true }],
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    shop?.close();
  });

  const put = (body: object) => admin.raw('PUT', '/api/v1/http-tools/get_order', body);
  const test = async (args: object) => {
    const res = await admin.post('/api/v1/http-tools/get_order/test', { args });
    expect(res.status).toBe(200);
    return { res: res.body, headers: seen.at(-1)!, url: seenUrls.at(-1)! };
  };
  // A getter: the shop's port is known only once beforeAll has run.
  const def = () => ({ description: 'Look up an order and its delivery date.', method: 'GET', url: `http://127.0.0.1:${port}/v2/orders/{id}`, parameters: [{ name: 'id', type: 'string', required: true }, { name: 'lang', type: 'enum', enum: ['de', 'en'] }], timeoutMs: 3000 });

  it('changes the definition and keeps a secret header sent without a value', async () => {
    const changed = await put({ ...def(), headers: [{ name: 'Authorization', secret: true }, { name: 'X-Shop', value: 'konditorei' }] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: 'get_order', name: 'get_order', url: def().url, secretHeaderNames: ['Authorization'], headers: [{ name: 'X-Shop', value: 'konditorei' }], timeoutMs: 3000 });
    expect(changed.body.parameters).toHaveLength(2);
    expect(JSON.stringify((await admin.get('/api/v1/http-tools')).body)).not.toContain('first-token');
    const sent = await test({ id: 'A-1', lang: 'de' });
    expect(sent.url).toBe('/v2/orders/A-1?lang=de');
    expect(sent.headers).toMatchObject({ authorization: 'Bearer first-token', 'x-shop': 'konditorei' });
    expect(sent.res.request.headers.Authorization).toBe('[secret]');
  });

  it('replaces a secret with a new value, and removes a header left out with its stored value', async () => {
    expect((await put({ ...def(), headers: [{ name: 'Authorization', value: 'Bearer second-token' }] })).status).toBe(200);
    expect((await test({ id: 'A-2' })).headers.authorization).toBe('Bearer second-token');
    const without = await put({ ...def(), headers: [] });
    expect(without.body.secretHeaderNames).toEqual([]);
    expect((await test({ id: 'A-3' })).headers.authorization).toBeUndefined();
    // Once removed, the old secret is gone: naming the header again without a value is refused at the field.
    const missing = await put({ ...def(), headers: [{ name: 'Authorization' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.details.field).toBe('headers.0.value');
    expect(missing.body.message).toMatch(/no value is stored for the secret header Authorization/);
    const plain = await put({ ...def(), headers: [{ name: 'X-Shop' }] });
    expect(plain.status).toBe(400);
    expect(plain.body.details.field).toBe('headers.0.value');
  });

  it('refuses what creating refuses, naming the field, and changes nothing', async () => {
    const before = (await admin.get('/api/v1/http-tools')).body;
    const badEnum = await put({ ...def(), parameters: [{ name: 'id', type: 'enum', enum: [] }] });
    expect(badEnum.status).toBe(400);
    expect(JSON.stringify(badEnum.body)).toMatch(/parameters\.0\.enum/);
    const privateUrl = await put({ ...def(), url: 'http://10.0.0.1/orders/{id}' });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.body.details.field).toBe('url');
    expect((await put({ ...def(), name: 'renamed' })).status).toBe(400);
    expect((await admin.get('/api/v1/http-tools')).body).toEqual(before);
  });

  it('is admin-only, 404 for an unknown tool, and stops at the tenant wall', async () => {
    expect((await reader.raw('PUT', '/api/v1/http-tools/get_order', { ...def(), headers: [] })).status).toBe(403);
    expect((await admin.raw('PUT', '/api/v1/http-tools/no_such_tool', { ...def(), headers: [] })).status).toBe(404);
    expect((await other.raw('PUT', '/api/v1/http-tools/get_order', { ...def(), headers: [] })).status).toBe(404);
    expect((await other.get('/api/v1/http-tools')).body).toEqual([]);
  });
});
