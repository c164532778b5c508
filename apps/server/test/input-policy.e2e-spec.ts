import { signMetaBody } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/**
 * The input policy at the edge: text that cannot be stored (NUL, lone surrogates) and structures that would
 * overflow the stack are refused with a 400 naming the field before anything reads them; a body the operation
 * cannot read is a 415; provider webhooks are never refused for their content.
 */
describe('input policy at the edge', () => {
  let server: TestServer;
  let api: ApiClient;
  let assistantId: string;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api, apiKey: key } = await createTenant(server.url, server.platformKey, 'Edge'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(() => server?.close());

  const expectRefused = (res: { status: number; body: any }, field: string, message: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    expect(res.body.message).toMatch(message);
  };

  describe('text', () => {
    it('refuses a NUL in a body field, naming it, and stores nothing', async () => {
      expectRefused(await api.post('/api/v1/assistants', { name: 'a\u0000b', systemPrompt: 'x', model: 'gpt-4o-mini' }), 'name', /name contains a NUL character/);
      expect((await api.get('/api/v1/assistants')).body).toHaveLength(1);
    });

    it('refuses lone surrogates and NULs inside JSON values and keys (variables, rows), naming the path', async () => {
      expectRefused(await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { variables: { city: 'Berlin\ud800' } }), 'variables.city', /lone UTF-16 surrogate/);
      expectRefused(await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { variables: { ['ci\u0000ty']: 'x' } }), 'variables.ci\\0ty', /key .* NUL/);
      await api.post('/api/v1/data-tables', { name: 'orders', columns: [{ name: 'order_id', type: 'string' }] });
      expectRefused(await api.raw('PUT', '/api/v1/data-tables/orders/rows', [{ order_id: 'A-1' }, { order_id: '\udc00' }]), '[1].order_id', /lone UTF-16 surrogate/);
      expect((await api.get('/api/v1/data-tables/orders/rows')).body).toEqual([]);
      expectRefused(await api.raw('PUT', '/api/v1/data-tables/orders/rows', 'order_id\nA\u0000\n', { 'content-type': 'text/csv' }), 'body', /NUL/);
    });

    it('refuses a NUL in path parameters and query parameters, naming them', async () => {
      expectRefused(await api.delete('/api/v1/http-tools/get%00order'), 'id', /NUL/);
      expectRefused(await api.get('/api/v1/data-tables/ord%00ers/rows'), 'name', /NUL/);
      for (const name of ['tag', 'customer', 'channel']) expectRefused(await api.get(`/api/v1/conversations?${name}=a%00b`), name, /NUL/);
    });
  });

  describe('structure', () => {
    it('refuses JSON nested 5,000 levels deep with a 400 naming where (instead of a stack overflow)', async () => {
      const res = await api.raw('PATCH', `/api/v1/assistants/${assistantId}`, deepObject(5000));
      expectRefused(res, `${'a.'.repeat(31)}a`, /nested more than 32 levels deep/);
    });

    it('refuses an object with more keys than the cap', async () => {
      const variables = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 'v']));
      expectRefused(await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { variables }), 'variables', /20000 keys; at most 1000/);
    });
  });

  describe('bodies the operation cannot read', () => {
    it('answers 415 to text/plain on PATCH /assistants/{id}, changing nothing', async () => {
      const res = await api.raw('PATCH', `/api/v1/assistants/${assistantId}`, '{"name":"Renamed"}', { 'content-type': 'text/plain' });
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') });
      expect((await api.get(`/api/v1/assistants/${assistantId}`)).body.name).toBe('Shop');
    });

    it('answers 415 to an XML test-chat creation and to a form post; an empty POST needs no content type', async () => {
      expect((await api.raw('POST', `/api/v1/assistants/${assistantId}/test-chats`, '<chat/>', { 'content-type': 'application/xml' })).status).toBe(415);
      expect((await api.raw('POST', '/api/v1/assistants', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
      expect((await api.raw('POST', `/api/v1/assistants/${assistantId}/test-chats`)).status).toBe(201);
    });

    it('answers 400 naming the file to a multipart upload that is cut off (busboy: Unexpected end of form)', async () => {
      const kb = (await api.post('/api/v1/knowledge-bases', { name: 'Cut' })).body.id;
      const cut = '--b\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\ncontent-type: text/plain\r\n\r\nhalf a fi';
      const res = await api.raw('POST', `/api/v1/knowledge-bases/${kb}/documents`, cut, { 'content-type': 'multipart/form-data; boundary=b' });
      expectRefused(res, 'file', /multipart body could not be read: Unexpected end of form/);
      expect((await api.get(`/api/v1/knowledge-bases/${kb}/documents`)).body).toEqual([]);
    });

    it('refuses a NUL in a multipart text field, read after the upload', async () => {
      const kb = (await api.post('/api/v1/knowledge-bases', { name: 'Fields' })).body.id;
      const form = new FormData();
      form.append('title', 'Ret\u0000urns');
      form.append('file', new Blob(['Returns are free.'], { type: 'text/plain' }), 'returns.txt');
      const res = await fetch(`${server.url}/api/v1/knowledge-bases/${kb}/documents`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
      expectRefused({ status: res.status, body: await res.json() }, 'title', /NUL/);
    });

    it('says that an object was expected for valid JSON that is not one', async () => {
      for (const [body, got] of [['null', 'null'], ['42', 'number'], ['"x"', 'string']]) {
        expectRefused(await api.raw('PATCH', `/api/v1/assistants/${assistantId}`, body, { 'content-type': 'application/json' }), 'body', new RegExp(`must be a JSON object; got ${got}`));
      }
    });
  });

  describe('dates and cursors', () => {
    const fieldsOf = (res: { status: number; body: any }) => {
      expect(res.status).toBe(400);
      return (res.body.details.fields ?? [{ field: res.body.details.field }]).map((f: { field: string }) => f.field);
    };

    it('refuses dates PostgreSQL cannot hold, days that do not exist, and ranges that end before they start', async () => {
      for (const bad of ['99999-01-01', '-271821-04-20', '2026-02-30', '1969-12-31', '2026-13-01', 'yesterday']) {
        expect(fieldsOf(await api.get(`/api/v1/conversations?from=${encodeURIComponent(bad)}`))).toEqual(['from']);
        expect(fieldsOf(await api.get(`/api/v1/tools/stats?to=${encodeURIComponent(bad)}`))).toEqual(['to']);
      }
      const reversed = await api.get('/api/v1/conversations?from=2026-03-01&to=2026-02-01');
      expect(fieldsOf(reversed)).toEqual(['to']);
      expect(reversed.body.message).toContain('to must not be before from');
      expect((await api.get('/api/v1/conversations?from=2024-02-29&to=2026-03-01T10:00:00%2B01:00')).status).toBe(200);
    });

    it('holds calendar days and booking times to the same rule', async () => {
      const allDay = [['00:00', '24:00']];
      const calendar = { name: 'Visits', timezone: 'UTC', slotMinutes: 30, workingHours: { mon: allDay } };
      expect(fieldsOf(await api.post('/api/v1/calendars', { ...calendar, blockedDates: ['2026-12-24', '2026-02-30'] }))).toEqual(['blockedDates']);
      const created = await api.post('/api/v1/calendars', { ...calendar, blockedDates: ['2026-12-24'] });
      expect(created.status).toBe(201);
      const moved = await api.post(`/api/v1/calendars/${created.body.id}/bookings/00000000-0000-4000-8000-000000000000/reschedule`, { start: '99999-01-01T10:00:00Z' });
      expect(fieldsOf(moved)).toEqual(['start']);
    });

    it('answers 400 naming the cursor for a cursor this API did not make', async () => {
      const forged = [{ at: '99999-01-01T00:00:00Z', id: '00000000-0000-4000-8000-000000000000' }, { at: '2026-01-01T00:00:00Z', id: 'x' }, 42, null];
      for (const cursor of [...forged.map((c) => Buffer.from(JSON.stringify(c)).toString('base64url')), '!!!']) {
        const res = await api.get(`/api/v1/conversations?cursor=${cursor}`);
        expect({ cursor, status: res.status, field: res.body.details?.field }).toEqual({ cursor, status: 400, field: 'cursor' });
      }
    });
  });

  describe('provider webhooks', () => {
    it('are not refused for their content, but keep the structural caps', async () => {
      const graphUrl = 'http://127.0.0.1:9';
      const channel = await connectWhatsApp(api, assistantId, graphUrl);
      const post = (raw: string) =>
        fetch(`${server.url}/webhooks/whatsapp/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(raw, 'test-app-secret') }, body: raw });
      const withNul = JSON.stringify({ object: 'whatsapp_business_account', entry: [], note: 'a\u0000\ud800' });
      expect((await post(withNul)).status).toBe(200);
      const deep = await post(deepObject(5000));
      expect(deep.status).toBe(400);
      expect(await deep.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
});
