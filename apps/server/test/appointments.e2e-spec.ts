import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PluginStore } from '@confab/plugin-sdk';
import { AppointmentBook } from '@confab/tool-appointments';
import { eventually, startWebhookReceiver, text, toolCalls, type RecordedRequest, type WebhookReceiver } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const ALL_DAY = [['00:00', '24:00']];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };
const OVERLAPS = 'That time cannot be booked: overlaps a booking';
const HOUR = 3600_000;

/** The model books whatever start the customer's last message names ("book 2026-...Z"), then says it is done. */
const bookWhatTheCustomerSays = (req: RecordedRequest) => {
  const messages = req.body.messages;
  if (messages.at(-1).role === 'tool') return text('Done.');
  const start = String(messages.filter((m: any) => m.role === 'user').at(-1).content).match(/book (\S+)/)![1];
  return toolCalls({ name: 'book_appointment', arguments: { start, customerName: 'Ana', contact: '+4915123456789' } });
};

/**
 * Stands between the server and the loopback OpenAI. Armed with n, it holds the next n chat requests until all n have
 * arrived and then lets them go together, so the tool calls they answer run at the same moment: a real race.
 */
async function startBarrier() {
  let held: Array<() => void> = [];
  let armed = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (armed > 0 && req.url!.endsWith('/chat/completions')) {
      await new Promise<void>((release) => {
        held.push(release);
        if (held.length < armed) return;
        armed = 0;
        held.splice(0).forEach((go) => go());
      });
    }
    const upstream = await fetch(new URL(req.url!, barrier.target), {
      method: req.method, headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization) }, body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const barrier = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    target: '',
    arm: (n: number) => void (armed = n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return barrier;
}

describe('appointments: availability, bookings that survive a race, iCalendar feed', () => {
  let server: TestServer;
  let api: ApiClient;
  let calendar: any;
  let assistantId: string;
  let hooks: WebhookReceiver;
  let tenantId: string;
  let barrier: Awaited<ReturnType<typeof startBarrier>>;

  beforeAll(async () => {
    barrier = await startBarrier();
    server = await startTestServer({ openai: { apiKey: 'sk-test', baseUrl: barrier.url, timeoutMs: 5_000, maxRetries: 0 } });
    barrier.target = server.openai.url;
    hooks = await startWebhookReceiver();
    ({ api, id: tenantId } = await createTenant(server.url, server.platformKey));
    await api.post('/api/v1/webhooks', { url: `${hooks.url}/appointments`, events: ['appointment.booked', 'appointment.cancelled'] });
    const created = await api.post('/api/v1/calendars', {
      name: 'Consultations', timezone: 'Europe/Berlin', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 14,
      workingHours: EVERY_DAY,
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
    await barrier?.close();
  });
  beforeEach(() => server.openai.reset());

  const chat = async () => (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id as string;
  const say = (id: string, t: string) => api.post(`/api/v1/conversations/${id}/messages`, { text: t, wait: true });
  const lastToolResult = async (id: string) => (await api.get(`/api/v1/conversations/${id}`)).body.toolCalls.at(-1).result;
  const bookingsOf = async (calendarId: string) => (await api.get(`/api/v1/calendars/${calendarId}/bookings`)).body as any[];
  const active = async (calendarId: string) => (await bookingsOf(calendarId)).filter((b) => b.status === 'booked');
  /** A half-hour slot start on the grid, `hours` from now. */
  const slotIn = (hours: number) => new Date(Math.ceil((Date.now() + hours * HOUR) / (30 * 60_000)) * 30 * 60_000).toISOString();

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
    barrier.arm(2);
    await Promise.all([say(a, 'book it'), say(b, 'book it')]);
    const results = await Promise.all([a, b].map(async (id) => (await api.get(`/api/v1/conversations/${id}`)).body.toolCalls[0]));
    const booked = results.filter((r) => r.result.booked === true);
    const refused = results.filter((r) => r.result.booked === false);
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].result.error).toBe(OVERLAPS);
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

  it('rescheduling to the same time keeps the booking, and moving onto another booking is refused with both kept', async () => {
    const [moved] = await active(calendar.id);
    const chatId = moved.conversationId as string;
    const second = slotIn(72);
    server.openai.respondWith(bookWhatTheCustomerSays);
    await say(chatId, `book ${second}`);
    expect(await lastToolResult(chatId)).toMatchObject({ booked: true, alreadyBooked: false });
    const before = await bookingsOf(calendar.id);

    const same = await api.post(`/api/v1/calendars/${calendar.id}/bookings/${moved.id}/reschedule`, { start: moved.start });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ id: moved.id, start: moved.start, status: 'booked' });
    expect(await bookingsOf(calendar.id)).toEqual(before);

    const onto = await api.post(`/api/v1/calendars/${calendar.id}/bookings/${moved.id}/reschedule`, { start: second });
    expect(onto.status).toBe(409);
    expect(onto.body.message).toBe('That time already has a booking; a booking cannot be moved onto another one');
    expect(await bookingsOf(calendar.id)).toEqual(before);
    expect((await active(calendar.id)).map((b) => b.start).sort()).toEqual([moved.start, second].sort());
  });

  describe('with a 30-minute buffer', () => {
    let buffered: any;
    let bufferedBot: string;

    beforeAll(async () => {
      buffered = (await api.post('/api/v1/calendars', { name: 'Buffered', timezone: 'Europe/Berlin', slotMinutes: 30, bufferMinutes: 30, minLeadMinutes: 0, horizonDays: 30, workingHours: EVERY_DAY })).body;
      const bot = await api.post('/api/v1/assistants', {
        name: 'Buffered booker', systemPrompt: 'Book appointments.', model: 'gpt-4o-mini', tools: [{ name: 'book_appointment', config: { calendarId: buffered.id } }],
      });
      bufferedBot = bot.body.id;
    });

    it('two conversations racing for slots inside each other\'s buffer end in one booking and one clear refusal, every time', async () => {
      server.openai.respondWith(bookWhatTheCustomerSays);
      for (const [round, gap] of [[0, 0.5], [1, 0], [2, 0.5], [3, 0.5]] as const) {
        const first = slotIn(100 + round * 5);
        const second = new Date(Date.parse(first) + gap * HOUR).toISOString();
        const chats = await Promise.all([0, 1].map(async () => (await api.post(`/api/v1/assistants/${bufferedBot}/test-chats`, {})).body.id as string));
        barrier.arm(2);
        await Promise.all([say(chats[0], `book ${first}`), say(chats[1], `book ${second}`)]);
        const results = await Promise.all(chats.map(lastToolResult));
        expect(results.filter((r) => r.booked === true)).toHaveLength(1);
        expect(results.filter((r) => r.booked === false).map((r) => r.error)).toEqual([OVERLAPS]);
      }
      expect(await active(buffered.id)).toHaveLength(4);
    });

    it('holds when the calls start in the same tick, straight on the booking service', async () => {
      const book = server.app.get(AppointmentBook);
      for (let round = 0; round < 5; round++) {
        const first = new Date(slotIn(200 + round * 5));
        const second = new Date(first.getTime() + (round % 2 ? 0 : 0.5) * HOUR);
        const outcomes = await Promise.allSettled(
          [first, second].map((start) => book.book(tenantId, buffered.id, { start, customerName: 'Race', contact: 'race@example.org', conversationId: randomUUID() })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.message)).toEqual([OVERLAPS]);
      }
      expect(await active(buffered.id)).toHaveLength(9);
    });

    it('moves a booking to the next slot: its own old time does not block it', async () => {
      const [booking] = await active(buffered.id);
      const next = new Date(Date.parse(booking.start) + 0.5 * HOUR).toISOString();
      const moved = await api.post(`/api/v1/calendars/${buffered.id}/bookings/${booking.id}/reschedule`, { start: next });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ start: next, status: 'booked' });
    });
  });

  it('ignores a slot lock a crashed process left without a booking', async () => {
    // What the earlier two-step write could leave behind when the process died between its two writes.
    const start = slotIn(300);
    await server.app.get(PluginStore).insert(tenantId, 'appointment-slots', `${calendar.id}|${start}`, { bookingId: randomUUID(), conversationId: randomUUID() });
    server.openai.respondWith(bookWhatTheCustomerSays);
    const chatId = await chat();
    await say(chatId, `book ${start}`);
    expect(await lastToolResult(chatId)).toMatchObject({ booked: true, alreadyBooked: false });
    expect((await active(calendar.id)).filter((b) => b.start === start)).toHaveLength(1);
  });

  it("keeps calendars inside the tenant", async () => {
    const other = await createTenant(server.url, server.platformKey, 'Other');
    expect((await other.api.get('/api/v1/calendars')).body).toEqual([]);
    expect((await other.api.get(`/api/v1/calendars/${calendar.id}/bookings`)).status).toBe(404);
  });
});
