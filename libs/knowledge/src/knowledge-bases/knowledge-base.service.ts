import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Db } from '@confab/persistence';
import { NotFound, ValidationFailed } from '@confab/plugin-sdk';
import { EmbedderRegistry } from '../embeddings/embedder-registry';
import { KnowledgeBase } from '../entities/knowledge-base.entity';
import { KnowledgeDocument } from '../entities/knowledge-document.entity';
import { collectionFor, VectorStore } from '../vector-store/vector-store.port';
import { IngestionQueue } from '../ingestion/ingestion-queue';
import { orUnavailable } from '../knowledge-unavailable';

export interface KnowledgeBaseInput {
  name?: string;
  description?: string | null;
  embeddingModel?: string;
  chunkTokens?: number;
  chunkOverlapTokens?: number;
}

@Injectable()
export class KnowledgeBaseService {
  private readonly logger = new Logger('KnowledgeBases');

  constructor(
    private readonly db: Db,
    private readonly embedders: EmbedderRegistry,
    private readonly vectors: VectorStore,
    private readonly queue: IngestionQueue,
  ) {}

  async create(tenantId: string, input: KnowledgeBaseInput & { name: string }): Promise<KnowledgeBase> {
    const embedder = this.embedder(input.embeddingModel);
    this.checkChunking(input.chunkTokens ?? 350, input.chunkOverlapTokens ?? 50);
    await orUnavailable(() => this.vectors.ensureCollection(collectionFor(embedder.model, embedder.dimension)));
    return this.db.transaction(tenantId, async (em) => {
      const kb = Object.assign(new KnowledgeBase(), {
        tenantId,
        name: input.name,
        description: input.description ?? null,
        embeddingModel: embedder.model,
        embeddingDimension: embedder.dimension,
        ...(input.chunkTokens !== undefined ? { chunkTokens: input.chunkTokens } : {}),
        ...(input.chunkOverlapTokens !== undefined ? { chunkOverlapTokens: input.chunkOverlapTokens } : {}),
      });
      em.persist(kb);
      return kb;
    });
  }

  list(tenantId: string): Promise<KnowledgeBase[]> {
    return this.db.forTenant(tenantId).find(KnowledgeBase, {}, { orderBy: { createdAt: 'asc' } });
  }

  async get(tenantId: string, id: string): Promise<KnowledgeBase> {
    const kb = await this.db.forTenant(tenantId).findOne(KnowledgeBase, { id });
    if (!kb) throw new NotFound('knowledge base', id);
    return kb;
  }

  /** A new embedding model or chunking re-indexes every document; the old vectors serve until each is done. */
  async update(tenantId: string, id: string, input: KnowledgeBaseInput): Promise<{ kb: KnowledgeBase; reindexing: number }> {
    const embedder = input.embeddingModel ? this.embedder(input.embeddingModel) : undefined;
    if (embedder) await orUnavailable(() => this.vectors.ensureCollection(collectionFor(embedder.model, embedder.dimension)));
    const result = await this.db.transaction(tenantId, async (em) => {
      const kb = await em.findOne(KnowledgeBase, { id });
      if (!kb) throw new NotFound('knowledge base', id);
      const chunkTokens = input.chunkTokens ?? kb.chunkTokens;
      const overlap = input.chunkOverlapTokens ?? kb.chunkOverlapTokens;
      this.checkChunking(chunkTokens, overlap);
      const reindex = (embedder && embedder.model !== kb.embeddingModel) || chunkTokens !== kb.chunkTokens || overlap !== kb.chunkOverlapTokens;
      Object.assign(kb, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(embedder ? { embeddingModel: embedder.model, embeddingDimension: embedder.dimension } : {}),
        chunkTokens,
        chunkOverlapTokens: overlap,
      });
      return { kb, reindexing: reindex ? await this.requeueAll(em, id) : [] };
    });
    return { kb: result.kb, reindexing: await this.enqueueAll(tenantId, id, result.reindexing) };
  }

  /** Indexes every document again from its stored copy (after moving to another vector store, say). */
  async reindex(tenantId: string, id: string): Promise<number> {
    const docs = await this.db.transaction(tenantId, async (em) => {
      if (!(await em.count(KnowledgeBase, { id }))) throw new NotFound('knowledge base', id);
      return this.requeueAll(em, id);
    });
    return this.enqueueAll(tenantId, id, docs);
  }

  private async requeueAll(em: EntityManager, knowledgeBaseId: string): Promise<KnowledgeDocument[]> {
    const all = await em.find(KnowledgeDocument, { knowledgeBaseId });
    for (const doc of all) Object.assign(doc, { status: 'queued', progress: 0, error: null, attempts: doc.attempts + 1 });
    return all;
  }

  private async enqueueAll(tenantId: string, knowledgeBaseId: string, docs: KnowledgeDocument[]): Promise<number> {
    for (const doc of docs) await this.queue.enqueue(tenantId, doc.id, doc.attempts, { force: true });
    if (docs.length) this.logger.log({ msg: 'Re-indexing a knowledge base', knowledgeBaseId, documents: docs.length });
    return docs.length;
  }

  /** Deletes the knowledge base, its documents and chunks, and its vectors; assistants stop using it. */
  async remove(tenantId: string, id: string): Promise<void> {
    const kb = await this.get(tenantId, id);
    await orUnavailable(() => this.vectors.deleteKnowledgeBase(collectionFor(kb.embeddingModel, kb.embeddingDimension), tenantId, id));
    await this.db.transaction(tenantId, async (em) => {
      await em.execute(
        'update assistants set knowledge_base_ids = knowledge_base_ids - ?::text where tenant_id = ? and jsonb_exists(knowledge_base_ids, ?::text)',
        [id, tenantId, id],
      );
      await em.nativeDelete(KnowledgeBase, { id });
    });
  }

  private embedder(model: string | undefined) {
    if (!model) return this.embedders.defaultEmbedder;
    const embedder = this.embedders.find(model);
    if (!embedder) throw new ValidationFailed(`Embedding model '${model}' is not available here; choose one of: ${this.embedders.models.join(', ')}`, 'embeddingModel');
    return embedder;
  }

  private checkChunking(tokens: number, overlap: number): void {
    if (overlap >= tokens / 2) throw new ValidationFailed(`chunkOverlapTokens (${overlap}) must be less than half of chunkTokens (${tokens})`, 'chunkOverlapTokens');
  }
}
