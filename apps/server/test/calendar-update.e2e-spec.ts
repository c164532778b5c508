import { AppointmentBook } from '@confab/tool-appointments';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const ALL_DAY = [['00:00', '24:00']];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };
const slot = (hours: number) => new Date(Math.ceil((Date.now() + hours * 3600_000) / 1_800_000) * 1_800_000);

/** PATCH /api/v1/calendars/{id}: the dashboard's week grid and blocked dates change a calendar's rules in place. */
describe('changing a calendar', () => {
  let server: TestServer;
  let admin: ApiClient;
  let reader: ApiClient;
  let other: ApiClient;
  let tenantId: string;
  let calendar: { id: string; icsUrl: string };

  beforeAll(async () => {
    server = await startTestServer();
    ({ api: admin, id: tenantId } = await createTenant(server.url, server.platformKey));
    reader = apiClient(server.url, (await admin.post('/api/v1/api-keys', { name: 'read', scopes: ['read'] })).body.apiKey);
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    const created = await admin.post('/api/v1/calendars', { name: 'Consultations', timezone: 'UTC', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 14, workingHours: EVERY_DAY, blockedDates: ['2026-12-24'] });
    expect(created.status).toBe(201);
    calendar = created.body;
  });
  afterAll(() => server?.close());

  it('replaces the working hours and blocked dates sent, keeps everything else, the feed URL and the bookings', async () => {
    const start = slot(30);
    const { booking } = await server.app.get(AppointmentBook).book(tenantId, calendar.id, { start, customerName: 'Ana', contact: '+4915123456789', conversationId: null });
    const changed = await admin.patch(`/api/v1/calendars/${calendar.id}`, { workingHours: { mon: [['09:00', '12:00'], ['13:00', '17:00']], fri: [['08:00', '14:00']] }, blockedDates: ['2026-12-31'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      id: calendar.id, name: 'Consultations', timezone: 'UTC', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 14, icsUrl: calendar.icsUrl,
      workingHours: { mon: [['09:00', '12:00'], ['13:00', '17:00']], fri: [['08:00', '14:00']] }, blockedDates: ['2026-12-31'],
    });
    expect(changed.body.workingHours.tue).toBeUndefined();
    const listed = (await admin.get('/api/v1/calendars')).body.find((c: { id: string }) => c.id === calendar.id);
    expect(listed).toEqual(changed.body);
    expect((await admin.get(`/api/v1/calendars/${calendar.id}/bookings`)).body).toEqual([expect.objectContaining({ id: booking.id, status: 'booked' })]);
    expect((await fetch(`${server.url}${new URL(calendar.icsUrl).pathname}`)).status).toBe(200);

    const renamed = await admin.patch(`/api/v1/calendars/${calendar.id}`, { name: 'Beratung', slotMinutes: 45 });
    expect(renamed.body).toMatchObject({ name: 'Beratung', slotMinutes: 45, blockedDates: ['2026-12-31'], workingHours: { fri: [['08:00', '14:00']] } });
  });

  it('refuses invalid rules naming the field, and changes nothing', async () => {
    const before = (await admin.get('/api/v1/calendars')).body.find((c: { id: string }) => c.id === calendar.id);
    const overlap = await admin.patch(`/api/v1/calendars/${calendar.id}`, { workingHours: { mon: [['09:00', '12:00'], ['11:00', '13:00']] } });
    expect(overlap.status).toBe(400);
    expect(JSON.stringify(overlap.body)).toMatch(/workingHours\.mon/);
    expect(overlap.body.details.field).toBe('workingHours.mon');
    const zone = await admin.patch(`/api/v1/calendars/${calendar.id}`, { timezone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(zone.body.details.field).toBe('timezone');
    const date = await admin.patch(`/api/v1/calendars/${calendar.id}`, { blockedDates: ['24.12.2026'] });
    expect(date.status).toBe(400);
    expect(JSON.stringify(date.body)).toMatch(/blockedDates/);
    expect((await admin.get('/api/v1/calendars')).body.find((c: { id: string }) => c.id === calendar.id)).toEqual(before);
  });

  it("is admin-only and stops at the tenant's wall", async () => {
    expect((await reader.patch(`/api/v1/calendars/${calendar.id}`, { name: 'Nope' })).status).toBe(403);
    const foreign = await other.patch(`/api/v1/calendars/${calendar.id}`, { name: 'Stolen' });
    expect(foreign.status).toBe(404);
    expect((await other.get('/api/v1/calendars')).body).toEqual([]);
    expect((await admin.get('/api/v1/calendars')).body[0].name).not.toBe('Stolen');
  });
});
