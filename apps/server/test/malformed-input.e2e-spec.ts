import { startStubServer, type StubServer } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

type Schema = Record<string, any>;

interface Probe {
  method: string;
  /** The template of the operation, for the report. */
  operation: string;
  label: string;
  path: string;
  body?: string | Buffer;
  contentType?: string;
  /** The input breaks the platform's input policy: the answer must be a 4xx and nothing may be stored. */
  refuse: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Path segments that are not what the route expects (already percent-encoded). */
const BAD_SEGMENTS: Array<[string, string, boolean]> = [
  ['NUL', 'a%00b', true],
  ['lone surrogate as UTF-8', '%ED%A0%80', true],
  ['cut UTF-8', '%F0%9F', true],
  ['not a uuid', 'not-a-uuid', false],
  ['unknown uuid', UNKNOWN_UUID, false],
  ['5,000 characters', 'x'.repeat(5000), false],
  ['dots', '..%2F..%2Fetc', false],
];

/** Query values that are not what the parameter expects (already percent-encoded). */
const BAD_QUERY: Array<[string, (name: string) => string, boolean]> = [
  ['NUL', (n) => `${n}=a%00b`, true],
  // The query parser keeps an escape it cannot decode as the literal text "%ED%A0%80": harmless, so not refused.
  ['lone surrogate as UTF-8', (n) => `${n}=%ED%A0%80`, false],
  ['cut UTF-8', (n) => `${n}=%F0%9F`, false],
  ['empty', (n) => `${n}=`, false],
  ['array', (n) => `${n}[]=a&${n}[]=b`, false],
  ['object', (n) => `${n}[a]=1`, false],
  ['5,000 characters', (n) => `${n}=${'x'.repeat(5000)}`, false],
  ['year 99999', (n) => `${n}=99999-01-01`, false],
  ['year -271821', (n) => `${n}=-271821-04-20`, false],
  ['February 30', (n) => `${n}=2026-02-30`, false],
  ['negative', (n) => `${n}=-1`, false],
  ['huge number', (n) => `${n}=1e309`, false],
  ['forged cursor (bad date)', (n) => `${n}=${b64({ at: '99999-01-01', id: UNKNOWN_UUID })}`, false],
  ['forged cursor (bad id)', (n) => `${n}=${b64({ at: '2026-01-01T00:00:00Z', id: 'x' })}`, false],
  ['forged cursor (not JSON)', (n) => `${n}=!!!`, false],
  ['unknown parameter with NUL', () => `x%00=1`, true],
];

/** Values that do not fit a field of this schema, or fit it in ways that break later (dates, URLs). */
function badValues(schema: Schema, name: string): Array<[string, unknown]> {
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  const values: Array<[string, unknown]> = [['null', null], ['object', { a: 1 }], ['array', ['x']]];
  values.push(type === 'number' || type === 'integer' || type === 'boolean' ? ['string', 'x'] : ['number', 42]);
  if (type === 'number' || type === 'integer') values.push(['negative', -1], ['huge number', 1e308], ['fraction', 0.5]);
  if (type === 'string' || type === undefined) {
    values.push(['empty string', ''], ['20,000 characters', 'x'.repeat(20_000)]);
    if (/url/i.test(name)) values.push(['not a URL', 'not a url'], ['IPv6 zone id', 'http://[fe80::1%25eth0]/x'], ['private address', 'http://10.0.0.1/x']);
    if (schema.format === 'date-time' || /date|start|^from$|^to$|At$/i.test(name)) values.push(['year 99999', '99999-01-01'], ['February 30', '2026-02-30']);
  }
  return values;
}

function deep(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/**
 * Every operation of the OpenAPI document gets malformed input in each place it takes input (path parameters,
 * query parameters, body fields, the body as a whole, its content type), with a valid admin key of a tenant that
 * has real data, so requests get past authentication and lookups. Nothing may answer 5xx; input that breaks the
 * platform's input policy (NUL, lone surrogates, deep nesting, a body that cannot be read) must be refused with a
 * 4xx and leave nothing stored.
 */
describe('malformed input on every documented operation', () => {
  let server: TestServer;
  let target: StubServer;
  let api: ApiClient;
  let doc: Schema;
  let tenantKey: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    target = await startStubServer('127.0.0.1', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"shipped"}'));
    server = await startTestServer({ httpToolsAllowedHosts: new URL(target.url).host });
    doc = (await apiClient(server.url).get('/docs/openapi.json')).body;
    const tenant = await createTenant(server.url, server.platformKey, 'Malformed');
    ({ api } = tenant);
    tenantKey = tenant.apiKey;
    ids.tenant = tenant.id;
    const must = async (res: Promise<{ status: number; body: any }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`fixture failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    ids.assistant = (await must(api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' }))).id;
    ids.apiKey = (await must(api.post('/api/v1/api-keys', { name: 'spare', scopes: ['read'] }))).id;
    ids.channel = (await must(api.post('/api/v1/channels', { type: 'api', assistantId: ids.assistant, config: {} }))).id;
    const chat = await must(api.post(`/api/v1/assistants/${ids.assistant}/test-chats`, {}));
    ids.conversation = chat.conversationId ?? chat.id;
    const conversation = await must(api.get(`/api/v1/conversations/${ids.conversation}`));
    ids.message = conversation.messages?.[0]?.id ?? UNKNOWN_UUID;
    ids.webhook = (await must(api.post('/api/v1/webhooks', { url: `${target.url}/hook`, events: ['handoff.requested'] }))).id;
    await must(api.post('/api/v1/http-tools', { name: 'get_order', description: 'Order status.', method: 'GET', url: `${target.url}/orders/{orderId}`, parameters: [{ name: 'orderId', type: 'string', required: true }] }));
    await must(api.post('/api/v1/data-tables', { name: 'orders', key: 'order_id', columns: [{ name: 'order_id', type: 'string' }, { name: 'total', type: 'number' }] }));
    await must(api.raw('PUT', '/api/v1/data-tables/orders/rows', [{ order_id: 'A-1', total: 1 }]));
    const allDay = [['00:00', '24:00']];
    const calendar = await must(api.post('/api/v1/calendars', { name: 'Visits', timezone: 'UTC', slotMinutes: 30, workingHours: { mon: allDay, tue: allDay } }));
    ids.calendar = calendar.id;
    ids.feedToken = /\/([^/]+)\.ics$/.exec(String(calendar.icsUrl))?.[1] ?? 'token';
    ids.kb = (await must(api.post('/api/v1/knowledge-bases', { name: 'Help' }))).id;
    ids.document = (await must(api.post(`/api/v1/knowledge-bases/${ids.kb}/documents`, { title: 'Returns', text: 'Returns are free within 30 days.' }))).id;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await target?.close();
  });

  /** A real value for each path parameter, so a probe of one place is not stopped by another. */
  const realParam = (path: string, name: string): string => {
    if (name === 'name') return 'orders';
    if (name === 'kbId') return ids.kb;
    if (name === 'tenantId') return ids.tenant;
    if (name === 'calendarId') return ids.calendar;
    if (name === 'token') return ids.feedToken;
    if (name === 'connectionId') return ids.channel;
    if (name === 'mediaId') return 'media-1';
    if (name !== 'id') return UNKNOWN_UUID;
    const rules: Array<[RegExp, string]> = [
      [/^\/api\/v1\/api-keys\//, ids.apiKey], [/^\/api\/v1\/assistants\//, ids.assistant], [/^\/api\/v1\/knowledge-bases\/\{kbId\}/, ids.document],
      [/^\/api\/v1\/knowledge-bases\//, ids.kb], [/^\/api\/v1\/conversations\//, ids.conversation], [/^\/api\/v1\/messages\//, ids.message],
      [/^\/api\/v1\/channels\//, ids.channel], [/^\/api\/v1\/webhooks\//, ids.webhook], [/^\/api\/v1\/http-tools\//, 'get_order'],
      [/^\/api\/v1\/calendars\//, ids.calendar],
    ];
    return rules.find(([pattern]) => pattern.test(path))?.[1] ?? UNKNOWN_UUID;
  };

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(doc.components.schemas[String(schema.$ref).split('/').pop()!]);
    if (schema.allOf?.length) return resolve(schema.allOf[0]);
    if (schema.oneOf?.length) return resolve(schema.oneOf.find((s: Schema) => s.$ref) ?? schema.oneOf[0]);
    return schema;
  };

  /** A plausible value for a schema, so that one bad field is the only thing wrong with a body. */
  const sample = (raw: Schema | undefined, name = '', depth = 0): unknown => {
    const schema = resolve(raw);
    if (schema.example !== undefined) return schema.example;
    if (schema.enum) return schema.enum[0];
    if (/assistantId$/.test(name)) return ids.assistant;
    switch (schema.type) {
      case 'string':
        if (schema.format === 'uuid') return UNKNOWN_UUID;
        if (schema.format === 'date-time' || /start|at$/i.test(name)) return new Date(Date.now() + 86_400_000).toISOString();
        if (/url/i.test(name)) return `${target.url}/x`;
        return 'sample';
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return false;
      case 'array':
        return depth > 3 ? [] : [sample(schema.items, name, depth + 1)];
      default:
        if (!schema.properties || depth > 3) return {};
        return Object.fromEntries(Object.entries<Schema>(schema.properties).map(([k, v]) => [k, sample(v, k, depth + 1)]));
    }
  };

  const probesFor = (path: string, method: string, op: Schema): Probe[] => {
    const operation = `${method.toUpperCase()} ${path}`;
    const params: Schema[] = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name as string);
    const queryParams = params.filter((p) => p.in === 'query').map((p) => p.name as string);
    const build = (override: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_m, name: string) => override[name] ?? encodeURIComponent(realParam(path, name)));
    const probes: Probe[] = [];
    const content: Record<string, Schema> = op.requestBody?.content ?? {};
    const json = content['application/json'];
    const bodyless = !['post', 'put', 'patch'].includes(method);
    // The path and query probes carry a body only where the operation needs one (so it is not the body that fails).
    const validBody = json ? JSON.stringify(sample(json.schema)) : bodyless ? undefined : '{}';
    const validType = validBody === undefined ? undefined : 'application/json';

    for (const name of pathParams) {
      for (const [label, segment, refuse] of BAD_SEGMENTS) probes.push({ method, operation, label: `path ${name}: ${label}`, path: build({ [name]: segment }), body: validBody, contentType: validType, refuse });
    }
    for (const name of [...queryParams, 'x']) {
      for (const [label, query, refuse] of BAD_QUERY) {
        if (name === 'x' && !label.startsWith('unknown')) continue;
        if (name !== 'x' && label.startsWith('unknown')) continue;
        probes.push({ method, operation, label: `query ${name}: ${label}`, path: `${build()}?${query(name)}`, body: validBody, contentType: validType, refuse });
      }
    }
    if (bodyless) return probes;

    const at = build();
    const whole: Array<[string, string | Buffer, string | undefined, boolean]> = [
      ['text/plain body', 'name=x', 'text/plain', true],
      ['XML body', '<chat><name>x</name></chat>', 'application/xml', true],
      ['form body', 'name=x', 'application/x-www-form-urlencoded', true],
      ['body without a content type', '{"name":"x"}', undefined, true],
      ['multipart cut off', '--b\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc', 'multipart/form-data; boundary=b', true],
      ['JSON null', 'null', 'application/json', true],
      ['JSON number', '42', 'application/json', true],
      ['JSON string', '"x"', 'application/json', true],
      ['JSON array', '[]', 'application/json', false],
      ['invalid JSON', '{"a":', 'application/json', true],
      ['5,000 levels of objects', deep(5000), 'application/json', true],
      ['5,000 levels of arrays', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json', true],
      ['2,000 keys', JSON.stringify(Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]))), 'application/json', true],
      ['NUL in a key', JSON.stringify({ 'a\u0000': 1 }), 'application/json', true],
      ['empty JSON object', '{}', 'application/json', false],
      ['unknown field', JSON.stringify({ ...(sample(json?.schema) as object), unknownField: 1 }), 'application/json', false],
    ];
    if (content['text/csv']) whole.push(['CSV with NUL', 'order_id,total\nA\u0000,1\n', 'text/csv', true]);
    for (const [label, body, contentType, refuse] of whole) {
      // A multipart route reads multipart, so a cut-off form must be refused there too, as a 400 rather than a 415.
      probes.push({ method, operation, label, path: at, body, contentType, refuse });
    }
    if (!json) return probes;

    // Each field of the body in turn, inside an otherwise plausible body; nested objects one level down too.
    const base = sample(json.schema);
    const schema = resolve(json.schema);
    const fields: Array<[string[], Schema]> = Object.entries<Schema>(schema.properties ?? {}).flatMap(([key, s]) => {
      const inner = resolve(s);
      const nested = inner.type === 'object' && inner.properties ? Object.keys(inner.properties).map((k): [string[], Schema] => [[key, k], inner.properties[k]]) : [];
      return [[[key], s] as [string[], Schema], ...nested];
    });
    const withField = (keys: string[], value: unknown) => {
      const copy = structuredClone(base) as Record<string, any>;
      let node = copy;
      for (const key of keys.slice(0, -1)) node = node[key] = typeof node[key] === 'object' && node[key] !== null ? node[key] : {};
      node[keys[keys.length - 1]] = value;
      return JSON.stringify(copy);
    };
    for (const [keys, fieldSchema] of fields) {
      const field = keys.join('.');
      const refused: Array<[string, unknown]> = [
        ['NUL', 'a\u0000b'], ['lone surrogate', 'a\ud800b'], ['NUL in a list', ['a\u0000']],
        ['lone low surrogate in an object value', { k: '\udc00' }], ['NUL in an object key', { 'k\u0000': 'v' }],
      ];
      for (const [label, value] of refused) probes.push({ method, operation, label: `${field}: ${label}`, path: at, body: withField(keys, value), contentType: 'application/json', refuse: true });
      for (const [label, value] of badValues(resolve(fieldSchema), keys[keys.length - 1])) {
        probes.push({ method, operation, label: `${field}: ${label}`, path: at, body: withField(keys, value), contentType: 'application/json', refuse: false });
      }
    }
    return probes;
  };

  const send = async (probe: Probe): Promise<{ status: number; text: string }> => {
    const key = probe.path.startsWith('/api/v1/tenants') ? server.platformKey : tenantKey;
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (probe.contentType) headers['content-type'] = probe.contentType;
    const res = await fetch(`${server.url}${probe.path}`, { method: probe.method.toUpperCase(), headers, body: probe.body });
    return { status: res.status, text: (await res.text()).slice(0, 200) };
  };

  /** Runs probes a few at a time; returns the ones whose answer breaks `ok`. */
  const run = async (probes: Probe[], ok: (status: number) => boolean): Promise<string[]> => {
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < probes.length) {
        const probe = probes[next++];
        const { status, text } = await send(probe);
        if (!ok(status)) failures.push(`${probe.operation} [${probe.label}] -> ${status} ${text}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return failures.sort();
  };

  const operations = (): Array<[string, string, Schema]> =>
    Object.entries<Schema>(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m): [string, string, Schema] => [path, m, item[m]]));

  /** What the tenant has, as counts, so a refused request that stored something shows up. */
  const inventory = async () => {
    const count = async (path: string) => {
      const res = await api.get(path);
      return Array.isArray(res.body) ? res.body.length : Array.isArray(res.body?.items) ? res.body.items.length : -1;
    };
    const paths = ['/api/v1/assistants', '/api/v1/api-keys', '/api/v1/channels', '/api/v1/conversations', '/api/v1/webhooks', '/api/v1/http-tools',
      '/api/v1/data-tables', '/api/v1/data-tables/orders/rows', '/api/v1/calendars', '/api/v1/knowledge-bases', `/api/v1/knowledge-bases/${ids.kb}/documents`, '/api/v1/tasks'];
    const tenants = await apiClient(server.url, server.platformKey).get('/api/v1/tenants');
    return { ...Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await count(p)]))), tenants: tenants.body.length };
  };

  it('covers every operation of the document', () => {
    expect(operations().length).toBeGreaterThanOrEqual(69);
  });

  it('refuses input that breaks the input policy with a 4xx, everywhere, and stores nothing', async () => {
    const before = await inventory();
    const probes = operations().flatMap(([path, method, op]) => probesFor(path, method, op)).filter((p) => p.refuse);
    expect(probes.length).toBeGreaterThan(1000);
    const failures = await run(probes, (status) => status >= 400 && status < 500);
    expect(failures).toEqual([]);
    expect(await inventory()).toEqual(before);
  }, 120_000);

  it('answers every other malformed input without a 5xx', async () => {
    const probes = operations().flatMap(([path, method, op]) => probesFor(path, method, op)).filter((p) => !p.refuse);
    const failures = await run(probes, (status) => status < 500);
    expect(failures).toEqual([]);
  }, 120_000);
});
