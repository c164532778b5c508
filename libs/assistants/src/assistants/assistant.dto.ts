import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { RETRIEVAL_MODES, type RetrievalMode } from '../entities/assistant.entity';

export class ToolSettingDto {
  @ApiProperty({ example: 'collect_data', description: 'A name from GET /api/v1/tools' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'name must be a snake_case tool name' })
  name!: string;

  @ApiPropertyOptional({ example: { fields: [{ key: 'email', type: 'email', required: true }] }, description: "The tool's per-assistant settings" })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class RetrievalSettingsDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 20, default: 4, nullable: true, description: 'Chunks used per turn (or per search_knowledge call); null: back to the default' })
  @IsOptional() @IsInt() @Min(1) @Max(20)
  topK?: number | null;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 1, nullable: true, description: 'Cosine similarity a chunk needs; default depends on the embedding model (docs/knowledge.md); null: back to the default' })
  @IsOptional() @IsNumber() @Min(0) @Max(1)
  scoreThreshold?: number | null;

  @ApiPropertyOptional({ default: false, description: 'Also run full-text search and fuse both rankings (reciprocal rank fusion)' })
  @IsOptional() @IsBoolean()
  hybrid?: boolean;
}

export class CreateAssistantDto {
  @ApiProperty({ example: 'Support' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ default: true, description: 'false: customers on its channels get no AI reply (test chats still answer)' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ example: 'You are the friendly assistant of Bäckerei Schmidt.' })
  @IsString()
  @Length(1, 50_000)
  systemPrompt!: string;

  @ApiProperty({ example: 'gpt-4o-mini', description: 'Model id on the configured OpenAI-compatible server' })
  @IsString()
  @Length(1, 200)
  model!: string;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 2, nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(2)
  temperature?: number | null;

  @ApiPropertyOptional({ type: ToolSettingDto, isArray: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ToolSettingDto)
  tools?: ToolSettingDto[];

  @ApiPropertyOptional({ type: String, isArray: true, format: 'uuid' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  knowledgeBaseIds?: string[];

  @ApiPropertyOptional({ enum: RETRIEVAL_MODES, description: "'inject': knowledge added every turn; 'tool': offered as search_knowledge" })
  @IsOptional()
  @IsIn(RETRIEVAL_MODES)
  retrievalMode?: RetrievalMode;

  @ApiPropertyOptional({ type: RetrievalSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetrievalSettingsDto)
  retrieval?: RetrievalSettingsDto;

  @ApiPropertyOptional({
    type: Number, minimum: 0, maximum: 60_000, nullable: true,
    description: "Burst window in ms: a message within this long of the customer's previous one waits until this long after the latest, so a burst gets one reply; a single message is answered at once. 0: always at once. null: the installation's REPLY_DEBOUNCE_MS.",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  replyDebounceMs?: number | null;
}

export class UpdateAssistantDto extends PartialType(CreateAssistantDto) {}

export class EnabledToolView {
  @ApiProperty() name!: string;
  @ApiProperty({ type: Object }) config!: Record<string, unknown>;
}

export class AssistantView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'false: customers get no AI reply' }) enabled!: boolean;
  @ApiProperty() systemPrompt!: string;
  @ApiProperty() model!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) temperature?: number | null;
  @ApiProperty({ type: EnabledToolView, isArray: true }) tools!: EnabledToolView[];
  @ApiProperty({ type: String, isArray: true }) knowledgeBaseIds!: string[];
  @ApiProperty({ enum: RETRIEVAL_MODES }) retrievalMode!: RetrievalMode;
  @ApiProperty({ type: RetrievalSettingsDto }) retrieval!: RetrievalSettingsDto;
  @ApiPropertyOptional({ type: Number, nullable: true, description: "Burst window in ms (null: the installation's REPLY_DEBOUNCE_MS)" }) replyDebounceMs?: number | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
