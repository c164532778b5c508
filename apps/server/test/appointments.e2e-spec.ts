import { eventually, startWebhookReceiver, text, toolCalls, type WebhookReceiver } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const ALL_DAY = [['00:00', '24:00']];

describe('appointments: availability, bookings that survive a race, iCalendar feed', () => {
  let server: TestServer;
  let api: ApiClient;
  let calendar: any;
  let assistantId: string;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    server = await startTestServer();
    hooks = await startWebhookReceiver();
    ({ api } = await createTenant(server.url, server.platformKey));
    await api.post('/api/v1/webhooks', { url: `${hooks.url}/appointments`, events: ['appointment.booked', 'appointment.cancelled'] });
    const created = await api.post('/api/v1/calendars', {
      name: 'Consultations', timezone: 'Europe/Berlin', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 14,
      workingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    });
    expect(created.status).toBe(201);
    calendar = created.body;
    const bot = await api.post('/api/v1/assistants', {
      name: 'Booker', systemPrompt: 'Book appointments.', model: 'gpt-4o-mini',
      tools: [{ name: 'check_availability', config: { calendarId: calendar.id } }, { name: 'book_appointment', config: { calendarId: calendar.id } }],
    });
    expect(bot.status).toBe(201);
    assistantId = bot.body.id;
  });
  afterAll(async () => {
    await hooks?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  const chat = async () => (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id as string;
  const say = (id: string, t: string) => api.post(`/api/v1/conversations/${id}/messages`, { text: t, wait: true });

  it('refuses a calendar with broken rules and names the problem', async () => {
    const bad = await api.post('/api/v1/calendars', { name: 'x', timezone: 'Mars/Olympus', slotMinutes: 30, workingHours: { mon: [['10:00', '09:00']] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/timezone|Mars/i);
  });

  it('offers free slots labelled in the calendar timezone, and two conversations racing for one slot get one booking', async () => {
    server.openai.enqueue(toolCalls({ name: 'check_availability', arguments: {} }), text('Here are some times.'));
    const first = await chat();
    await say(first, 'when can I come?');
    const detail = (await api.get(`/api/v1/conversations/${first}`)).body;
    const slots = detail.toolCalls[0].result.slots;
    expect(slots.length).toBeGreaterThan(3);
    expect(slots[0].label).toContain('(Europe/Berlin)');
    const wanted = slots[2].start;

    server.openai.respondWith((req) =>
      req.body.messages.at(-1).role === 'tool' ? text('Done.') : toolCalls({ name: 'book_appointment', arguments: { start: wanted, customerName: 'Ana', contact: '+4915123456789' } }),
    );
    const [a, b] = [await chat(), await chat()];
    await Promise.all([say(a, 'book it'), say(b, 'book it')]);
    const results = await Promise.all([a, b].map(async (id) => (await api.get(`/api/v1/conversations/${id}`)).body.toolCalls[0]));
    const booked = results.filter((r) => r.result.booked === true);
    const refused = results.filter((r) => r.result.booked === false);
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].result.error).toMatch(/booked by someone else|overlaps a booking/);
    const bookings = (await api.get(`/api/v1/calendars/${calendar.id}/bookings`)).body;
    expect(bookings.filter((x: any) => x.status === 'booked')).toHaveLength(1);

    // Booking the same slot again in the winning conversation changes nothing.
    const winner = booked[0] === results[0] ? a : b;
    await say(winner, 'book it again');
    const again = (await api.get(`/api/v1/conversations/${winner}`)).body.toolCalls.at(-1);
    expect(again.result).toMatchObject({ booked: true, alreadyBooked: true });
    expect((await api.get(`/api/v1/calendars/${calendar.id}/bookings`)).body).toHaveLength(1);
    expect((await api.get(`/api/v1/conversations/${winner}`)).body.variables.appointment.value.start).toBe(wanted);
  });

  it('publishes bookings as an iCalendar feed at a secret URL, and a cancelled slot is free again', async () => {
    const [booking] = (await api.get(`/api/v1/calendars/${calendar.id}/bookings`)).body;
    const feedUrl = new URL(calendar.icsUrl);
    const feed = await fetch(`${server.url}${feedUrl.pathname}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`UID:${booking.id}@confab`);
    expect(ics).toContain(`DTSTART:${booking.start.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
    expect((await fetch(`${server.url}${feedUrl.pathname.replace(/\/[^/]+\.ics$/, '/wrong-token.ics')}`)).status).toBe(404);

    const cancelled = await api.post(`/api/v1/calendars/${calendar.id}/bookings/${booking.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    server.openai.respondWith((req) =>
      req.body.messages.at(-1).role === 'tool' ? text('Booked.') : toolCalls({ name: 'book_appointment', arguments: { start: booking.start, customerName: 'Ben', contact: 'ben@example.org' } }),
    );
    const other = await chat();
    await say(other, 'that slot please');
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${other}`)).body.toolCalls[0].result.booked).toBe(true));
    expect((await fetch(`${server.url}${feedUrl.pathname}`).then((r) => r.text()))).toContain('STATUS:CANCELLED');
    await eventually(() => {
      const types = hooks.received.map((h) => `${h.json.type}:${h.json.data.id}`);
      expect(types).toEqual(expect.arrayContaining([`appointment.booked:${booking.id}`, `appointment.cancelled:${booking.id}`]));
      expect(hooks.received.filter((h) => h.json.type === 'appointment.booked')).toHaveLength(2);
    });
  });

  it('reschedules a booking to a free slot, and a refused move keeps the old booking', async () => {
    const active = (await api.get(`/api/v1/calendars/${calendar.id}/bookings`)).body.filter((b: any) => b.status === 'booked');
    const [first] = active;
    const past = new Date(Date.parse(first.start) - 7 * 24 * 3600_000).toISOString();
    const refused = await api.post(`/api/v1/calendars/${calendar.id}/bookings/${first.id}/reschedule`, { start: past });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cannot be booked/);
    expect((await api.get(`/api/v1/calendars/${calendar.id}/bookings`)).body.find((b: any) => b.id === first.id).status).toBe('booked');
    const later = new Date(Date.parse(first.start) + 24 * 3600_000).toISOString();
    const moved = await api.post(`/api/v1/calendars/${calendar.id}/bookings/${first.id}/reschedule`, { start: later });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: later, status: 'booked', customerName: first.customerName });
    const after = (await api.get(`/api/v1/calendars/${calendar.id}/bookings`)).body;
    expect(after.find((b: any) => b.id === first.id).status).toBe('cancelled');
  });

  it("keeps calendars inside the tenant", async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    expect((await other.api.get('/api/v1/calendars')).body).toEqual([]);
    expect((await other.api.get(`/api/v1/calendars/${calendar.id}/bookings`)).status).toBe(404);
  });
});
