import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate, IsNotBefore } from '@confab/plugin-sdk';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { STAGE_NAMES, type StageName } from './pipeline-trace';

export class TraceStageView {
  @ApiProperty({ enum: STAGE_NAMES }) name!: StageName;
  @ApiProperty({ description: 'When the stage began (ISO 8601)' }) at!: string;
  @ApiProperty({ description: 'retrieval, llm, tool: how long it took; the others: time until the next milestone or the work that followed; 0 for the last' }) durationMs!: number;
  @ApiPropertyOptional({ description: 'The model (llm) or the tool (tool, retrieval by search_knowledge)' }) detail?: string;
}

export class MessageTraceView {
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The reply that answered it' }) replyMessageId!: string | null;
  @ApiProperty({ type: TraceStageView, isArray: true, description: 'In time order' }) stages!: TraceStageView[];
}

export class StageStatsQueryDto {
  @ApiPropertyOptional({ description: 'Customer messages received at or after (ISO 8601); default 7 days before `to`' })
  @IsOptional() @IsIsoDate() from?: Date;

  @ApiPropertyOptional({ description: 'Received before (ISO 8601, exclusive); default now. At most 31 days after `from`.' })
  @IsOptional() @IsIsoDate() @IsNotBefore('from') to?: Date;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID(undefined, { message: 'assistantId must be a UUID' }) assistantId?: string;
  @ApiPropertyOptional({ example: 'whatsapp' }) @IsOptional() @IsString() @Length(1, 40) channel?: string;
}

export class StageStatView {
  @ApiProperty({ enum: ['received', 'queued', 'retrieval', 'llm', 'tool', 'stored', 'sent', 'total'] }) name!: string;
  @ApiProperty({ description: 'Measurements (messages, or calls for llm and tool)' }) count!: number;
  @ApiProperty({ nullable: true, type: Number }) p50Ms!: number | null;
  @ApiProperty({ nullable: true, type: Number }) p95Ms!: number | null;
}

export class StageStatsView {
  @ApiProperty({ type: StageStatView, isArray: true }) stages!: StageStatView[];
}
