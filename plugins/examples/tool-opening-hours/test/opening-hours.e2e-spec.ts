import { parseAllowedHosts } from '@confab/net';
import { text, toolCalls } from '@confab/testing';
import { createTenant, startPluginTestServer, type ApiClient, type TestServer } from '@confab/server-test-support';
import { OpeningHoursToolModule } from '../src';
import { startFakeHoursService, type FakeHoursService } from './fake-hours-service';

/** The example tool through the real server: the model (fake OpenAI) calls it, it asks the hours service (fake). */
describe('get_opening_hours in a real server', () => {
  let server: TestServer;
  let hours: FakeHoursService;
  let api: ApiClient;
  let assistantId: string;

  beforeAll(async () => {
    hours = await startFakeHoursService();
    server = await startPluginTestServer({ plugins: [OpeningHoursToolModule.forRoot({ allowedHosts: parseAllowedHosts('127.0.0.1') })] });
    ({ api } = await createTenant(server.url, server.platformKey));
    const bot = await api.post('/api/v1/assistants', {
      name: 'Store', systemPrompt: 'You answer questions about the store.', model: 'gpt-4o-mini',
      tools: [{ name: 'get_opening_hours', config: { serviceUrl: hours.url, storeId: 'berlin-mitte' } }],
    });
    expect(bot.status).toBe(201);
    assistantId = bot.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await hours?.close();
  });
  beforeEach(() => server.openai.reset());

  const chat = async () => (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id as string;
  const say = (id: string, t: string) => api.post(`/api/v1/conversations/${id}/messages`, { text: t, wait: true });
  /** The tool's answer as the model read it in its follow-up request. */
  const toolAnswerSeenByModel = () => {
    const [, followUp] = server.openai.calls('/chat/completions');
    return JSON.parse(followUp.body.messages.filter((m: any) => m.role === 'tool').at(-1).content);
  };

  it('is offered to the model, called with its arguments, and its answer reaches the model and the conversation', async () => {
    const id = await chat();
    server.openai.enqueue(toolCalls({ name: 'get_opening_hours', arguments: { day: 'saturday' } }), text('On Saturday we are open from 10:00 to 14:00.'));
    await say(id, 'When are you open on Saturday?');
    const [first] = server.openai.calls('/chat/completions');
    expect(first.body.tools.map((t: any) => t.function.name)).toContain('get_opening_hours');
    expect(hours.hits.at(-1)).toBe('GET /stores/berlin-mitte/hours?day=saturday');
    expect(toolAnswerSeenByModel()).toEqual({ day: 'saturday', closed: false, opens: '10:00', closes: '14:00' });
    const detail = (await api.get(`/api/v1/conversations/${id}`)).body;
    expect(detail.messages.at(-1)).toMatchObject({ author: 'assistant', text: 'On Saturday we are open from 10:00 to 14:00.' });
    expect(detail.toolCalls.at(-1)).toMatchObject({ name: 'get_opening_hours', arguments: { day: 'saturday' } });
  });

  it("hands the provider's retry-after to the model when the hours service is rate limited", async () => {
    const id = await chat();
    hours.failNext({ status: 429, retryAfter: '45' });
    server.openai.enqueue(toolCalls({ name: 'get_opening_hours', arguments: { day: 'monday' } }), text('The hours service is busy; please try again in a minute.'));
    await say(id, 'Open on Monday?');
    expect(toolAnswerSeenByModel()).toMatchObject({ error: 'rate_limited', retryAfterSeconds: 45 });
  });

  it('describes its per-assistant settings to the dashboard as a JSON Schema', async () => {
    const tool = (await api.get('/api/v1/tools')).body.find((t: { name: string }) => t.name === 'get_opening_hours');
    expect(tool).toMatchObject({ risk: 'read', configurable: true });
    expect(tool.configSchema.required).toEqual(expect.arrayContaining(['serviceUrl', 'storeId']));
  });

  it('refuses an assistant whose tool settings are wrong, naming the field', async () => {
    const res = await api.post('/api/v1/assistants', {
      name: 'Broken', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'get_opening_hours', config: { serviceUrl: 'not a url', storeId: 'a/b' } }],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('serviceUrl');
    expect(JSON.stringify(res.body)).toContain('storeId');
  });
});
