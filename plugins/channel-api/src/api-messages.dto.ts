import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsVariables } from '@confab/plugin-sdk';

export class ApiMessageDto {
  @ApiProperty({ example: 'user-4711', description: "Your application's id for the customer; chats are keyed by it" })
  @IsString() @Length(1, 200) customerId!: string;

  @ApiProperty({ example: 'Where is my order A-1001?' })
  @IsString() @Length(1, 32_000) text!: string;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional() @IsString() @Length(1, 200) customerName?: string;

  @ApiPropertyOptional({ type: Object, example: { orderId: 'A-1001' }, description: 'Context for the assistant, stored as conversation variables (source api)' })
  @IsOptional() @IsVariables() variables?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Your id for this message; resending the same id is a no-op (idempotency key)' })
  @IsOptional() @IsString() @Length(1, 200) messageId?: string;

  @ApiPropertyOptional({ enum: ['sync', 'async'], default: 'sync', description: 'sync: wait for the reply in this response; async: 202 now, reply via callback or the conversation API' })
  @IsOptional() @IsIn(['sync', 'async']) mode?: 'sync' | 'async';

  @ApiPropertyOptional({ minimum: 100, maximum: 120_000, default: 30_000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(120_000) timeoutMs?: number;
}

export class ApiReplyView {
  @ApiProperty() messageId!: string;
  @ApiProperty() text!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() offline!: boolean;
}

export class ApiMessageResultView {
  @ApiProperty() conversationId!: string;
  @ApiProperty() messageId!: string;
  @ApiProperty({ description: 'True when this messageId was already received; nothing was changed' }) duplicate!: boolean;
  @ApiProperty({
    enum: ['answered', 'pending', 'handed_over', 'failed', 'no_reply'],
    description: "'pending': still being written (async mode or sync timeout); 'handed_over': a human owns the chat; 'failed': the model failed and the reply is the offline fallback",
  })
  status!: string;
  @ApiProperty({ type: ApiReplyView, isArray: true }) replies!: ApiReplyView[];
}
