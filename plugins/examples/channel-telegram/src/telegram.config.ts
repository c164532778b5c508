import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsOutboundUrl } from '@confab/net';
import { Secret } from '@confab/plugin-sdk';

/** One bot, as a tenant connects it. Secrets are sealed at rest and never returned. */
export class TelegramConnectionConfig {
  @ApiProperty({ description: "The bot's token from @BotFather (123456:ABC-...). Secret: never returned." })
  @IsString()
  @Matches(/^\d+:[A-Za-z0-9_-]{20,}$/, { message: 'botToken must look like 123456:ABC-DEF... (the token @BotFather gives)' })
  @Secret()
  botToken: string;

  @ApiProperty({ description: 'Sent by Telegram in X-Telegram-Bot-Api-Secret-Token on every update (setWebhook secret_token). Secret: never returned.' })
  @IsString()
  @Length(16, 256)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'webhookSecret may hold letters, digits, _ and - only (Telegram\'s rule)' })
  @Secret()
  webhookSecret: string;

  @ApiPropertyOptional({ description: 'Bot API base URL (default https://api.telegram.org); a local Bot API server or a test fake' })
  @IsOptional()
  @IsOutboundUrl()
  apiBaseUrl?: string;
}
