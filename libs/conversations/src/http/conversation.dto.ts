import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIsoDate, IsNotBefore } from '@confab/plugin-sdk';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

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
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() failedDelivery?: boolean;
  @ApiPropertyOptional({ example: 'test' }) @IsOptional() @IsString() @Length(1, 60) tag?: string;
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
