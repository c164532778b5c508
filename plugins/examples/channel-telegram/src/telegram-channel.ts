import { Inject, Injectable, Optional } from '@nestjs/common';
import { outboundUrlProblem } from '@confab/net';
import { Channel, InjectPluginSettings, ValidationFailed, type ChannelCapabilities, type ChannelPlugin, type Connection, type OutboundMessage, type SendResult } from '@confab/plugin-sdk';
import { sendMessage } from './bot-api';
import { splitText } from './split-text';
import { TelegramConnectionConfig } from './telegram.config';
import { TELEGRAM_API, TELEGRAM_OPTIONS, type TelegramModuleOptions } from './telegram.options';
import { CHAT_IDENTITY } from './telegram-update';
import { TelegramSettings } from './telegram.settings';

export const TELEGRAM_TYPE = 'telegram_example';
const MAX_TEXT = 4096;

/**
 * Example channel plugin (plugins/examples): a Telegram bot. Updates arrive on the plugin's own webhook route
 * (TelegramWebhookController); replies go out through the Bot API's sendMessage.
 */
@Channel({ type: TELEGRAM_TYPE, configSchema: TelegramConnectionConfig, displayName: 'Telegram (example)', webhookPath: (id) => `/webhooks/telegram-example/${id}` })
@Injectable()
export class TelegramChannel implements ChannelPlugin<TelegramConnectionConfig> {
  constructor(
    @Inject(TELEGRAM_OPTIONS) private readonly options: TelegramModuleOptions,
    // The installation's settings (TELEGRAM_*); built without the server (a unit test), the declared defaults.
    @Optional() @InjectPluginSettings(TelegramSettings) private readonly settings: typeof TelegramSettings.values = { apiBaseUrl: TELEGRAM_API },
  ) {}

  readonly capabilities: ChannelCapabilities = {
    templates: false,
    // The Bot API reports neither delivery nor reading: a sent reply stays `sent`.
    deliveryReceipts: false,
    readReceipts: false,
    typingIndicator: false,
    maxTextLength: MAX_TEXT,
    media: [],
    formatting: 'plain',
    // Telegram's limits: about 30 messages a second per bot, and no more than one a second to one chat.
    sendRate: { perConnection: { max: 30, perMs: 1000 }, perRecipient: { max: 1, perMs: 1000 } },
    // People in a chat app expect an answer in seconds, not the platform's default budget.
    replyBudgetMs: 60_000,
  };

  readonly formattingGuidance = 'You are answering in a Telegram chat. Write short plain-text messages without Markdown; use line breaks for lists.';

  /** An apiBaseUrl every send would be refused for is refused now, with the reason. */
  async checkConfig(_tenantId: string, config: TelegramConnectionConfig): Promise<void> {
    if (!config.apiBaseUrl) return;
    const problem = outboundUrlProblem(config.apiBaseUrl, { allowedHosts: this.options.allowedHosts, allowSetting: 'OUTBOUND_ALLOWED_HOSTS' });
    if (problem) throw new ValidationFailed(`apiBaseUrl ${problem}`, 'apiBaseUrl');
  }

  async send(connection: Connection<TelegramConnectionConfig>, message: OutboundMessage): Promise<SendResult> {
    const chat = message.to.find((identity) => identity.kind === CHAT_IDENTITY);
    if (!chat) return { ok: false, retryable: false, providerCode: 'TELEGRAM_NO_CHAT', reason: 'The customer has no Telegram chat on this connection' };
    const target = { baseUrl: connection.config.apiBaseUrl ?? this.settings.apiBaseUrl, token: connection.config.botToken, allowedHosts: this.options.allowedHosts };
    const ids: string[] = [];
    for (const part of splitText(message.text, MAX_TEXT)) {
      const result = await sendMessage(target, chat.value, part);
      if (!result.ok) {
        // A retry sends the whole reply again; say which parts the customer already has.
        return ids.length ? { ...result, reason: `${result.reason} (${ids.length} earlier part(s) were sent: ${ids.join(', ')})` } : result;
      }
      ids.push(result.providerMessageId);
    }
    // Omitting deliveryStatus means `sent`: Telegram accepted the message, and no later report will say more.
    return { ok: true, providerMessageId: ids[0], ...(ids.length > 1 ? { metadata: { parts: ids.length, providerMessageIds: ids } } : {}) };
  }
}
