import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { GAP_STATUSES, type GapStatus } from '../entities/knowledge-gap.entity';

export class CreateKnowledgeBaseDto {
  @ApiProperty({ example: 'Help centre' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) description?: string;
  @ApiPropertyOptional({ description: 'Embedding model; defaults to the installation default (GET /api/v1/knowledge-bases/models)' })
  @IsOptional() @IsString() @Length(1, 200) embeddingModel?: string;
  @ApiPropertyOptional({ minimum: 64, maximum: 2000, default: 350, description: 'Target chunk size in approximate tokens' })
  @IsOptional() @IsInt() @Min(64) @Max(2000) chunkTokens?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 500, default: 50, description: 'Tokens repeated between consecutive chunks' })
  @IsOptional() @IsInt() @Min(0) @Max(500) chunkOverlapTokens?: number;
}

export class UpdateKnowledgeBaseDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) description?: string;
  @ApiPropertyOptional({ description: 'Changing it re-indexes every document' }) @IsOptional() @IsString() @Length(1, 200) embeddingModel?: string;
  @ApiPropertyOptional({ minimum: 64, maximum: 2000 }) @IsOptional() @IsInt() @Min(64) @Max(2000) chunkTokens?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 500 }) @IsOptional() @IsInt() @Min(0) @Max(500) chunkOverlapTokens?: number;
}

/** JSON body of POST .../documents: either text with a title, or a URL to fetch. */
export class AddDocumentDto {
  @ApiPropertyOptional({ example: 'Returns policy' }) @IsOptional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ description: 'Plain text, Markdown or HTML (see format)' }) @IsOptional() @IsString() text?: string;
  @ApiPropertyOptional({ enum: ['text', 'markdown', 'html'], description: 'How to read `text`; guessed when absent' })
  @IsOptional() @IsIn(['text', 'markdown', 'html']) format?: 'text' | 'markdown' | 'html';
  @ApiPropertyOptional({ example: 'https://example.com/help' }) @IsOptional() @IsString() @Length(1, 2000) url?: string;
  @ApiPropertyOptional({ minimum: 0, description: 'Follow same-site links this many levels deep (URL documents)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) crawlDepth?: number;
}

export class SearchKnowledgeDto {
  @ApiProperty({ example: 'Can I return a bike after two weeks?' }) @IsString() @Length(1, 2000) query!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 4 }) @IsOptional() @IsInt() @Min(1) @Max(50) topK?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: "Defaults to the embedding model's threshold" }) @IsOptional() @IsNumber() @Min(0) @Max(1) scoreThreshold?: number;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() hybrid?: boolean;
}

export class UpdateKnowledgeGapDto {
  @ApiProperty({ enum: GAP_STATUSES }) @IsIn(GAP_STATUSES) status!: GapStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'The document that now answers it (status resolved)' }) @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) note?: string;
}

export class ListKnowledgeGapsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assistantId?: string;
  @ApiPropertyOptional({ enum: GAP_STATUSES, default: 'open' }) @IsOptional() @IsIn(GAP_STATUSES) status?: GapStatus;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}
