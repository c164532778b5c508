import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { KnowledgeBase } from '../entities/knowledge-base.entity';
import type { KnowledgeDocument } from '../entities/knowledge-document.entity';
import type { KnowledgeChunk } from '../entities/knowledge-chunk.entity';
import type { KnowledgeGap, KnowledgeGapExample } from '../entities/knowledge-gap.entity';
import type { RetrievedChunk } from '../retrieval/retrieved-chunk';
import { money, MoneyView } from '@confab/assistants';

export class KnowledgeBaseView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true }) description!: string | null;
  @ApiProperty() embeddingModel!: string;
  @ApiProperty() embeddingDimension!: number;
  @ApiProperty() chunkTokens!: number;
  @ApiProperty() chunkOverlapTokens!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class DocumentView {
  @ApiProperty() id!: string;
  @ApiProperty() knowledgeBaseId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['text', 'file', 'url'] }) source!: string;
  @ApiPropertyOptional({ nullable: true, enum: ['text', 'markdown', 'html', 'pdf'] }) format!: string | null;
  @ApiPropertyOptional({ nullable: true }) filename!: string | null;
  @ApiPropertyOptional({ nullable: true }) url!: string | null;
  @ApiProperty() crawlDepth!: number;
  @ApiPropertyOptional({ nullable: true, description: 'The URL document whose crawl found this page' }) parentDocumentId!: string | null;
  @ApiProperty({ enum: ['queued', 'processing', 'ready', 'failed'] }) status!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiPropertyOptional({ nullable: true, description: 'Why indexing failed (or is being retried)' }) error!: string | null;
  @ApiPropertyOptional({ nullable: true }) sizeBytes!: number | null;
  @ApiPropertyOptional({ nullable: true }) pages!: number | null;
  @ApiProperty() chunkCount!: number;
  @ApiProperty() embeddingTokens!: number;
  @ApiProperty({ type: MoneyView, description: 'Embedding cost of the latest indexing' }) embeddingCost!: MoneyView;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiPropertyOptional({ nullable: true }) indexedAt!: Date | null;
}

export class AddedDocumentView extends DocumentView {
  @ApiProperty({ description: 'An identical copy was already indexed; nothing was queued' }) unchanged!: boolean;
  @ApiProperty({ description: 'It replaced the document with the same file name, title or URL' }) replaced!: boolean;
}

export class ChunkView {
  @ApiProperty() id!: string;
  @ApiProperty() index!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, isArray: true }) headingPath!: string[];
  @ApiProperty({ type: Object, description: 'pageFrom/pageTo, lineFrom/lineTo where the format has them' }) position!: Record<string, number>;
  @ApiProperty() tokens!: number;
}

export class SearchHitView {
  @ApiProperty() chunkId!: string;
  @ApiProperty() documentId!: string;
  @ApiProperty() knowledgeBaseId!: string;
  @ApiProperty() documentTitle!: string;
  @ApiPropertyOptional({ nullable: true }) url!: string | null;
  @ApiProperty({ type: String, isArray: true }) headingPath!: string[];
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Cosine similarity; null for a full-text-only hit' }) score!: number | null;
  @ApiPropertyOptional({ nullable: true }) lexicalRank!: number | null;
  @ApiProperty({ type: Object }) position!: Record<string, number>;
}

export class SearchResultView {
  @ApiProperty({ type: SearchHitView, isArray: true }) items!: SearchHitView[];
  @ApiPropertyOptional({ nullable: true, description: 'Best similarity seen, above the threshold or not' }) bestScore!: number | null;
  @ApiProperty({ type: Object, description: 'Threshold applied per embedding model' }) thresholds!: Record<string, number>;
}

export class GapExampleView {
  @ApiProperty() question!: string;
  @ApiProperty({ enum: ['no_match', 'assistant_unsure'] }) reason!: string;
  @ApiPropertyOptional({ nullable: true }) topScore!: number | null;
  @ApiPropertyOptional({ nullable: true }) conversationId!: string | null;
  @ApiPropertyOptional({ nullable: true }) messageId!: string | null;
  @ApiProperty() askedAt!: Date;
}

export class KnowledgeGapView {
  @ApiProperty() id!: string;
  @ApiProperty() assistantId!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ description: 'How often this question (or a near-identical one) was asked' }) count!: number;
  @ApiProperty({ enum: ['open', 'resolved', 'dismissed'] }) status!: string;
  @ApiPropertyOptional({ nullable: true }) resolvedByDocumentId!: string | null;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiProperty() firstAskedAt!: Date;
  @ApiProperty() lastAskedAt!: Date;
  @ApiProperty({ type: GapExampleView, isArray: true, description: 'The latest five' }) examples!: GapExampleView[];
}

export function knowledgeBaseView(kb: KnowledgeBase): KnowledgeBaseView {
  const { id, name, description, embeddingModel, embeddingDimension, chunkTokens, chunkOverlapTokens, createdAt, updatedAt } = kb;
  return { id, name, description: description ?? null, embeddingModel, embeddingDimension, chunkTokens, chunkOverlapTokens, createdAt, updatedAt };
}

export function documentView(d: KnowledgeDocument): DocumentView {
  return {
    id: d.id, knowledgeBaseId: d.knowledgeBaseId, title: d.title, source: d.source, format: d.format ?? null, filename: d.filename ?? null,
    url: d.url ?? null, crawlDepth: d.crawlDepth, parentDocumentId: d.parentDocumentId ?? null, status: d.status, progress: d.progress,
    error: d.error ?? null, sizeBytes: d.sizeBytes ?? null, pages: d.pages ?? null, chunkCount: d.chunkCount, embeddingTokens: d.embeddingTokens,
    embeddingCost: money(d.embeddingCostMicros), createdAt: d.createdAt, updatedAt: d.updatedAt, indexedAt: d.indexedAt ?? null,
  };
}

export function chunkView(c: KnowledgeChunk): ChunkView {
  return { id: c.id, index: c.idx, text: c.text, headingPath: c.headingPath, position: c.position, tokens: c.tokens };
}

export function searchHitView(c: RetrievedChunk): SearchHitView {
  return { ...c, score: c.score === null ? null : Math.round(c.score * 10_000) / 10_000 };
}

export function gapView(gap: KnowledgeGap, examples: KnowledgeGapExample[]): KnowledgeGapView {
  return {
    id: gap.id, assistantId: gap.assistantId, question: gap.question, count: gap.count, status: gap.status,
    resolvedByDocumentId: gap.resolvedByDocumentId ?? null, note: gap.note ?? null, firstAskedAt: gap.firstAskedAt, lastAskedAt: gap.lastAskedAt,
    examples: examples.map((e) => ({ question: e.question, reason: e.reason, topScore: e.topScore ?? null, conversationId: e.conversationId ?? null, messageId: e.messageId ?? null, askedAt: e.askedAt })),
  };
}

export class EmbeddingModelView {
  @ApiProperty({ example: 'text-embedding-3-small' }) model!: string;
  @ApiProperty({ example: 1536 }) dimension!: number;
  @ApiProperty({ enum: ['openai', 'embedded'] }) kind!: string;
  @ApiProperty({ description: 'New knowledge bases use it unless they name another' }) default!: boolean;
}

export class EmbeddingModelsView {
  @ApiProperty({ type: EmbeddingModelView, isArray: true }) models!: EmbeddingModelView[];
}

export class UpdatedKnowledgeBaseView extends KnowledgeBaseView {
  @ApiProperty({ description: 'Documents queued for re-indexing because the model or the chunking changed' }) reindexing!: number;
}

export class ReindexView {
  @ApiProperty({ description: 'Documents queued for re-indexing' }) reindexing!: number;
}
