import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { PriceBook } from '@confab/assistants';
import { EmbedderRegistry } from '../embeddings/embedder-registry';
import { KnowledgeBase } from '../entities/knowledge-base.entity';
import { KNOWLEDGE_OPTIONS, type KnowledgeOptions } from '../knowledge.options';
import { collectionFor, VectorStore, type VectorHit } from '../vector-store/vector-store.port';
import { lexicalQuery } from './lexical-query';
import { reciprocalRankFusion } from './rank-fusion';
import { uuidArray } from './pg-array';
import { defaultThreshold } from './retrieval-defaults';
import type { QueryEmbeddingUsage, RetrievalResult, RetrievedChunk } from './retrieved-chunk';

export interface RetrievalRequest {
  tenantId: string;
  knowledgeBaseIds: string[];
  query: string;
  topK?: number;
  /** Overrides the model's default threshold. */
  scoreThreshold?: number;
  hybrid?: boolean;
}

// Ask the stores for more than topK: hybrid fusion needs depth, and vectors whose rows are gone are skipped.
const OVERFETCH = 3;

/**
 * Finds the chunks that answer a query across knowledge bases: the query is embedded once per embedding model
 * in use, each model's collection searched with the tenant filter, and (hybrid) PostgreSQL full-text results
 * fused in by rank. Chunk text and titles come from PostgreSQL, in the tenant's context.
 */
@Injectable()
export class RetrievalService {
  private readonly logger = new Logger('Retrieval');

  constructor(
    private readonly db: Db,
    private readonly embedders: EmbedderRegistry,
    private readonly vectors: VectorStore,
    private readonly prices: PriceBook,
    @Inject(KNOWLEDGE_OPTIONS) private readonly options: KnowledgeOptions,
  ) {}

  async search(request: RetrievalRequest): Promise<RetrievalResult> {
    const topK = request.topK ?? this.options.retrieval.topK;
    const empty: RetrievalResult = { chunks: [], bestScore: null, thresholds: {}, usage: [], queryEmbedding: null };
    const query = request.query.trim().slice(0, 4000);
    if (!query || !request.knowledgeBaseIds.length) return empty;
    const em = this.db.forTenant(request.tenantId);
    const kbs = await em.find(KnowledgeBase, { id: { $in: request.knowledgeBaseIds } });
    if (!kbs.length) return empty;

    const dense: Array<VectorHit & { passes: boolean }> = [];
    const usage: QueryEmbeddingUsage[] = [];
    const thresholds: Record<string, number> = {};
    let queryEmbedding: RetrievalResult['queryEmbedding'] = null;
    for (const [model, group] of groupBy(kbs, (kb) => kb.embeddingModel)) {
      const embedder = this.embedders.find(model);
      if (!embedder) {
        this.logger.warn({ msg: 'Knowledge base uses an embedding model that is not configured; skipped', model, knowledgeBaseIds: group.map((k) => k.id) });
        continue;
      }
      const threshold = request.scoreThreshold ?? defaultThreshold(model);
      thresholds[model] = threshold;
      const embedded = await embedder.embed([query]);
      const priced = this.prices.price(model, { promptTokens: embedded.promptTokens, cachedTokens: 0, completionTokens: 0 });
      usage.push({ model, promptTokens: embedded.promptTokens, ...priced });
      queryEmbedding ??= { model, vector: embedded.vectors[0] };
      const hits = await this.vectors.search({
        collection: collectionFor(model, group[0].embeddingDimension),
        tenantId: request.tenantId,
        knowledgeBaseIds: group.map((k) => k.id),
        vector: embedded.vectors[0],
        limit: topK * OVERFETCH,
      });
      dense.push(...hits.map((h) => ({ ...h, passes: h.score >= threshold })));
    }
    dense.sort((a, b) => b.score - a.score);
    const bestScore = dense.length ? dense[0].score : null;
    const passing = dense.filter((h) => h.passes);
    const lexical = request.hybrid ? await this.lexical(request.tenantId, kbs.map((k) => k.id), query, topK * OVERFETCH) : [];

    const ranked = request.hybrid
      ? reciprocalRankFusion([passing.map((h) => h.id), lexical]).map((r) => r.id)
      : passing.map((h) => h.id);
    const rows = await this.load(request.tenantId, ranked.slice(0, topK * OVERFETCH));
    const scoreOf = new Map(dense.map((h) => [h.id, h.score]));
    const chunks: RetrievedChunk[] = [];
    for (const id of ranked) {
      const row = rows.get(id);
      if (!row) continue; // a vector whose chunk was replaced or deleted
      const lexicalIndex = lexical.indexOf(id);
      chunks.push({ ...row, score: scoreOf.get(id) ?? null, lexicalRank: lexicalIndex >= 0 ? lexicalIndex + 1 : null });
      if (chunks.length >= topK) break;
    }
    return { chunks, bestScore, thresholds, usage, queryEmbedding };
  }

  private async lexical(tenantId: string, knowledgeBaseIds: string[], text: string, limit: number): Promise<string[]> {
    const tsquery = lexicalQuery(text);
    if (!tsquery) return [];
    const rows: Array<{ id: string }> = await this.db
      .forTenant(tenantId)
      .getConnection()
      .execute(
        `select id from knowledge_chunks
          where tenant_id = ? and knowledge_base_id = any(?::uuid[]) and search_vector @@ to_tsquery('simple', ?)
          order by ts_rank_cd(search_vector, to_tsquery('simple', ?)) desc, id limit ?`,
        [tenantId, uuidArray(knowledgeBaseIds), tsquery, tsquery, limit],
      );
    return rows.map((r) => r.id);
  }

  private async load(tenantId: string, ids: string[]): Promise<Map<string, Omit<RetrievedChunk, 'score' | 'lexicalRank'>>> {
    if (!ids.length) return new Map();
    const rows: Array<Record<string, any>> = await this.db
      .forTenant(tenantId)
      .getConnection()
      .execute(
        `select c.id, c.document_id, c.knowledge_base_id, c.heading_path, c.text, c.position, d.title, d.url
           from knowledge_chunks c join knowledge_documents d on d.id = c.document_id
          where c.tenant_id = ? and c.id = any(?::uuid[])`,
        [tenantId, uuidArray(ids)],
      );
    return new Map(
      rows.map((r) => [
        r.id,
        { chunkId: r.id, documentId: r.document_id, knowledgeBaseId: r.knowledge_base_id, headingPath: r.heading_path ?? [], text: r.text, position: r.position ?? {}, documentTitle: r.title, url: r.url ?? null },
      ]),
    );
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
