import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text, toolCalls } from '@confab/testing';
import { createTenant, type ApiClient, type TestServer } from '@confab/server-test-support';
import type { Login } from './seed';

export interface SeenRequest { method: string; url: string; headers: IncomingMessage['headers'] }

/** A shop's order API on loopback: answers an order's status when the bearer token is right, 401 otherwise. */
export async function startOrderApi(token: string): Promise<{ server: Server; port: number; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    const id = decodeURIComponent((req.url ?? '').split('/').pop()!.split('?')[0]);
    res.writeHead(200, { 'content-type': 'application/json', 'x-shop': 'bakery' }).end(JSON.stringify({ id, status: 'shipped', delivery: { eta: '2026-12-09' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

export interface ToolsTenant {
  api: ApiClient;
  calendarId: string;
  operators: { admin: Login; agent: Login; viewer: Login };
}

/**
 * A tenant with operators of each role, a calendar, and what assistants leave behind in chats: a callback task and a
 * booking, both made by the model calling the real tools (through the loopback OpenAI).
 */
export async function seedToolsTenant(server: TestServer, tag: string): Promise<ToolsTenant> {
  const { api } = await createTenant(server.url, server.platformKey, `Werkstatt ${tag}`);
  const make = async (role: 'admin' | 'agent' | 'viewer', name: string): Promise<Login> => {
    const login = { email: `${role}-${tag}@example.com`, password: `pw-${role}-${tag}-long-enough`, name };
    const res = await api.post('/api/v1/operators', { email: login.email, name, role, password: login.password });
    if (res.status !== 201) throw new Error(`operator ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return login;
  };
  const operators = { admin: await make('admin', 'Ada Admin'), agent: await make('agent', 'Anna Agent'), viewer: await make('viewer', 'Vic Viewer') };

  const allDay: Array<[string, string]> = [['00:00', '24:00']];
  const calendar = await api.post('/api/v1/calendars', {
    name: 'Beratung', timezone: 'Europe/Berlin', slotMinutes: 30, minLeadMinutes: 0, horizonDays: 30,
    workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  });
  if (calendar.status !== 201) throw new Error(`calendar: ${calendar.status} ${JSON.stringify(calendar.body)}`);
  const config = { calendarId: calendar.body.id };
  const bot = await api.post('/api/v1/assistants', {
    name: 'Werkstatt-Hilfe', systemPrompt: 'Du vereinbarst Termine und Rückrufe.', model: 'gpt-4o-mini',
    tools: [{ name: 'request_callback', config: {} }, { name: 'book_appointment', config }],
  });
  if (bot.status !== 201) throw new Error(`assistant: ${bot.status} ${JSON.stringify(bot.body)}`);

  const turn = async (call: { name: string; arguments: Record<string, unknown> }) => {
    server.openai.enqueue(toolCalls(call), text('Erledigt.'));
    const chat = (await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {})).body.id;
    const sent = await api.post(`/api/v1/conversations/${chat}/messages`, { text: 'Bitte', wait: true });
    if (sent.status >= 300) throw new Error(`turn: ${sent.status} ${JSON.stringify(sent.body)}`);
  };
  await turn({ name: 'request_callback', arguments: { phone: '+4915123456789', topic: 'Rechnung 4711', preferredTime: 'vormittags' } });
  // Three days ahead at 10:00 UTC: inside the all-day hours, whatever the clock says now.
  const start = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 3 * 86_400_000 + 10 * 3_600_000).toISOString();
  await turn({ name: 'book_appointment', arguments: { start, customerName: 'Lena Schmidt', contact: 'lena@example.org' } });
  const bookings = (await api.get(`/api/v1/calendars/${calendar.body.id}/bookings`)).body;
  if (bookings.length !== 1) throw new Error(`booking not made: ${JSON.stringify(bookings)}`);
  const tasks = (await api.get('/api/v1/tasks?status=open')).body;
  if (tasks.length !== 1) throw new Error(`callback task not made: ${JSON.stringify(tasks)}`);
  return { api, calendarId: calendar.body.id, operators };
}
