import { parseAllowedHosts } from '@confab/net';
import { describeChannelContract } from '@confab/plugin-sdk/testing';
import { startFakeBotApi, type FakeBotApi } from '../test/fake-bot-api';
import { TelegramChannel, TELEGRAM_TYPE } from './telegram-channel';
import type { TelegramConnectionConfig } from './telegram.config';
import { TelegramSettings } from './telegram.settings';
import { readPluginSettings } from '@confab/plugin-sdk';

const TOKEN = '123456:AAE_test-token-for-the-fake-bot';
const loopback = parseAllowedHosts('127.0.0.1');
let bot: FakeBotApi;
afterAll(() => bot?.close());

const connection = (apiBaseUrl: string) => ({
  id: '00000000-0000-4000-8000-0000000000aa', tenantId: 't', type: TELEGRAM_TYPE, assistantId: 'a', name: 'Bot', state: {},
  config: { botToken: TOKEN, webhookSecret: 'a-webhook-secret-1234', apiBaseUrl } satisfies TelegramConnectionConfig,
});

describeChannelContract('telegram_example', async () => {
  bot = await startFakeBotApi(TOKEN);
  return {
    plugin: new TelegramChannel({ allowedHosts: loopback }),
    connection: connection(bot.url),
    message: { to: [{ kind: 'telegram_chat', value: '4242' }] },
    validConfig: { botToken: TOKEN, webhookSecret: 'a-webhook-secret-1234' },
  };
});

describe('TelegramChannel.send against the fake Bot API', () => {
  const channel = new TelegramChannel({ allowedHosts: loopback });
  const send = (text = 'Hello', to = [{ kind: 'telegram_chat', value: '4242' }]) =>
    channel.send(connection(bot.url), { messageId: 'm1', conversationId: 'c1', to, text });

  it('sends to the chat and names the Telegram message as chat:message_id, leaving the status to mean sent', async () => {
    const result = await send('Hi there');
    expect(result).toEqual({ ok: true, providerMessageId: `4242:${bot.sent.at(-1)!.messageId}` });
    expect(bot.sent.at(-1)).toMatchObject({ chatId: '4242', text: 'Hi there' });
  });

  it('splits a reply longer than 4096 characters into several messages, naming the first', async () => {
    const before = bot.sent.length;
    const text = `${'a'.repeat(4000)}\n\n${'b'.repeat(300)}`;
    const result = await send(text);
    const sent = bot.sent.slice(before);
    expect(sent.map((m) => m.text)).toEqual(['a'.repeat(4000), 'b'.repeat(300)]);
    expect(result).toEqual({ ok: true, providerMessageId: `4242:${sent[0].messageId}`, metadata: { parts: 2, providerMessageIds: sent.map((m) => `4242:${m.messageId}`) } });
  });

  it("reports a 429 as retryable with Telegram's retry_after", async () => {
    bot.failNext({ code: 429, retryAfter: 7 });
    expect(await send()).toMatchObject({ ok: false, retryable: true, providerCode: 'TELEGRAM_429', retryAfterMs: 7_000 });
  });

  it("sends through the installation's TELEGRAM_API_BASE_URL when the connection names no Bot API", async () => {
    const { values, issues } = readPluginSettings(TelegramSettings, { TELEGRAM_API_BASE_URL: bot.url });
    expect(issues).toEqual([]);
    const installed = new TelegramChannel({ allowedHosts: loopback }, values as typeof TelegramSettings.values);
    const { apiBaseUrl: _named, ...config } = connection(bot.url).config;
    const before = bot.sent.length;
    expect(await installed.send({ ...connection(bot.url), config }, { messageId: 'm2', conversationId: 'c2', to: [{ kind: 'telegram_chat', value: '4242' }], text: 'Via the setting' })).toMatchObject({ ok: true });
    expect(bot.sent.slice(before).map((m) => m.text)).toEqual(['Via the setting']);
    expect(readPluginSettings(TelegramSettings, { TELEGRAM_API_BASE_URL: 'api.telegram.org' }).issues.map((i) => i.line)).toEqual(['  TELEGRAM_API_BASE_URL="api.telegram.org": must be a URL address']);
    expect(readPluginSettings(TelegramSettings, {}).values).toEqual({ apiBaseUrl: 'https://api.telegram.org' });
  });

  it('does not retry what cannot succeed: a blocked bot, a revoked token, a customer without a chat', async () => {
    bot.failNext({ code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await send()).toMatchObject({ ok: false, retryable: false, providerCode: 'TELEGRAM_403', reason: 'Forbidden: bot was blocked by the user' });
    const revoked = await channel.send({ ...connection(bot.url), config: { ...connection(bot.url).config, botToken: '123456:AAE_some-other-token-xxxxx' } }, { messageId: 'm', conversationId: 'c', to: [{ kind: 'telegram_chat', value: '1' }], text: 'x' });
    expect(revoked).toMatchObject({ ok: false, retryable: false, providerCode: 'TELEGRAM_401' });
    expect(await send('x', [{ kind: 'visitor', value: 'v1' }])).toMatchObject({ ok: false, retryable: false, providerCode: 'TELEGRAM_NO_CHAT' });
  });

  it('retries a Telegram outage, and refuses an internal Bot API address the installation does not list', async () => {
    bot.failNext({ code: 502 });
    expect(await send()).toMatchObject({ ok: false, retryable: true, providerCode: 'TELEGRAM_502' });
    const attempts = bot.attempts;
    const strict = new TelegramChannel({ allowedHosts: [] });
    expect(await strict.send(connection(bot.url), { messageId: 'm', conversationId: 'c', to: [{ kind: 'telegram_chat', value: '1' }], text: 'x' })).toMatchObject({ ok: false, retryable: false, providerCode: 'TELEGRAM_FORBIDDEN_URL' });
    expect(bot.attempts).toBe(attempts);
    await expect(strict.checkConfig('t', connection(bot.url).config)).rejects.toMatchObject({ details: { field: 'apiBaseUrl' } });
  });
});
