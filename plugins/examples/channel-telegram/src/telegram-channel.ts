import { Inject, Injectable } from '@nestjs/common';
import { outboundUrlProblem } from '@confab/net';
import { Channel, ValidationFailed, type ChannelCapabilities, type ChannelPlugin, type Connection, type OutboundMessage, type SendResult } from '@confab/plugin-sdk';
import { sendMessage } from './bot-api';
import { TelegramConnectionConfig } from './telegram.config';
import { TELEGRAM_API, TELEGRAM_OPTIONS, type TelegramModuleOptions } from './telegram.options';
import { CHAT_IDENTITY } from './telegram-update';

export const TELEGRAM_TYPE = 'telegram_example';

/**
 * Example channel plugin (plugins/examples): a Telegram bot. Updates arrive on the plugin's own webhook route
 * (TelegramWebhookController); replies go out through the Bot API's sendMessage.
 */
@Channel({ type: TELEGRAM_TYPE, configSchema: TelegramConnectionConfig, displayName: 'Telegram (example)', webhookPath: (id) => `/webhooks/telegram-example/${id}` })
@Injectable()
export class TelegramChannel implements ChannelPlugin<TelegramConnectionConfig> {
  constructor(@Inject(TELEGRAM_OPTIONS) private readonly options: TelegramModuleOptions) {}

  readonly capabilities: ChannelCapabilities = {
    templates: false,
    // The Bot API reports neither delivery nor reading: a sent reply stays `sent`.
    deliveryReceipts: false,
    readReceipts: false,
    typingIndicator: false,
    maxTextLength: 4096,
    media: [],
    formatting: 'plain',
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
    const target = { baseUrl: connection.config.apiBaseUrl ?? TELEGRAM_API, token: connection.config.botToken, allowedHosts: this.options.allowedHosts };
    // Omitting deliveryStatus means `sent`: Telegram accepted the message, and no later report will say more.
    return sendMessage(target, chat.value, message.text);
  }
}
