import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsOutboundUrl } from '@confab/net';
import { Secret } from '@confab/plugin-sdk';

/** One WhatsApp business number connected to an assistant. Secrets are sealed at rest and never returned. */
export class WhatsAppConnectionConfig {
  @ApiProperty({ example: '100000000000001', description: 'Phone number id from the WhatsApp Manager (not the phone number)' })
  @Matches(/^\d{5,20}$/, { message: 'phoneNumberId must be the numeric phone number id' })
  phoneNumberId!: string;

  @ApiProperty({ example: '200000000000002', description: 'WhatsApp Business Account (WABA) id' })
  @Matches(/^\d{5,20}$/, { message: 'businessAccountId must be the numeric WhatsApp Business Account id' })
  businessAccountId!: string;

  @ApiProperty({ description: 'System-user or business access token (secret)' })
  @IsString() @Length(10, 1024) @Secret()
  accessToken!: string;

  @ApiProperty({ description: 'App secret, used to verify X-Hub-Signature-256 (secret)' })
  @IsString() @Length(8, 256) @Secret()
  appSecret!: string;

  @ApiProperty({ description: 'The verify token you type into the App Dashboard webhook settings (secret)' })
  @IsString() @Length(8, 256) @Secret()
  verifyToken!: string;

  @ApiPropertyOptional({ default: 'https://graph.facebook.com', description: 'Graph API base URL (a proxy or test server can stand in)' })
  @IsOptional() @IsOutboundUrl()
  graphApiBaseUrl?: string;

  @ApiPropertyOptional({ default: 'v25.0' })
  @IsOptional() @Matches(/^v\d+\.\d+$/, { message: 'graphApiVersion must look like v25.0' })
  graphApiVersion?: string;

  @ApiPropertyOptional({ default: true, description: 'Pause the AI on a conversation when staff reply from the WhatsApp Business app (coexistence)' })
  @IsOptional() @IsBoolean()
  pauseAiOnEcho?: boolean;

  @ApiPropertyOptional({
    default: 80, minimum: 1, maximum: 1000,
    description: "The number's throughput: messages per second Meta lets it send (80 by default; up to 1,000 once Meta has upgraded the number). Sends are paced to it across all workers.",
  })
  @IsOptional() @IsInt() @Min(1) @Max(1000)
  messagesPerSecond?: number;
}

/** Meta's throughput of a business number that has not been upgraded. */
export const DEFAULT_MESSAGES_PER_SECOND = 80;

export const GRAPH_DEFAULTS = { baseUrl: 'https://graph.facebook.com', version: 'v25.0' } as const;
