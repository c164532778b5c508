import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsVariables } from '@confab/plugin-sdk';

export class StartTestChatDto {
  @ApiPropertyOptional({ example: 'QA: refund flow', description: 'Shown as the customer name of the test chat' })
  @IsOptional() @IsString() @Length(1, 120) name?: string;

  @ApiPropertyOptional({ type: Object, example: { plan: 'gold' }, description: 'Context variables (source api)' })
  @IsOptional() @IsVariables() variables?: Record<string, unknown>;
}

export class TestChatView {
  @ApiProperty({ description: 'The conversation id of the new test chat' }) id!: string;
  @ApiProperty() assistantId!: string;
  @ApiProperty({ example: 'test' }) channel!: string;
}

export class TestMessageDto {
  @ApiProperty({ example: 'When are you open on Saturday?' })
  @IsString() @Length(1, 16_000) text!: string;

  @ApiPropertyOptional({ description: 'Wait for the assistant reply and include it (still 202)' })
  @IsOptional() @IsBoolean() wait?: boolean;

  @ApiPropertyOptional({ minimum: 100, maximum: 120_000, default: 30_000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(120_000) timeoutMs?: number;
}

export class ReplyView {
  @ApiProperty() messageId!: string;
  @ApiProperty() text!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ description: 'Answered by the built-in offline responder' }) offline!: boolean;
}

export class AcceptedTestMessageView {
  @ApiProperty() conversationId!: string;
  @ApiProperty() messageId!: string;
  @ApiPropertyOptional({ enum: ['answered', 'pending', 'handed_over', 'failed', 'no_reply'], description: 'With wait: where the reply stands' }) status?: string;
  @ApiPropertyOptional({ type: ReplyView, isArray: true }) replies?: ReplyView[];
}
