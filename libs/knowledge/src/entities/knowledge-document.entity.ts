import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';
import { TenantScoped } from '@confab/persistence';
import type { DocumentFormat } from '../ingestion/parsing/parsed-document';

export const DOCUMENT_STATUSES = ['queued', 'processing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_SOURCES = ['text', 'file', 'url'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

@Entity({ tableName: 'knowledge_documents' })
@TenantScoped()
export class KnowledgeDocument {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) knowledgeBaseId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) source!: DocumentSource;
  /** Known once the content is in hand (URL documents learn it when fetched). */
  @Property({ type: 'text', nullable: true }) format?: DocumentFormat | null;
  @Property({ type: 'text', nullable: true }) filename?: string | null;
  @Property({ type: 'text', nullable: true }) contentType?: string | null;
  @Property({ type: 'text', nullable: true }) url?: string | null;
  /** For URL documents: how many links deep to follow on the same site (0 = this page only). */
  @Property({ type: 'integer' }) crawlDepth = 0;
  /** The page whose link led here (crawled pages). */
  @Property({ type: 'uuid', nullable: true }) parentDocumentId?: string | null;
  /** SHA-256 of the source bytes: an unchanged re-upload is not re-indexed. */
  @Property({ type: 'text', nullable: true }) contentHash?: string | null;
  @Property({ type: 'integer', nullable: true }) sizeBytes?: number | null;
  @Property({ type: 'integer', nullable: true }) pages?: number | null;
  @Property({ type: 'text' }) status: DocumentStatus = 'queued';
  /** 0..100 while processing. */
  @Property({ type: 'integer' }) progress = 0;
  @Property({ type: 'text', nullable: true }) error?: string | null;
  @Property({ type: 'integer' }) attempts = 0;
  @Property({ type: 'integer' }) chunkCount = 0;
  @Property({ type: 'integer' }) embeddingTokens = 0;
  @Property({ type: new BigIntType('number') }) embeddingCostMicros = 0;
  /** The model the current chunks were embedded with. */
  @Property({ type: 'text', nullable: true }) embeddingModel?: string | null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', onUpdate: () => new Date() }) updatedAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) indexedAt?: Date | null;
}
