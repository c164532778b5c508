import SwaggerParser from '@apidevtools/swagger-parser';
import { AppointmentBook } from '@confab/tool-appointments';
import { startFakeGraph, startStubServer, type FakeGraph, type StubServer } from '@confab/testing';
import { apiClient, createTenant, type ApiClient, type ApiResponse } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

type Schema = Record<string, any>;

/** Operations under /api/v1 allowed to document no success body although they send one: none. */
const UNDESCRIBED: string[] = [];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/**
 * The document describes what the plugin operations answer (HTTP tools, calendars and bookings, data tables, WhatsApp
 * templates and media), and every /api/v1 operation documents a success body or an explicit empty 204. The live
 * answers of the plugin operations are checked against their documented schemas too, so the two cannot drift apart.
 */
describe('OpenAPI document (/docs/openapi.json)', () => {
  let server: TestServer;
  let target: StubServer;
  let graph: FakeGraph;
  let doc: Schema;

  beforeAll(async () => {
    // What the HTTP tool calls: a JSON answer, so a test call shows a full response.
    target = await startStubServer('127.0.0.1', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"shipped"}'));
    graph = await startFakeGraph();
    server = await startTestServer({ httpToolsAllowedHosts: new URL(target.url).host });
    const res = await apiClient(server.url).get('/docs/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await server?.close();
    await graph?.close();
    await target?.close();
  });

  // ---- reading the document ----

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(doc.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')]);
    // A nullable or described reference: { nullable, description, allOf: [{ $ref }] }.
    if (schema.allOf?.length === 1) {
      const { allOf, ...rest } = schema;
      return { ...resolve(allOf[0]), ...rest, type: resolve(allOf[0]).type };
    }
    return schema;
  };
  const operation = (key: string): Schema => {
    const [method, path] = key.split(' ');
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`${key} is not in the document`);
    return op;
  };
  /** The JSON schema of one success status of an operation. */
  const success = (key: string, status: number): Schema => {
    const response = operation(key).responses?.[String(status)];
    if (!response) throw new Error(`${key} documents no ${status} response`);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${key} documents no JSON body for ${status}`);
    return resolve(schema);
  };
  const fields = (schema: Schema) => Object.keys(resolve(schema).properties ?? {});
  const prop = (schema: Schema, name: string) => resolve(resolve(schema).properties?.[name]);
  const items = (schema: Schema) => {
    expect(schema.type).toBe('array');
    return resolve(schema.items);
  };

  /** Where `value` departs from `schema`: undocumented or missing fields, wrong types, values outside an enum. */
  const departures = (schema: Schema | undefined, value: unknown, at = '$'): string[] => {
    const s = resolve(schema);
    if (value === null) return s.nullable ? [] : [`${at}: null, but not documented as nullable`];
    if (s.oneOf) return s.oneOf.some((o: Schema) => departures(o, value, at).length === 0) ? [] : [`${at}: matches none of its documented types`];
    if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
    switch (s.type) {
      case 'array':
        return Array.isArray(value) ? value.flatMap((v, i) => departures(s.items, v, `${at}[${i}]`)) : [`${at}: not an array`];
      case 'string':
        if (typeof value !== 'string') return [`${at}: not a string`];
        if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${at}: not a date-time`];
        if (s.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return [`${at}: not a uuid`];
        return [];
      case 'integer':
        return Number.isInteger(value) ? [] : [`${at}: not an integer`];
      case 'number':
        return typeof value === 'number' ? [] : [`${at}: not a number`];
      case 'boolean':
        return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
      case 'object': {
        if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
        const record = value as Record<string, unknown>;
        const props: Schema = s.properties ?? {};
        const extra = s.additionalProperties;
        const open = !s.properties && extra === undefined; // a free-form object (type: Object)
        const found = Object.entries(record).flatMap(([k, v]) => {
          if (props[k]) return departures(props[k], v, `${at}.${k}`);
          if (extra && typeof extra === 'object') return departures(extra, v, `${at}.${k}`);
          return open || extra === true ? [] : [`${at}.${k}: returned, but not documented`];
        });
        const missing = (s.required ?? []).filter((k: string) => !(k in record)).map((k: string) => `${at}.${k}: documented as required, but missing`);
        return [...found, ...missing];
      }
      default:
        return [];
    }
  };
  /** The answer has the documented status, and its body is what the document says that status carries. */
  const expectDocumented = (key: string, res: ApiResponse, status: number) => {
    expect({ key, status: res.status }).toEqual({ key, status });
    expect({ key, departures: departures(success(key, status), res.body) }).toEqual({ key, departures: [] });
  };

  // ---- the document as a whole ----

  it('is a valid OpenAPI document (checked by a maintained validator, against the schema of the version it declares)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as any)).resolves.toBeDefined();
  });

  it('lists every route the server answers (except the documentation itself)', () => {
    const router = server.app.getHttpAdapter().getInstance().router as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
    const served = router.stack
      // '/{*path}' is middleware that Nest mounts per method for forRoutes('{*path}') (failed-auth counting), not an endpoint.
      .filter((layer) => layer.route && !layer.route.path.startsWith('/docs') && layer.route.path !== '/{*path}')
      .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`));
    const documented = new Set(Object.entries<Schema>(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(served.length).toBeGreaterThan(60);
    expect(served.filter((route) => !documented.has(route)).sort()).toEqual([]);
  });

  it('defines every schema it refers to, and types numbers as numbers', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect([...new Set(refs)].filter((name) => !doc.components.schemas[name])).toEqual([]);
    expect(doc.components.schemas.AddDocumentDto.properties).toEqual(expect.objectContaining({ title: expect.any(Object), text: expect.any(Object), url: expect.any(Object) }));
    for (const name of ['CreateAssistantDto', 'UpdateAssistantDto', 'AssistantView']) {
      const temperature = doc.components.schemas[name]?.properties?.temperature;
      expect({ name, type: temperature?.type }).toEqual({ name, type: 'number' });
    }
  });

  it('documents the routes outside /api/v1 that take no key: the WhatsApp webhook and the iCalendar feed', () => {
    const webhook = doc.paths['/webhooks/whatsapp/{connectionId}'];
    expect(Object.keys(webhook ?? {}).filter((k) => METHODS.includes(k)).sort()).toEqual(['get', 'post']);
    expect(webhook.get.parameters.map((p: Schema) => p.name)).toEqual(expect.arrayContaining(['connectionId', 'hub.mode', 'hub.verify_token', 'hub.challenge']));
    expect(webhook.post.parameters.map((p: Schema) => p.name)).toEqual(expect.arrayContaining(['connectionId', 'x-hub-signature-256']));
    expect(webhook.post.responses['401']).toBeDefined();
    const feed = doc.paths['/calendars/{tenantId}/{calendarId}/{token}.ics']?.get;
    expect(Object.keys(feed?.responses?.['200']?.content ?? {})).toEqual(['text/calendar']);
    for (const operation of [webhook.get, webhook.post, feed]) expect(operation.security).toEqual([]);
  });

  // ---- what the document says ----

  describe('HTTP tools', () => {
    it('describes the tool (create, list) with its non-secret headers and only the names of secret ones', () => {
      const created = success('POST /api/v1/http-tools', 201);
      const listed = items(success('GET /api/v1/http-tools', 200));
      for (const tool of [created, listed]) {
        expect(fields(tool)).toEqual(expect.arrayContaining(['id', 'name', 'description', 'method', 'url', 'headers', 'secretHeaderNames', 'parameters', 'timeoutMs', 'responseFields']));
        expect(prop(tool, 'method').enum).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
        expect(fields(items(prop(tool, 'headers'))).sort()).toEqual(['name', 'value']);
        expect(fields(items(prop(tool, 'parameters')))).toEqual(expect.arrayContaining(['name', 'type', 'required', 'description', 'enum', 'in']));
        expect(items(prop(tool, 'secretHeaderNames')).type).toBe('string');
      }
    });

    it('describes the test call: the request sent, and the response received or why none came', () => {
      const tested = success('POST /api/v1/http-tools/{id}/test', 200);
      expect(resolve(tested).required).toEqual(expect.arrayContaining(['request', 'response', 'error']));
      expect(fields(prop(tested, 'request'))).toEqual(expect.arrayContaining(['method', 'url', 'headers', 'body']));
      expect(prop(tested, 'response').nullable).toBe(true);
      expect(fields(prop(tested, 'response'))).toEqual(expect.arrayContaining(['status', 'headers', 'body', 'truncated', 'url', 'redirects']));
      expect(prop(tested, 'error').nullable).toBe(true);
      expect(fields(prop(tested, 'error')).sort()).toEqual(['code', 'message']);
      expect(prop(prop(tested, 'error'), 'code').enum).toEqual(expect.arrayContaining(['FORBIDDEN_ADDRESS', 'TIMEOUT', 'NETWORK']));
    });

    it('documents the delete as an empty 204', () => {
      const responses = operation('DELETE /api/v1/http-tools/{id}').responses;
      expect(responses['204']).toBeDefined();
      expect(responses['204'].content).toBeUndefined();
    });
  });

  describe('calendars and bookings', () => {
    it('describes a calendar (create, rotate, list) with its rules and its icsUrl (admin keys only in lists), and no feed token', () => {
      const created = success('POST /api/v1/calendars', 201);
      const rotated = success('POST /api/v1/calendars/{id}/rotate-feed-token', 200);
      const listed = items(success('GET /api/v1/calendars', 200));
      expect(resolve(created).required).toContain('icsUrl');
      expect(resolve(rotated).required).toContain('icsUrl');
      expect(resolve(listed).required).not.toContain('icsUrl');
      expect(operation('DELETE /api/v1/calendars/{id}').responses['204']).toBeDefined();
      for (const calendar of [created, rotated, listed]) {
        expect(fields(calendar)).toEqual(expect.arrayContaining(['id', 'name', 'timezone', 'slotMinutes', 'bufferMinutes', 'minLeadMinutes', 'horizonDays', 'workingHours', 'blockedDates', 'icsUrl']));
        expect(fields(calendar)).not.toContain('feedToken');
        expect(fields(prop(calendar, 'workingHours'))).toEqual(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
      }
    });

    it('describes bookings (list, cancel, reschedule) with their start, end and status', () => {
      const listed = items(success('GET /api/v1/calendars/{id}/bookings', 200));
      const cancelled = success('POST /api/v1/calendars/{id}/bookings/{bookingId}/cancel', 200);
      const moved = success('POST /api/v1/calendars/{id}/bookings/{bookingId}/reschedule', 200);
      for (const booking of [listed, cancelled, moved]) {
        expect(fields(booking)).toEqual(expect.arrayContaining(['id', 'calendarId', 'start', 'end', 'label', 'customerName', 'contact', 'conversationId', 'status', 'createdAt']));
        expect(prop(booking, 'start')).toMatchObject({ type: 'string', format: 'date-time' });
        expect(prop(booking, 'end')).toMatchObject({ type: 'string', format: 'date-time' });
        expect(prop(booking, 'status').enum).toEqual(['booked', 'cancelled']);
        expect(prop(booking, 'conversationId').nullable).toBe(true);
      }
    });
  });

  describe('data tables', () => {
    it('describes the table (create, list, load rows) with its columns and row count', () => {
      const tables = [
        success('POST /api/v1/data-tables', 201),
        items(success('GET /api/v1/data-tables', 200)),
        success('PUT /api/v1/data-tables/{name}/rows', 200),
      ];
      for (const table of tables) {
        expect(fields(table)).toEqual(expect.arrayContaining(['name', 'columns', 'key', 'rowCount', 'updatedAt']));
        expect(fields(items(prop(table, 'columns'))).sort()).toEqual(['name', 'type']);
        expect(prop(items(prop(table, 'columns')), 'type').enum).toEqual(['string', 'number', 'boolean', 'date']);
      }
    });

    it('describes the rows as objects of typed, nullable cell values', () => {
      const row = items(success('GET /api/v1/data-tables/{name}/rows', 200));
      expect(row.type).toBe('object');
      expect(row.additionalProperties).toMatchObject({ nullable: true });
      expect(row.additionalProperties.oneOf.map((o: Schema) => o.type)).toEqual(['string', 'number', 'boolean']);
    });
  });

  describe('WhatsApp admin', () => {
    it('describes the template list (list, sync)', () => {
      for (const key of ['GET /api/v1/channels/{id}/templates', 'POST /api/v1/channels/{id}/templates/sync']) {
        const list = success(key, 200);
        expect(fields(list).sort()).toEqual(['syncedAt', 'templates']);
        expect(prop(list, 'syncedAt')).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
        expect(fields(items(prop(list, 'templates')))).toEqual(expect.arrayContaining(['name', 'language', 'category', 'status', 'components']));
      }
    });

    it('describes a queued template message by its conversation and message', () => {
      const queued = success('POST /api/v1/channels/{id}/template-messages', 202);
      expect(fields(queued).sort()).toEqual(['conversationId', 'messageId']);
      expect(resolve(queued).required).toEqual(expect.arrayContaining(['conversationId', 'messageId']));
    });

    it('describes the media download as binary content', () => {
      const ok = operation('GET /api/v1/channels/{id}/media/{mediaId}').responses['200'];
      const types = Object.keys(ok.content ?? {});
      expect(types.length).toBeGreaterThan(0);
      expect(types).not.toContain('application/json');
      for (const type of types) expect(ok.content[type].schema).toEqual({ type: 'string', format: 'binary' });
    });
  });

  it('documents a success body (or an explicit empty 204) for every /api/v1 operation', () => {
    /** A schema that says something: a reference, an array of such, a primitive, or an object with its fields. */
    const describes = (raw: Schema | undefined): boolean => {
      if (!raw) return false;
      if (raw.$ref || raw.oneOf || raw.anyOf || raw.allOf) return true;
      if (raw.type === 'array') return describes(raw.items);
      if (raw.type === 'object' || raw.type === undefined) return Boolean(raw.properties || raw.additionalProperties);
      return true;
    };
    const operations: string[] = [];
    const undescribed: string[] = [];
    for (const [path, item] of Object.entries<Schema>(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of METHODS.filter((m) => item[m])) {
        const key = `${method.toUpperCase()} ${path}`;
        operations.push(key);
        const ok = Object.entries<Schema>(item[method].responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        const fine = ok.some(([status, response]) => (status === '204' ? !response.content : Object.values<Schema>(response.content ?? {}).some((c) => describes(c.schema))));
        if (!fine) undescribed.push(key);
      }
    }
    expect(operations.length).toBeGreaterThan(50);
    expect(undescribed.sort()).toEqual(UNDESCRIBED);
  });

  // ---- what the server really answers ----

  describe('live answers match the documented schemas', () => {
    let api: ApiClient;
    let tenantId: string;
    const SECRET = 'sk_live_never_returned_4711';

    beforeAll(async () => {
      ({ api, id: tenantId } = await createTenant(server.url, server.platformKey, 'OpenAPI'));
    });

    it('HTTP tools: create, list, test, delete', async () => {
      const created = await api.post('/api/v1/http-tools', {
        name: 'get_order_status', description: 'Look up the status of an order by its number.', method: 'GET', url: `${target.url}/orders/{orderId}`,
        headers: [{ name: 'Authorization', value: SECRET, secret: true }, { name: 'X-Shop', value: 'bakery' }],
        parameters: [{ name: 'orderId', type: 'string', required: true, description: 'The order number' }], timeoutMs: 5000, responseFields: ['status'],
      });
      expectDocumented('POST /api/v1/http-tools', created, 201);
      const listed = await api.get('/api/v1/http-tools');
      expectDocumented('GET /api/v1/http-tools', listed, 200);
      const tested = await api.post('/api/v1/http-tools/get_order_status/test', { args: { orderId: 'A-1001' } });
      expectDocumented('POST /api/v1/http-tools/{id}/test', tested, 200);
      expect(tested.body.response).toMatchObject({ status: 200, body: { status: 'shipped' } });
      for (const res of [created, listed, tested]) expect(JSON.stringify(res.body)).not.toContain(SECRET);

      // A call that gets no answer: the error half of the test view (a name that resolves to loopback, not listed).
      await api.post('/api/v1/http-tools', { name: 'internal_lookup', description: 'Looks something up internally.', method: 'POST', url: 'http://localhost:9/lookup', parameters: [{ name: 'q', type: 'string' }] });
      const refused = await api.post('/api/v1/http-tools/internal_lookup/test', { args: { q: 'x' } });
      expectDocumented('POST /api/v1/http-tools/{id}/test', refused, 200);
      expect(refused.body).toMatchObject({ response: null, error: { code: 'FORBIDDEN_ADDRESS' } });

      const removed = await api.delete('/api/v1/http-tools/internal_lookup');
      expect(removed.status).toBe(204);
      expect(removed.body).toBeNull();
    });

    it('calendars and bookings: create, list, list bookings, reschedule, cancel, rotate the feed, delete', async () => {
      const allDay = [['00:00', '24:00']];
      const created = await api.post('/api/v1/calendars', {
        name: 'Consultations', timezone: 'UTC', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 14, blockedDates: ['2030-12-24'],
        workingHours: { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay },
      });
      expectDocumented('POST /api/v1/calendars', created, 201);
      expectDocumented('GET /api/v1/calendars', await api.get('/api/v1/calendars'), 200);
      const calendarId = created.body.id;

      const slot = (hours: number) => new Date(Math.ceil((Date.now() + hours * 3600_000) / 1_800_000) * 1_800_000);
      const { booking } = await server.app.get(AppointmentBook).book(tenantId, calendarId, { start: slot(2), customerName: 'Ana', contact: '+4915123456789', conversationId: null });
      const base = `/api/v1/calendars/${calendarId}/bookings/${booking.id}`;
      const moved = await api.post(`${base}/reschedule`, { start: slot(4).toISOString() });
      expectDocumented('POST /api/v1/calendars/{id}/bookings/{bookingId}/reschedule', moved, 200);
      const cancelled = await api.post(`/api/v1/calendars/${calendarId}/bookings/${moved.body.id}/cancel`);
      expectDocumented('POST /api/v1/calendars/{id}/bookings/{bookingId}/cancel', cancelled, 200);
      const bookings = await api.get(`/api/v1/calendars/${calendarId}/bookings`);
      expectDocumented('GET /api/v1/calendars/{id}/bookings', bookings, 200);
      expect(bookings.body.map((b: any) => b.status)).toEqual(['cancelled', 'cancelled']);
      expectDocumented('POST /api/v1/calendars/{id}/rotate-feed-token', await api.post(`/api/v1/calendars/${calendarId}/rotate-feed-token`), 200);
      const removed = await api.delete(`/api/v1/calendars/${calendarId}`);
      expect(removed.status).toBe(204);
    });

    it('data tables: create, load rows, list, list rows', async () => {
      const created = await api.post('/api/v1/data-tables', {
        name: 'orders', key: 'order_id',
        columns: [{ name: 'order_id', type: 'string' }, { name: 'total', type: 'number' }, { name: 'paid', type: 'boolean' }, { name: 'shipped_on', type: 'date' }],
      });
      expectDocumented('POST /api/v1/data-tables', created, 201);
      const loaded = await api.raw('PUT', '/api/v1/data-tables/orders/rows', [{ order_id: 'A-1', total: 42.5, paid: true, shipped_on: '2026-03-02' }, { order_id: 'A-2' }]);
      expectDocumented('PUT /api/v1/data-tables/{name}/rows', loaded, 200);
      expectDocumented('GET /api/v1/data-tables', await api.get('/api/v1/data-tables'), 200);
      const rows = await api.get('/api/v1/data-tables/orders/rows');
      expectDocumented('GET /api/v1/data-tables/{name}/rows', rows, 200);
      expect(rows.body).toHaveLength(2);
    });

    it('WhatsApp: templates before and after a sync, a template message, a media download', async () => {
      const assistantId = (await api.post('/api/v1/assistants', { name: 'Bakery', systemPrompt: 'You sell bread.', model: 'gpt-4o-mini' })).body.id;
      const channelId = (await connectWhatsApp(api, assistantId, graph.url)).id;

      const never = await api.get(`/api/v1/channels/${channelId}/templates`);
      expectDocumented('GET /api/v1/channels/{id}/templates', never, 200);
      expect(never.body.syncedAt).toBeNull();
      expectDocumented('POST /api/v1/channels/{id}/templates/sync', await api.post(`/api/v1/channels/${channelId}/templates/sync`), 200);
      const synced = await api.get(`/api/v1/channels/${channelId}/templates`);
      expectDocumented('GET /api/v1/channels/{id}/templates', synced, 200);
      expect(synced.body.templates.length).toBeGreaterThan(0);

      const sent = await api.post(`/api/v1/channels/${channelId}/template-messages`, { to: '+4915100000031', template: { name: 'order_update', language: 'en_US', parameters: ['Ana', 'A-1042'] } });
      expectDocumented('POST /api/v1/channels/{id}/template-messages', sent, 202);

      graph.addMedia('990000000000001', Buffer.from('%PDF-1.4 fake'), 'application/pdf');
      const media = await api.raw('GET', `/api/v1/channels/${channelId}/media/990000000000001`);
      expect(media.status).toBe(200);
      expect(media.body).toBe('%PDF-1.4 fake');
      const type = String(media.headers.get('content-type')).split(';')[0];
      const documented = Object.keys(operation('GET /api/v1/channels/{id}/media/{mediaId}').responses['200'].content);
      expect(documented.some((range) => range === type || (range.endsWith('/*') && type.startsWith(range.slice(0, -1))))).toBe(true);
    });
  });
});
