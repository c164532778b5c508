import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsOutboundUrl } from '@confab/net';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../entities/webhook.entities';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.com/confab-events' })
  @IsOutboundUrl()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray() @ArrayNotEmpty() @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEventType[];

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) description?: string;
}

export class WebhookView {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: string;
  @ApiProperty() createdAt!: Date;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({ description: 'Standard Webhooks signing secret (whsec_...). Shown once.' }) secret!: string;
}

export class WebhookAttemptView {
  @ApiProperty() attempt!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty() at!: Date;
}

export class WebhookDeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ type: Date, nullable: true }) nextAttemptAt!: Date | null;
  @ApiProperty({ type: Object }) payload!: Record<string, unknown>;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ type: Date, nullable: true }) deliveredAt!: Date | null;
  @ApiProperty({ type: WebhookAttemptView, isArray: true }) log!: WebhookAttemptView[];
}
