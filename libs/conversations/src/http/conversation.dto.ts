import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIsoDate, IsNotBefore } from '@confab/plugin-sdk';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListConversationsQueryDto {
  @ApiPropertyOptional({ example: 'whatsapp' }) @IsOptional() @IsString() @Length(1, 40) channel?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assistantId?: string;
  @ApiPropertyOptional({ description: 'Conversations started at or after this instant (ISO 8601)' })
  @IsOptional() @IsIsoDate() from?: Date;
  @ApiPropertyOptional({ description: 'Conversations started before this instant (ISO 8601)' })
  @IsOptional() @IsIsoDate() @IsNotBefore('from') to?: Date;
  @ApiPropertyOptional({ description: 'Exact customer identifier (phone number, external id, visitor id)' })
  @IsOptional() @IsString() @Length(1, 200) customer?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @ApiPropertyOptional({ enum: ['ai', 'human'] }) @IsOptional() @IsIn(['ai', 'human']) owner?: 'ai' | 'human';
  @ApiPropertyOptional({ description: 'Only conversations with (true) or without (false) a failed delivery' })
  @IsOptional() @Transform(toBoolean) @IsBoolean() failedDelivery?: boolean;
  @ApiPropertyOptional({ example: 'test' }) @IsOptional() @IsString() @Length(1, 60) tag?: string;
  @ApiPropertyOptional({
    example: '"Lieferung verspätet" -storniert',
    description: 'Full-text search over message text, German and English (stemmed; umlauts and case do not matter). "quoted phrase", -excluded, or. Ranked by relevance; each item gets `match`.',
  })
  @IsOptional() @IsString() @Length(1, 200) @Matches(/\S/, { message: 'q must contain a word to search for' }) q?: string;
  @ApiPropertyOptional({ description: 'Only conversations with (true) or without (false) a customer message that got no AI reply (see GET /api/v1/unanswered)' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'unanswered must be true or false' }) unanswered?: boolean;
  @ApiPropertyOptional({ description: 'Only conversations that were (true) or were never (false) handed to a human' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'handedOver must be true or false' }) handedOver?: boolean;
  @ApiPropertyOptional({ example: '0.05', description: 'Total cost at least this amount, a decimal in the API currency (up to 6 decimals)' })
  @IsOptional() @IsString() @Matches(/^\d{1,9}(\.\d{1,6})?$/, { message: 'minCost must be a decimal amount such as 0.05 (at most 6 decimals)' }) minCost?: string;
  @ApiPropertyOptional({ example: 'lookup_order', description: 'Only conversations in which a tool of this name was called' })
  @IsOptional() @IsString() @Matches(/^[a-zA-Z0-9_-]{1,64}$/, { message: 'usedTool must be a tool name (letters, digits, _ and -, at most 64)' }) usedTool?: string;
  @ApiPropertyOptional({ default: true, description: 'false leaves test chats (tagged test) out' })
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'includeTest must be true or false' }) includeTest?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor from the previous page' }) @IsOptional() @IsString() @Length(1, 500) cursor?: string;
}

export class AgentMessageDto {
  @ApiProperty({ example: 'Hi, this is Anna from the team. I can help.' }) @IsString() @Length(1, 4096) text!: string;
  @ApiPropertyOptional({ example: 'Anna', description: "The author name shown with the message; ignored for a signed-in operator, whose own name is used" }) @IsOptional() @IsString() @Length(1, 120) agentName?: string;
}

export class HandoffDto {
  @ApiPropertyOptional({ example: 'Customer wants a refund' }) @IsOptional() @IsString() @Length(1, 500) reason?: string;
}
