import { Body, Controller, Headers, HttpCode, Ip, Logger, Param, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ConnectionDirectory, ConversationInbox, ParseUuidParam, ProviderWebhook, Public, RateLimits, Unauthenticated } from '@confab/plugin-sdk';
import { TELEGRAM_TYPE } from './telegram-channel';
import type { TelegramConnectionConfig } from './telegram.config';
import { isUpdate, toInboundMessage } from './telegram-update';
import { secretTokenMatches } from './webhook-secret';

/**
 * Telegram's webhook for one connection (setWebhook url = PUBLIC_URL + this path, secret_token = webhookSecret).
 * The secret header is checked before anything is stored; the message is committed before the 200, so a
 * redelivered update (same update_id) changes nothing. The AI never runs here: the lifecycle schedules it.
 */
@ApiTags('Telegram webhook (example plugin)')
@Public()
@ProviderWebhook()
@Controller('webhooks/telegram-example')
export class TelegramWebhookController {
  private readonly logger = new Logger('TelegramWebhook');

  constructor(
    private readonly directory: ConnectionDirectory,
    private readonly inbox: ConversationInbox,
    private readonly limits: RateLimits,
  ) {}

  @Post(':connectionId')
  @HttpCode(200)
  @ApiOperation({ summary: "Telegram's updates for the connection (no API key; the secret token header authenticates)" })
  @ApiHeader({ name: 'x-telegram-bot-api-secret-token', required: true, description: "The connection's webhookSecret" })
  @ApiBody({ description: 'A Bot API Update', schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({ description: 'Stored (or a repeat, or an update kind this channel ignores)', schema: { type: 'object', properties: { stored: { type: 'boolean' }, duplicate: { type: 'boolean' } }, required: ['stored', 'duplicate'] } })
  @ApiUnauthorizedResponse({ description: 'The secret token header is missing or wrong; nothing was stored' })
  async receive(
    @Param('connectionId', ParseUuidParam) id: string,
    @Headers('x-telegram-bot-api-secret-token') secret: string | undefined,
    @Body() body: unknown,
    @Ip() ip?: string,
  ): Promise<{ stored: boolean; duplicate: boolean }> {
    // Failures count per sender and connection, so a guesser is slowed down without touching other connections.
    const source = `${ip ?? 'unknown'}|${id}`;
    await this.limits.assertSourceAllowed('webhook_signature', source);
    const connection = await this.directory.load<TelegramConnectionConfig>(id, { type: TELEGRAM_TYPE });
    if (!secretTokenMatches(secret, connection.config.webhookSecret)) {
      await this.limits.recordSourceFailure('webhook_signature', source);
      this.logger.warn({ msg: 'Telegram update with a missing or wrong secret token; nothing stored', connectionId: id });
      throw new Unauthenticated('Invalid X-Telegram-Bot-Api-Secret-Token');
    }
    const message = isUpdate(body) ? toInboundMessage(body) : null;
    if (!message) return { stored: false, duplicate: false };
    const accepted = await this.inbox.accept(connection, message);
    return { stored: !accepted.duplicate, duplicate: accepted.duplicate };
  }
}
