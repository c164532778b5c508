import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { IsOutboundUrl } from '@confab/net';
import { Secret } from '@confab/plugin-sdk';

export class ApiChannelConfig {
  @ApiPropertyOptional({ description: "Where replies are POSTed in async mode; without one, the app reads replies from the conversation" })
  @IsOptional()
  @IsOutboundUrl()
  callbackUrl?: string;

  @ApiPropertyOptional({ description: 'Signs callbacks (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). Secret: never returned.' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @Secret()
  callbackSecret?: string;
}
