import { parseAllowedHosts } from '@confab/net';
import { eventually, text } from '@confab/testing';
import { apiClient, createTenant, startPluginTestServer, type ApiClient, type TestServer } from '@confab/server-test-support';
import { TelegramChannelModule } from '../src';
import { startFakeBotApi, textUpdate, type FakeBotApi } from './fake-bot-api';

const TOKEN = '123456:AAE_test-token-for-the-fake-bot';
const SECRET = 'e2e-webhook-secret-0123456789';

/**
 * The example channel in the real server, with only this plugin loaded: an update in through the webhook, the
 * assistant's reply (fake OpenAI) out through the fake Bot API.
 */
describe('telegram_example channel in a real server', () => {
  let server: TestServer;
  let bot: FakeBotApi;
  let api: ApiClient;
  let other: ApiClient;
  let connectionId: string;
  let webhookUrl: string;

  beforeAll(async () => {
    bot = await startFakeBotApi(TOKEN);
    server = await startPluginTestServer({
      plugins: [TelegramChannelModule.forRoot({ allowedHosts: parseAllowedHosts('127.0.0.1') })],
      testChannel: false,
      config: { conversations: { sendAttempts: 3, sendBackoffMs: 30 } },
    });
    ({ api } = await createTenant(server.url, server.platformKey, 'Bakery'));
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    const assistant = await api.post('/api/v1/assistants', { name: 'Baker', systemPrompt: 'You answer for a bakery.', model: 'gpt-4o-mini' });
    const created = await api.post('/api/v1/channels', { type: 'telegram_example', assistantId: assistant.body.id, name: 'Bakery bot', config: { botToken: TOKEN, webhookSecret: SECRET, apiBaseUrl: bot.url } });
    expect(created.status).toBe(201);
    connectionId = created.body.id;
    webhookUrl = `${server.url}/webhooks/telegram-example/${connectionId}`;
  });
  afterAll(async () => {
    await server?.close();
    await bot?.close();
  });
  beforeEach(() => server.openai.reset());

  const post = (body: unknown, secret: string | null = SECRET, url = webhookUrl) =>
    apiClient(url).raw('POST', '', body, secret ? { 'x-telegram-bot-api-secret-token': secret } : {});

  it('keeps the secrets write-only and names the webhook URL to register with setWebhook', async () => {
    const view = await api.get(`/api/v1/channels/${connectionId}`);
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).not.toContain(TOKEN);
    expect(JSON.stringify(view.body)).not.toContain(SECRET);
    expect(view.body.secretsSet).toEqual(expect.arrayContaining(['botToken', 'webhookSecret']));
    expect(view.body.webhookUrl).toMatch(new RegExp(`/webhooks/telegram-example/${connectionId}$`));
  });

  it('describes its settings to the dashboard: a JSON Schema with the secrets write-only', async () => {
    const types = (await api.get('/api/v1/channel-types')).body as Array<{ type: string; configSchema: any; hasWebhook: boolean; displayName: string }>;
    const telegram = types.find((t) => t.type === 'telegram_example');
    expect(telegram).toMatchObject({ displayName: 'Telegram (example)', hasWebhook: true });
    expect(telegram!.configSchema.required).toEqual(expect.arrayContaining(['botToken', 'webhookSecret']));
    expect(telegram!.configSchema.properties.botToken.writeOnly).toBe(true);
    expect(telegram!.configSchema.properties.webhookSecret.writeOnly).toBe(true);
    expect(telegram!.configSchema.properties.apiBaseUrl.writeOnly).toBeUndefined();
  });

  it("answers an update through the Bot API, in the customer's chat", async () => {
    server.openai.enqueue(text('We open at 7 every morning.'));
    const res = await post(textUpdate(1001, 555, 'When do you open?'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: true, duplicate: false });
    await eventually(() => expect(bot.sent.find((m) => m.text === 'We open at 7 every morning.')).toMatchObject({ chatId: '555' }));
    const [prompt] = server.openai.calls('/chat/completions');
    expect(prompt.body.messages.at(-1)).toMatchObject({ role: 'user', content: 'When do you open?' });
    const list = (await api.get('/api/v1/conversations?channel=telegram_example')).body.items;
    expect(list).toHaveLength(1);
    await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${list[0].id}`)).body;
      expect(detail.customer).toMatchObject({ name: 'Ada Lovelace' });
      expect(detail.messages.map((m: any) => [m.author, m.deliveryStatus])).toEqual([['customer', null], ['assistant', 'sent']]);
    });
  });

  it('stores a redelivered update once and answers it once', async () => {
    server.openai.respondWith(() => text('Once only.'));
    const first = await post(textUpdate(2001, 556, 'Do you bake rye bread?'));
    const again = await post(textUpdate(2001, 556, 'Do you bake rye bread?'));
    expect(first.body).toEqual({ stored: true, duplicate: false });
    expect(again.body).toEqual({ stored: false, duplicate: true });
    await eventually(() => expect(bot.sent.filter((m) => m.chatId === '556')).toHaveLength(1));
    expect(server.openai.calls('/chat/completions')).toHaveLength(1);
  });

  it("retries a send Telegram refused with 429 after Telegram's retry_after, not before", async () => {
    bot.failNext({ code: 429, retryAfter: 1 });
    const before = bot.attempts;
    server.openai.enqueue(text('Fresh croissants at 8.'));
    await post(textUpdate(3001, 557, 'Croissants?'));
    await eventually(() => expect(bot.sent.find((m) => m.chatId === '557')).toMatchObject({ text: 'Fresh croissants at 8.' }), { timeoutMs: 10_000 });
    expect(bot.attempts - before).toBe(2);
    const [refused, accepted] = bot.attemptTimes.slice(before);
    expect(accepted - refused).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses a missing or wrong secret token with 401 and stores nothing', async () => {
    const count = async () => (await api.get('/api/v1/conversations?channel=telegram_example')).body.items.length;
    const before = await count();
    expect((await post(textUpdate(4001, 558, 'hi'), null)).status).toBe(401);
    expect((await post(textUpdate(4002, 558, 'hi'), 'wrong-secret-0123456789')).status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('answers 404 for a connection that does not exist, and keeps the connection to its tenant', async () => {
    const unknown = `${server.url}/webhooks/telegram-example/00000000-0000-4000-8000-000000000000`;
    expect((await post(textUpdate(5001, 559, 'hi'), SECRET, unknown)).status).toBe(404);
    expect((await other.get(`/api/v1/channels/${connectionId}`)).status).toBe(404);
    const otherChannels = (await other.get('/api/v1/channels')).body;
    expect(otherChannels.items ?? otherChannels).toEqual([]);
    expect((await other.get('/api/v1/conversations?channel=telegram_example')).body.items).toEqual([]);
  });

  it('refuses a connection with broken settings, naming each field', async () => {
    const assistant = (await api.get('/api/v1/assistants')).body;
    const assistantId = (assistant.items ?? assistant)[0].id;
    const res = await api.post('/api/v1/channels', { type: 'telegram_example', assistantId, config: { botToken: 'nope', webhookSecret: 'short' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('config.botToken');
    expect(JSON.stringify(res.body)).toContain('config.webhookSecret');
  });
});
