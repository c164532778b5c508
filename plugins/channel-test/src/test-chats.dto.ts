import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsVariables } from '@confab/plugin-sdk';

export class DraftToolDto {
  @ApiProperty({ example: 'collect_data' })
  @IsString() @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'name must be a snake_case tool name' }) name!: string;

  @ApiPropertyOptional({ type: Object, description: "The tool's per-assistant settings (its configSchema)" })
  @IsOptional() @IsObject() config?: Record<string, unknown>;
}

/** The same limits as the assistant's own fields: a draft that could not be saved cannot be tried either. */
export class AssistantDraftDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50_000) systemPrompt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) model?: string;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 2, nullable: true })
  @IsOptional() @IsNumber() @Min(0) @Max(2) temperature?: number | null;

  @ApiPropertyOptional({ type: DraftToolDto, isArray: true, description: 'Replaces the stored tools for this chat' })
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => DraftToolDto) tools?: DraftToolDto[];
}

export class StartTestChatDto {
  @ApiPropertyOptional({ example: 'QA: refund flow', description: 'Shown as the customer name of the test chat' })
  @IsOptional() @IsString() @Length(1, 120) name?: string;

  @ApiPropertyOptional({ type: Object, example: { plan: 'gold' }, description: 'Context variables (source api)' })
  @IsOptional() @IsVariables() variables?: Record<string, unknown>;

  @ApiPropertyOptional({ type: AssistantDraftDto, description: "Unsaved assistant settings this test chat answers with instead of the stored ones; never saved to the assistant" })
  @IsOptional() @ValidateNested() @Type(() => AssistantDraftDto) draft?: AssistantDraftDto;
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
