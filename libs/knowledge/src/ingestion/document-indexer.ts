import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Db } from '@confab/persistence';
import { PriceBook, UsageRecord } from '@confab/assistants';
import { EmbedderRegistry } from '../embeddings/embedder-registry';
import { KnowledgeBase } from '../entities/knowledge-base.entity';
import { KnowledgeChunk } from '../entities/knowledge-chunk.entity';
import { KnowledgeDocument } from '../entities/knowledge-document.entity';
import { DocumentSourceBlob, saveDocumentSource } from '../entities/document-source.entity';
import { KNOWLEDGE_OPTIONS, type KnowledgeOptions } from '../knowledge.options';
import { collectionFor, VectorStore } from '../vector-store/vector-store.port';
import { sha256 } from '../documents/document-intake';
import { chunkDocument } from './chunking/chunk-document';
import type { DocumentChunk } from './chunking/chunk.types';
import { fetchPage } from './fetch-page';
import { IndexingRefused } from './ingestion-errors';
import { parseDocument } from './parsing/parse-document';
import type { ParsedDocument } from './parsing/parsed-document';
import { CrawlPlanner } from './crawl-planner';
import { embeddingText } from './embedding-text';

const EMBED_BATCH = 64;

export type IndexOutcome = 'indexed' | 'unchanged' | 'superseded' | 'gone';

/**
 * Parse, chunk, embed, store. Vectors are written first under new ids and the chunk rows swapped in one
 * transaction after, so search sees either the old document or the new one, never half of it; the old vectors
 * are removed last (a vector without its row is never returned).
 */
@Injectable()
export class DocumentIndexer {
  private readonly logger = new Logger('KnowledgeIngestion');

  constructor(
    private readonly db: Db,
    private readonly embedders: EmbedderRegistry,
    private readonly vectors: VectorStore,
    private readonly prices: PriceBook,
    private readonly crawl: CrawlPlanner,
    @Inject(KNOWLEDGE_OPTIONS) private readonly options: KnowledgeOptions,
  ) {}

  async index(tenantId: string, documentId: string, flags: { refetch?: boolean; force?: boolean }): Promise<IndexOutcome> {
    const em = this.db.forTenant(tenantId);
    const doc = await em.findOne(KnowledgeDocument, { id: documentId });
    if (!doc) return 'gone';
    const version = doc.attempts;
    const kb = await em.findOne(KnowledgeBase, { id: doc.knowledgeBaseId });
    if (!kb) return 'gone';
    await this.progress(tenantId, documentId, version, 5, 'processing');

    const content = await this.content(tenantId, doc, !!flags.refetch);
    if (content.unchangedSince && !flags.force && doc.embeddingModel === kb.embeddingModel) {
      await this.progress(tenantId, documentId, version, 100, 'ready');
      return 'unchanged';
    }
    const parsed = await parseDocument({ format: content.format, data: content.data, baseUrl: doc.url ?? undefined, maxPages: this.options.limits.maxPdfPages });
    if (doc.source === 'url' && doc.crawlDepth > 0) await this.crawl.follow(tenantId, doc, parsed.links ?? []);
    const chunks = chunkDocument(parsed, { maxTokens: kb.chunkTokens, overlapTokens: kb.chunkOverlapTokens });
    if (!chunks.length) throw new IndexingRefused('The document contains no text to index');
    await this.checkRoom(em, documentId, chunks.length);
    await this.progress(tenantId, documentId, version, 15, 'processing');

    const embedder = this.embedders.find(kb.embeddingModel);
    if (!embedder) throw new IndexingRefused(`The embedding model ${kb.embeddingModel} is not configured here any more; change the knowledge base's model`);
    const rows = chunks.map((c) => this.chunkRow(tenantId, doc, c));
    const { vectors, promptTokens } = await this.embed(tenantId, documentId, version, embedder, rows.map((r) => embeddingText(r)));
    const collection = collectionFor(kb.embeddingModel, kb.embeddingDimension);
    await this.vectors.ensureCollection(collection);
    await this.vectors.upsert(collection, rows.map((r, i) => ({ id: r.id, vector: vectors[i], payload: { tenantId, knowledgeBaseId: kb.id, documentId, chunkId: r.id } })));

    const priced = this.prices.price(embedder.model, { promptTokens, cachedTokens: 0, completionTokens: 0 });
    const oldIds = await this.db.transaction(tenantId, async (tx) => {
      const current = await tx.findOne(KnowledgeDocument, { id: documentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!current || current.attempts !== version) return null;
      const old = await tx.find(KnowledgeChunk, { documentId }, { fields: ['id'] });
      await tx.nativeDelete(KnowledgeChunk, { documentId });
      rows.forEach((r) => tx.persist(r));
      tx.persist(Object.assign(new UsageRecord(), {
        tenantId, kind: 'embedding' as const, knowledgeBaseId: kb.id, documentId, model: embedder.model, promptTokens,
        costMicros: priced.costMicros, currency: priced.currency, priceRef: priced.priceRef,
      }));
      Object.assign(current, {
        status: 'ready', progress: 100, error: null, chunkCount: rows.length, embeddingTokens: promptTokens,
        embeddingCostMicros: priced.costMicros, embeddingModel: embedder.model, indexedAt: new Date(),
        pages: parsed.pages ?? null, title: betterTitle(current, parsed),
      });
      return old.map((c) => c.id);
    });
    if (oldIds === null) {
      // A newer upload or a deletion overtook this run: its vectors are orphans, remove them.
      await this.vectors.deletePoints(collection, tenantId, rows.map((r) => r.id));
      return 'superseded';
    }
    if (oldIds.length) await this.vectors.deletePoints(collection, tenantId, oldIds);
    this.logger.log({ msg: 'Document indexed', tenantId, documentId, chunks: rows.length, embeddingTokens: promptTokens, model: embedder.model });
    return 'indexed';
  }

  /** Records a failure: final ones mark the document failed with the reason, others keep it queued for the retry. */
  async fail(tenantId: string, documentId: string, reason: string, final: boolean): Promise<void> {
    await this.db.transaction(tenantId, async (tx) => {
      const doc = await tx.findOne(KnowledgeDocument, { id: documentId });
      if (!doc) return;
      Object.assign(doc, final ? { status: 'failed', error: reason } : { status: 'queued', error: `${reason} (retrying)` });
    });
  }

  private async content(tenantId: string, doc: KnowledgeDocument, refetch: boolean) {
    const em = this.db.forTenant(tenantId);
    const stored = await em.findOne(DocumentSourceBlob, { documentId: doc.id });
    if (doc.source !== 'url' || (stored && !refetch)) {
      if (!stored) throw new IndexingRefused('The document has no stored content; upload it again');
      return { data: stored.data, format: doc.format ?? 'text', unchangedSince: false };
    }
    const page = await fetchPage(doc.url!, this.options.fetch, this.options.limits.maxFileBytes);
    const hash = sha256(page.data);
    const unchanged = doc.contentHash === hash && doc.status !== 'failed' && !!doc.indexedAt;
    await this.db.transaction(tenantId, async (tx) => {
      await saveDocumentSource(tx, tenantId, doc.id, page.data);
      await tx.nativeUpdate(KnowledgeDocument, { id: doc.id }, { format: page.format, contentType: page.contentType, contentHash: hash, sizeBytes: page.data.length });
    });
    return { data: page.data, format: page.format, unchangedSince: unchanged };
  }

  private async embed(tenantId: string, documentId: string, version: number, embedder: { embed: (t: string[]) => Promise<{ vectors: number[][]; promptTokens: number }> }, texts: string[]) {
    const vectors: number[][] = [];
    let promptTokens = 0;
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      const batch = await embedder.embed(texts.slice(i, i + EMBED_BATCH));
      vectors.push(...batch.vectors);
      promptTokens += batch.promptTokens;
      await this.progress(tenantId, documentId, version, 15 + Math.floor((75 * vectors.length) / texts.length), 'processing');
    }
    return { vectors, promptTokens };
  }

  private chunkRow(tenantId: string, doc: KnowledgeDocument, chunk: DocumentChunk): KnowledgeChunk {
    const position = Object.fromEntries(Object.entries(chunk.position).filter(([, v]) => v !== undefined)) as Record<string, number>;
    return Object.assign(new KnowledgeChunk(), {
      tenantId, knowledgeBaseId: doc.knowledgeBaseId, documentId: doc.id, idx: chunk.index, text: chunk.text,
      headingPath: chunk.headingPath, position, tokens: chunk.tokens,
    });
  }

  private async checkRoom(em: EntityManager, documentId: string, adding: number): Promise<void> {
    const max = this.options.limits.maxChunksPerTenant;
    const others = await em.count(KnowledgeChunk, { documentId: { $ne: documentId } });
    if (others + adding > max) {
      throw new IndexingRefused(`Indexing this document needs ${adding} chunks; with the ${others} already stored that exceeds the tenant's limit of ${max} (KNOWLEDGE_MAX_CHUNKS_PER_TENANT)`);
    }
  }

  private async progress(tenantId: string, documentId: string, version: number, progress: number, status: 'processing' | 'ready'): Promise<void> {
    await this.db.forTenant(tenantId).nativeUpdate(KnowledgeDocument, { id: documentId, attempts: version }, { progress, status, ...(status === 'ready' ? { error: null } : {}) });
  }
}

/** A URL or file name stands in as the title until the document names its own. */
function betterTitle(doc: KnowledgeDocument, parsed: ParsedDocument): string {
  const placeholder = doc.title === doc.url || (doc.filename && doc.title === doc.filename.replace(/\.[a-z0-9]+$/i, ''));
  return placeholder && parsed.title?.trim() ? parsed.title.trim().slice(0, 300) : doc.title;
}
