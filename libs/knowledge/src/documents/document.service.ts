import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Db } from '@confab/persistence';
import { Conflict, NotFound, ValidationFailed } from '@confab/plugin-sdk';
import { KnowledgeBase } from '../entities/knowledge-base.entity';
import { KnowledgeDocument } from '../entities/knowledge-document.entity';
import { saveDocumentSource } from '../entities/document-source.entity';
import { KnowledgeChunk } from '../entities/knowledge-chunk.entity';
import { IngestionQueue } from '../ingestion/ingestion-queue';
import { KNOWLEDGE_OPTIONS, type KnowledgeOptions } from '../knowledge.options';
import { collectionFor, VectorStore } from '../vector-store/vector-store.port';
import { intake, type DocumentSubmission, type Intake } from './document-intake';
import { orUnavailable } from '../knowledge-unavailable';
import { outboundUrlProblem } from '@confab/net';

export interface AddedDocument {
  document: KnowledgeDocument;
  /** A re-upload identical to what is indexed: nothing was queued. */
  unchanged: boolean;
  /** The upload replaced an earlier document with the same file name, title or URL. */
  replaced: boolean;
}

@Injectable()
export class DocumentService {
  constructor(
    private readonly db: Db,
    private readonly queue: IngestionQueue,
    private readonly vectors: VectorStore,
    @Inject(KNOWLEDGE_OPTIONS) private readonly options: KnowledgeOptions,
  ) {}

  /**
   * Stores the submission and queues its indexing. Uploading again under the same file name (or title, or URL)
   * replaces that document: a changed one is re-indexed, an identical one is left as it is.
   */
  async add(tenantId: string, knowledgeBaseId: string, submission: DocumentSubmission): Promise<AddedDocument> {
    if (submission.kind === 'url') {
      const problem = outboundUrlProblem(submission.url, { allowedHosts: this.options.fetch.allowedHosts, allowSetting: 'OUTBOUND_ALLOWED_HOSTS' });
      if (problem) throw new ValidationFailed(`url ${problem}`, 'url');
    }
    const input = intake(submission, this.options.limits.maxFileBytes, this.options.fetch.maxCrawlDepth);
    const result = await this.db.transaction(tenantId, async (em) => {
      const kb = await em.findOne(KnowledgeBase, { id: knowledgeBaseId });
      if (!kb) throw new NotFound('knowledge base', knowledgeBaseId);
      await this.checkTenantRoom(em, tenantId);
      const existing = await this.findSame(em, knowledgeBaseId, input);
      if (existing && input.contentHash && existing.contentHash === input.contentHash && existing.status !== 'failed') {
        return { document: existing, unchanged: true, replaced: false };
      }
      const document = existing ?? Object.assign(new KnowledgeDocument(), { tenantId, knowledgeBaseId });
      Object.assign(document, {
        title: input.title, source: input.source, format: input.format, filename: input.filename, contentType: input.contentType,
        url: input.url, crawlDepth: input.crawlDepth, contentHash: input.contentHash, sizeBytes: input.data?.length ?? null,
        status: 'queued', progress: 0, error: null, attempts: (existing?.attempts ?? 0) + 1,
      });
      em.persist(document);
      await em.flush(); // the source row references the document
      if (input.data) await saveDocumentSource(em, tenantId, document.id, input.data);
      return { document, unchanged: false, replaced: !!existing };
    });
    if (!result.unchanged) await this.queue.enqueue(tenantId, result.document.id, result.document.attempts, { refetch: input.source === 'url' });
    return result;
  }

  async list(tenantId: string, knowledgeBaseId: string): Promise<KnowledgeDocument[]> {
    const em = this.db.forTenant(tenantId);
    if (!(await em.count(KnowledgeBase, { id: knowledgeBaseId }))) throw new NotFound('knowledge base', knowledgeBaseId);
    return em.find(KnowledgeDocument, { knowledgeBaseId }, { orderBy: { createdAt: 'desc' } });
  }

  async get(tenantId: string, knowledgeBaseId: string, id: string): Promise<KnowledgeDocument> {
    const doc = await this.db.forTenant(tenantId).findOne(KnowledgeDocument, { id, knowledgeBaseId });
    if (!doc) throw new NotFound('document', id);
    return doc;
  }

  async chunks(tenantId: string, knowledgeBaseId: string, id: string): Promise<KnowledgeChunk[]> {
    await this.get(tenantId, knowledgeBaseId, id);
    return this.db.forTenant(tenantId).find(KnowledgeChunk, { documentId: id }, { orderBy: { idx: 'asc' } });
  }

  /** Indexes a document again: a failed one after its cause was fixed, or a URL whose page changed. */
  async reindex(tenantId: string, knowledgeBaseId: string, id: string): Promise<KnowledgeDocument> {
    const doc = await this.db.transaction(tenantId, async (em) => {
      const found = await em.findOne(KnowledgeDocument, { id, knowledgeBaseId });
      if (!found) throw new NotFound('document', id);
      if (found.status === 'queued' || found.status === 'processing') throw new Conflict('DOCUMENT_BUSY', `Document ${id} is already being indexed`);
      return Object.assign(found, { status: 'queued', progress: 0, error: null, attempts: found.attempts + 1 });
    });
    await this.queue.enqueue(tenantId, doc.id, doc.attempts, { refetch: doc.source === 'url', force: true });
    return doc;
  }

  /** Removes the document, its chunks and its vectors. */
  async remove(tenantId: string, knowledgeBaseId: string, id: string): Promise<void> {
    const doc = await this.get(tenantId, knowledgeBaseId, id);
    const kb = await this.db.forTenant(tenantId).findOneOrFail(KnowledgeBase, { id: knowledgeBaseId });
    // Rows first: a vector without its chunk row is never returned by search, so a crash in between is harmless.
    await this.db.transaction(tenantId, (em) => em.nativeDelete(KnowledgeDocument, { id: doc.id }));
    // If the store is down the rows are already gone, and orphan vectors are never returned; say so all the same.
    await orUnavailable(() => this.vectors.deleteDocument(collectionFor(kb.embeddingModel, kb.embeddingDimension), tenantId, doc.id));
  }

  private async findSame(em: EntityManager, knowledgeBaseId: string, input: Intake): Promise<KnowledgeDocument | null> {
    if (input.url) return em.findOne(KnowledgeDocument, { knowledgeBaseId, url: input.url });
    if (input.filename) return em.findOne(KnowledgeDocument, { knowledgeBaseId, source: 'file', filename: input.filename });
    return em.findOne(KnowledgeDocument, { knowledgeBaseId, source: 'text', title: input.title });
  }

  private async checkTenantRoom(em: EntityManager, tenantId: string): Promise<void> {
    const max = this.options.limits.maxChunksPerTenant;
    const chunks = await em.count(KnowledgeChunk, {});
    if (chunks >= max) {
      throw new Conflict('KNOWLEDGE_LIMIT_REACHED', `This tenant already holds ${chunks} knowledge chunks, the limit is ${max} (KNOWLEDGE_MAX_CHUNKS_PER_TENANT); delete documents first`, { limit: max, chunks });
    }
  }
}
