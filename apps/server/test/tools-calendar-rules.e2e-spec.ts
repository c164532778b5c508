import { text, toolCalls } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ALL_DAY = [['00:00', '24:00']];
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00.000Z`;

/** Buffer, minimum lead time, horizon and blocked dates, seen the way the model sees them: through the tools. */
describe('calendar rules through check_availability and book_appointment', () => {
  let server: TestServer;
  let api: ApiClient;
  let assistantId: string;
  const now = Date.now();
  const blocked = dateOf(now + 3 * DAY);
  const busyDay = dateOf(now + 5 * DAY);

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
    const calendar = await api.post('/api/v1/calendars', {
      name: 'Rules', timezone: 'UTC', slotMinutes: 30, bufferMinutes: 30, minLeadMinutes: 120, horizonDays: 14, blockedDates: [blocked],
      workingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    });
    expect(calendar.status).toBe(201);
    const config = { calendarId: calendar.body.id };
    const bot = await api.post('/api/v1/assistants', {
      name: 'Rules', systemPrompt: 'Book appointments.', model: 'gpt-4o-mini', tools: [{ name: 'check_availability', config }, { name: 'book_appointment', config }],
    });
    assistantId = bot.body.id;
  });
  afterAll(() => server?.close());
  beforeEach(() => server.openai.reset());

  /** One turn in a fresh chat in which the model calls `name` once; returns what the tool answered. */
  const callTool = async (name: string, args: object) => {
    server.openai.enqueue(toolCalls({ name, arguments: args }), text('OK.'));
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'please', wait: true });
    return (await api.get(`/api/v1/conversations/${chat}`)).body.toolCalls.at(-1).result;
  };
  const starts = async (from: string, to: string): Promise<string[]> => (await callTool('check_availability', { from, to })).slots.map((s: { start: string }) => s.start);
  const book = (start: string) => callTool('book_appointment', { start, customerName: 'Ana', contact: 'ana@example.org' });

  it('offers nothing sooner than the minimum lead time, and refuses to book it', async () => {
    const before = Date.now();
    const offered = await starts(new Date(before).toISOString(), new Date(before + 4 * 60 * MINUTE).toISOString());
    expect(offered.length).toBeGreaterThanOrEqual(3);
    expect(offered.every((s) => Date.parse(s) >= before + 120 * MINUTE)).toBe(true);
    expect(Date.parse(offered[0])).toBeLessThan(Date.now() + 150 * MINUTE);
    const soon = new Date(Math.ceil((now + 60 * MINUTE) / (30 * MINUTE)) * 30 * MINUTE).toISOString();
    expect(await book(soon)).toMatchObject({ booked: false, error: 'That time cannot be booked: too soon' });
  });

  it('offers nothing on a blocked date but the days around it, and refuses to book it', async () => {
    const offered = await starts(at(dateOf(Date.parse(at(blocked, '00:00')) - DAY), '22:00'), at(dateOf(Date.parse(at(blocked, '00:00')) + DAY), '02:00'));
    expect(offered.filter((s) => s.startsWith(blocked))).toEqual([]);
    expect(offered).toHaveLength(8);
    expect(await book(at(blocked, '10:00'))).toMatchObject({ booked: false, error: 'That time cannot be booked: blocked date' });
  });

  it('offers nothing beyond the horizon', async () => {
    const offered = await starts(new Date(now + 14 * DAY - 60 * MINUTE).toISOString(), new Date(now + 15 * DAY).toISOString());
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((s) => Date.parse(s) <= Date.now() + 14 * DAY)).toBe(true);
  });

  it('keeps the buffer free around a booking, both in the slots offered and when booking', async () => {
    expect(await book(at(busyDay, '10:00'))).toMatchObject({ booked: true });
    expect(await starts(at(busyDay, '08:00'), at(busyDay, '12:00'))).toEqual(['08:00', '08:30', '09:00', '11:00', '11:30'].map((t) => at(busyDay, t)));
    expect(await book(at(busyDay, '10:30'))).toMatchObject({ booked: false, error: 'That time cannot be booked: overlaps a booking' });
    expect(await book(at(busyDay, '11:00'))).toMatchObject({ booked: true });
  });
});
