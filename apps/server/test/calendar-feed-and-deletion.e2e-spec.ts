import { AppointmentBook } from '@confab/tool-appointments';
import { eventually, queryDatabase, startWebhookReceiver, type WebhookReceiver } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const ALL_DAY = [['00:00', '24:00']];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };
/** A half-hour slot start `hours` from now. */
const slot = (hours: number) => new Date(Math.ceil((Date.now() + hours * 3600_000) / 1_800_000) * 1_800_000);

describe('calendar feed tokens: admin-only, rotatable; calendars can be deleted', () => {
  let server: TestServer;
  let admin: ApiClient;
  let reader: ApiClient;
  let other: ApiClient;
  let tenantId: string;
  let hooks: WebhookReceiver;

  const newCalendar = async (name = 'Consultations') => {
    const created = await admin.post('/api/v1/calendars', { name, timezone: 'UTC', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 14, workingHours: EVERY_DAY });
    expect(created.status).toBe(201);
    return created.body as { id: string; icsUrl: string };
  };
  const feed = (icsUrl: string) => fetch(`${server.url}${new URL(icsUrl).pathname}`);
  const book = (calendarId: string, start: Date) =>
    server.app.get(AppointmentBook).book(tenantId, calendarId, { start, customerName: 'Ana', contact: '+4915123456789', conversationId: null });

  beforeAll(async () => {
    server = await startTestServer();
    hooks = await startWebhookReceiver();
    ({ api: admin, id: tenantId } = await createTenant(server.url, server.platformKey));
    const readKey = await admin.post('/api/v1/api-keys', { name: 'dashboard', scopes: ['read'] });
    reader = apiClient(server.url, readKey.body.apiKey);
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    await admin.post('/api/v1/webhooks', { url: `${hooks.url}/appointments`, events: ['appointment.cancelled'] });
  });
  afterAll(async () => {
    await hooks?.close();
    await server?.close();
  });

  it('lists calendars to read-scope keys without the feed URL; admin keys see it', async () => {
    const calendar = await newCalendar();
    const asReader = (await reader.get('/api/v1/calendars')).body.find((c: any) => c.id === calendar.id);
    expect(asReader).toMatchObject({ id: calendar.id, name: 'Consultations' });
    expect(asReader).not.toHaveProperty('icsUrl');
    const token = new URL(calendar.icsUrl).pathname.split('/').pop()!.replace(/\.ics$/, '');
    expect(JSON.stringify((await reader.get('/api/v1/calendars')).body)).not.toContain(token);
    const asAdmin = (await admin.get('/api/v1/calendars')).body.find((c: any) => c.id === calendar.id);
    expect(asAdmin.icsUrl).toBe(calendar.icsUrl);
  });

  it('rotates the feed token: the new URL works, the old one answers 404; read keys and other tenants cannot rotate', async () => {
    const calendar = await newCalendar('Rotated');
    expect((await feed(calendar.icsUrl)).status).toBe(200);
    expect((await reader.post(`/api/v1/calendars/${calendar.id}/rotate-feed-token`)).status).toBe(403);
    expect((await other.post(`/api/v1/calendars/${calendar.id}/rotate-feed-token`)).status).toBe(404);
    expect((await feed(calendar.icsUrl)).status).toBe(200);

    const rotated = await admin.post(`/api/v1/calendars/${calendar.id}/rotate-feed-token`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id: calendar.id, name: 'Rotated', icsUrl: expect.stringMatching(/\.ics$/) });
    expect(rotated.body.icsUrl).not.toBe(calendar.icsUrl);
    expect((await feed(calendar.icsUrl)).status).toBe(404);
    const fresh = await feed(rotated.body.icsUrl);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain('X-WR-CALNAME:Rotated');
    expect((await admin.get('/api/v1/calendars')).body.find((c: any) => c.id === calendar.id).icsUrl).toBe(rotated.body.icsUrl);
  });

  it('deletes a calendar without upcoming bookings with its past ones; its feed then answers 404', async () => {
    const calendar = await newCalendar('Old');
    const { booking } = await book(calendar.id, slot(1));
    await admin.post(`/api/v1/calendars/${calendar.id}/bookings/${booking.id}/cancel`);
    expect((await reader.delete(`/api/v1/calendars/${calendar.id}`)).status).toBe(403);
    expect((await other.delete(`/api/v1/calendars/${calendar.id}`)).status).toBe(404);

    const removed = await admin.delete(`/api/v1/calendars/${calendar.id}`);
    expect(removed.status).toBe(204);
    expect((await admin.get('/api/v1/calendars')).body.map((c: any) => c.id)).not.toContain(calendar.id);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}/bookings`)).status).toBe(404);
    expect((await feed(calendar.icsUrl)).status).toBe(404);
    const left = await queryDatabase(server.db.url, "select id from plugin_documents where tenant_id = $1 and (id = $2 or data->>'calendarId' = $2)", [tenantId, calendar.id]);
    expect(left).toEqual([]);
    expect((await admin.delete(`/api/v1/calendars/${calendar.id}`)).status).toBe(404);
  });

  it('refuses to delete a calendar with upcoming bookings (409) unless forced, which cancels and announces them', async () => {
    const calendar = await newCalendar('Busy');
    const { booking } = await book(calendar.id, slot(3));
    const refused = await admin.delete(`/api/v1/calendars/${calendar.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CALENDAR_HAS_BOOKINGS', details: { upcomingBookings: 1 } });
    expect((await admin.get(`/api/v1/calendars/${calendar.id}/bookings`)).body).toHaveLength(1);

    const badFlag = await admin.delete(`/api/v1/calendars/${calendar.id}?force=yes`);
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.details.field).toBe('force');

    expect((await other.delete(`/api/v1/calendars/${calendar.id}?force=true`)).status).toBe(404);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}/bookings`)).body).toHaveLength(1);

    expect((await admin.delete(`/api/v1/calendars/${calendar.id}?force=true`)).status).toBe(204);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}/bookings`)).status).toBe(404);
    await eventually(() => {
      const cancelled = hooks.received.find((h) => h.json.type === 'appointment.cancelled' && h.json.data.id === booking.id);
      expect(cancelled?.json.data).toMatchObject({ status: 'cancelled', calendarId: calendar.id });
    });
  });
});
