import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate, IsNotBefore } from '@confab/plugin-sdk';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { UNANSWERED_REASONS, type UnansweredReason } from './unanswered-reason';

export class UnansweredQueryDto {
  @ApiPropertyOptional({ description: 'Messages received at or after (ISO 8601); default 30 days before `to`' })
  @IsOptional() @IsIsoDate() from?: Date;

  @ApiPropertyOptional({ description: 'Messages received before (ISO 8601, exclusive); default now' })
  @IsOptional() @IsIsoDate() @IsNotBefore('from') to?: Date;

  @ApiPropertyOptional({ enum: UNANSWERED_REASONS, description: 'Only this reason' })
  @IsOptional() @IsIn(UNANSWERED_REASONS, { message: `reason must be one of ${UNANSWERED_REASONS.join(', ')}` }) reason?: UnansweredReason;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this assistant's conversations" })
  @IsOptional() @IsUUID(undefined, { message: 'assistantId must be a UUID' }) assistantId?: string;

  @ApiPropertyOptional({ example: 'whatsapp', description: 'Only this channel type' })
  @IsOptional() @IsString() @Length(1, 40) channel?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be an integer' }) @Min(1) @Max(200) limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional() @IsString() @Length(1, 500) cursor?: string;
}

export class RetryLinkView {
  @ApiProperty({ enum: ['POST'] }) method!: 'POST';
  @ApiProperty({ example: '/api/v1/conversations/0b8c.../retry-reply' }) path!: string;
}

export class UnansweredItemView {
  @ApiProperty({ format: 'uuid', description: 'The customer message' }) messageId!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ enum: UNANSWERED_REASONS }) reason!: UnansweredReason;
  @ApiProperty({ description: 'When the customer sent it' }) createdAt!: string;
  @ApiProperty({ description: 'Whether `retry` can get it an answer (failed replies and failed deliveries)' }) retryable!: boolean;
  @ApiProperty({ type: RetryLinkView, nullable: true, description: 'The call that retries it' }) retry!: RetryLinkView | null;
  @ApiProperty({ format: 'uuid' }) assistantId!: string;
  @ApiProperty({ example: 'whatsapp' }) channel!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The first 140 characters of the text' }) excerpt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The recorded error text, when there is one' }) detail!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The reply that answered it (a fallback or an undelivered reply)' }) replyMessageId!: string | null;
  @ApiProperty({ example: '/api/v1/conversations/0b8c...' }) conversationUrl!: string;
}

export class UnansweredListView {
  @ApiProperty({ type: UnansweredItemView, isArray: true, description: 'Newest first' }) items!: UnansweredItemView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor!: string | null;
}
