import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { PluginRegistry, PluginStore, type PluginDocument, type PluginStoreMatch, type PluginStoreTransaction, type ToolContext } from '@confab/plugin-sdk';
import { createToolContext } from '@confab/plugin-sdk/testing';
import type { CreateHttpToolDto } from './http-tool.dto';
import { HttpToolsService } from './http-tools.service';

interface Row {
  data: object;
  secrets?: Record<string, string>;
  /** Sealed with a key the server no longer has: opening it fails like the real secret box. */
  unopenable?: boolean;
}

/**
 * The plugin store as the real one behaves where it matters here: reading a document opens its secrets, so a list
 * that meets one value no key opens fails as a whole.
 */
class MemoryStore extends PluginStore {
  readonly rows = new Map<string, Row>();
  private key = (tenantId: string, namespace: string, id: string) => `${tenantId}|${namespace}|${id}`;

  private open<T>(id: string, row: Row): PluginDocument<T> {
    if (row.unopenable) throw new Error('Secret sealed with unknown key 0badc0de; set SECRETS_KEY_PREVIOUS to the old key');
    return { id, data: structuredClone(row.data) as T, secrets: { ...row.secrets }, createdAt: new Date(), updatedAt: new Date() };
  }

  private scoped(tenantId: string, namespace: string): Array<[string, Row]> {
    const prefix = this.key(tenantId, namespace, '');
    return [...this.rows].filter(([k]) => k.startsWith(prefix)).map(([k, row]) => [k.slice(prefix.length), row]);
  }

  async put<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>) {
    this.rows.set(this.key(tenantId, namespace, id), { data: structuredClone(data), secrets: secrets && Object.keys(secrets).length ? { ...secrets } : undefined });
  }
  async putMany(): Promise<void> {
    throw new Error('not used');
  }
  async insert<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>) {
    if (this.rows.has(this.key(tenantId, namespace, id))) return false;
    await this.put(tenantId, namespace, id, data, secrets);
    return true;
  }
  async get<T>(tenantId: string, namespace: string, id: string) {
    const row = this.rows.get(this.key(tenantId, namespace, id));
    return row ? this.open<T>(id, row) : null;
  }
  async list<T>(tenantId: string, namespace: string) {
    return this.scoped(tenantId, namespace).map(([id, row]) => this.open<T>(id, row));
  }
  async remove(tenantId: string, namespace: string, id: string) {
    return this.rows.delete(this.key(tenantId, namespace, id));
  }
  async find<T>(_t: string, _n: string, _m: PluginStoreMatch, _l: number): Promise<PluginDocument<T>[]> {
    throw new Error('not used');
  }
  async clear(): Promise<number> {
    throw new Error('not used');
  }
  async transaction<R>(tenantId: string, work: (tx: PluginStoreTransaction) => Promise<R>): Promise<R> {
    const before = new Map(this.rows);
    const tx: PluginStoreTransaction = {
      put: (ns, id, data, secrets) => this.put(tenantId, ns, id, data, secrets),
      putMany: () => this.putMany(),
      insert: (ns, id, data, secrets) => this.insert(tenantId, ns, id, data, secrets),
      get: (ns, id) => this.get(tenantId, ns, id),
      list: (ns) => this.list(tenantId, ns),
      remove: (ns, id) => this.remove(tenantId, ns, id),
      clear: () => this.clear(),
    };
    try {
      return await work(tx);
    } catch (err) {
      this.rows.clear();
      for (const [k, v] of before) this.rows.set(k, v);
      throw err;
    }
  }

  /** Marks every sealed value of a tool as sealed with a removed key. */
  breakSecretsOf(tenantId: string, id: string): void {
    for (const namespace of ['http-tools', 'http-tool-secrets']) {
      const row = this.rows.get(this.key(tenantId, namespace, id));
      if (row?.secrets) row.unopenable = true;
    }
  }
}

const SECRET = 'Bearer shop-secret-token';

describe('HttpToolsService: each HTTP tool stands alone', () => {
  let api: Server;
  let port: number;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  let store: MemoryStore;
  let registry: PluginRegistry;
  let service: HttpToolsService;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    api = createServer((req, res) => {
      seen.push({ url: req.url!, headers: req.headers });
      const ok = req.headers.authorization === SECRET;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { status: 'shipped' } : { error: 'unauthorized' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    port = (api.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => api.close(resolve)));

  beforeEach(() => {
    seen.length = 0;
    store = new MemoryStore();
    registry = new PluginRegistry({ getProviders: () => [] } as never);
    service = new HttpToolsService(store, registry, { allowedHosts: [{ host: '127.0.0.1', port }] });
    service.onModuleInit();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  const definition = (name: string, secret = true): CreateHttpToolDto => ({
    name,
    description: 'Look up the status of an order by its number.',
    method: 'GET',
    url: `http://127.0.0.1:${port}/orders/{orderId}`,
    headers: [{ name: 'X-Shop', value: 'bakery' }, ...(secret ? [{ name: 'Authorization', value: SECRET, secret: true }] : [])],
    parameters: [{ name: 'orderId', type: 'string', required: true }],
  });
  const context = (): ToolContext => ({ ...createToolContext({}), tenantId: 't1' });
  const run = async (name: string) => (await registry.tool('t1', name)).plugin.execute({ orderId: 'A-1' }, context());
  const logged = () => JSON.stringify(warn.mock.calls);

  it('keeps secret headers out of the definition document and opens them only when the tool runs', async () => {
    await service.create('t1', definition('get_order'));
    const definitionRow = store.rows.get('t1|http-tools|get_order')!;
    expect(definitionRow.secrets).toBeUndefined();
    expect(JSON.stringify(definitionRow.data)).not.toContain(SECRET);
    expect(store.rows.get('t1|http-tool-secrets|get_order')!.secrets).toEqual({ Authorization: SECRET });
    expect(await run('get_order')).toEqual({ content: { status: 200, data: { status: 'shipped' } }, isError: false });
    expect(seen.at(-1)!.headers.authorization).toBe(SECRET);
  });

  it('lists and runs the other tools when one tool has secrets no key opens; calling that one is a tool error', async () => {
    await service.create('t1', definition('get_order'));
    await service.create('t1', definition('get_invoice'));
    await service.create('t1', definition('ping_shop', false));
    store.breakSecretsOf('t1', 'get_invoice');

    expect((await registry.tools('t1')).map((t) => t.options.name)).toEqual(['get_order', 'get_invoice', 'ping_shop']);
    expect((await run('get_order')).isError).toBe(false);
    const broken = await run('get_invoice');
    expect(broken).toEqual({ content: expect.stringMatching(/^SECRETS_UNAVAILABLE: the tool 'get_invoice' cannot be used/), isError: true });
    expect(seen.filter((r) => r.headers.authorization === undefined)).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ tenantId: 't1', toolId: 'get_invoice', reason: 'Secret sealed with unknown key 0badc0de' }));
    expect(logged()).not.toContain(SECRET);

    await expect(service.test('t1', 'get_invoice', { orderId: 'A-1' })).rejects.toMatchObject({ code: 'HTTP_TOOL_SECRETS_UNAVAILABLE' });
    expect((await service.test('t1', 'get_order', { orderId: 'A-1' })).response).toMatchObject({ status: 200 });
  });

  it('leaves out a stored definition that cannot be built, naming it and why, and keeps the rest', async () => {
    await service.create('t1', definition('get_order'));
    await store.put('t1', 'http-tools', 'half_written', { name: 'half_written', description: 'Missing everything else.' });
    await store.put('t1', 'http-tools', 'bad_url', { ...definition('bad_url', false), headers: [], secretHeaderNames: [], parameters: [] });
    await store.put('t1', 'http-tools', 'renamed', { ...definition('other_name', false), headers: [], secretHeaderNames: [] });

    expect((await registry.tools('t1')).map((t) => t.options.name)).toEqual(['get_order']);
    const reasons = Object.fromEntries(warn.mock.calls.map(([fields]) => [fields.toolId, fields.reason]));
    expect(reasons).toEqual({
      half_written: 'headers must be a list of {name, value}',
      bad_url: 'parameters: the URL uses {orderId} but no parameter has that name',
      renamed: 'its name "other_name" is not the id it is stored under',
    });
    expect((await run('get_order')).isError).toBe(false);
    // An assistant that still lists it gets the registry's clear error, not a crash.
    await expect(registry.tool('t1', 'half_written')).rejects.toThrow("Unknown tool 'half_written'");
    await expect(service.test('t1', 'half_written', {})).rejects.toMatchObject({ code: 'HTTP_TOOL_INVALID' });
  });

  it('still runs a tool stored before secrets had their own documents, and never sends a request without its secret', async () => {
    await store.put('t1', 'http-tools', 'old_tool', { ...definition('old_tool', false), headers: [], secretHeaderNames: ['Authorization'] }, { Authorization: SECRET });
    expect((await run('old_tool')).isError).toBe(false);
    expect(seen.at(-1)!.headers.authorization).toBe(SECRET);

    await store.put('t1', 'http-tools', 'lost_secret', { ...definition('lost_secret', false), headers: [], secretHeaderNames: ['Authorization'] });
    const sent = seen.length;
    expect(await run('lost_secret')).toMatchObject({ isError: true, content: expect.stringContaining('SECRETS_UNAVAILABLE') });
    expect(seen).toHaveLength(sent);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ toolId: 'lost_secret', reason: 'no stored value for the secret header(s) Authorization' }));
  });

  it('refuses a name already stored even when the listing cannot show it, and removes both documents', async () => {
    await service.create('t1', definition('get_order'));
    await expect(service.create('t1', definition('get_order'))).rejects.toMatchObject({ code: 'TOOL_NAME_TAKEN' });
    // A tool stored before this version whose secret no key opens fails the whole listing of the store.
    await store.put('t1', 'http-tools', 'old_tool', { ...definition('old_tool', false), headers: [], secretHeaderNames: ['Authorization'] }, { Authorization: SECRET });
    store.breakSecretsOf('t1', 'old_tool');
    await expect(service.create('t1', definition('old_tool'))).rejects.toMatchObject({ code: 'TOOL_NAME_TAKEN' });
    expect(store.rows.has('t1|http-tool-secrets|old_tool')).toBe(false);

    await service.remove('t1', 'get_order');
    expect([...store.rows.keys()].filter((k) => k.includes('get_order'))).toEqual([]);
    await expect(service.remove('t1', 'get_order')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
