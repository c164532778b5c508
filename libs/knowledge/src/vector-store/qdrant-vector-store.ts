import { QdrantClient } from '@qdrant/js-client-rest';
import { checkCollection, checkLimit, checkVector } from './vector-store-checks';
import { VectorStoreError } from './vector-store-error';
import { statusOf, toVectorStoreError } from './qdrant-error';
import {
  fromQdrantPayload,
  hasIds,
  matchAny,
  matchValue,
  PAYLOAD_INDEXES,
  PAYLOAD_KEYS,
  tenantFilter,
  toQdrantPoint,
  type TenantFilter,
} from './qdrant-filters';
import { VectorStore, type VectorCollection, type VectorHit, type VectorPoint, type VectorQuery } from './vector-store.port';

export interface QdrantVectorStoreOptions {
  url: string;
  apiKey?: string;
  /** Per request; the client's own default is 300 s, far too long for a chat waiting on retrieval. */
  timeoutMs?: number;
}

/** Points per upsert request: large enough to be quick, small enough to stay far below Qdrant's 32 MB body limit. */
const UPSERT_BATCH = 256;
const DELETE_BATCH = 1000;

/** One collection per embedding model and dimension, shared by all tenants; every read and delete filters by tenant. */
export class QdrantVectorStore extends VectorStore {
  readonly kind = 'qdrant';
  private readonly client: QdrantClient;
  /** Collections this process has ensured (or is ensuring), so each is checked once per process. */
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(options: QdrantVectorStoreOptions) {
    super();
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 30_000 });
  }

  async ensureCollection(collection: VectorCollection): Promise<void> {
    checkCollection(collection);
    let pending = this.ensured.get(collection.name);
    if (!pending) {
      pending = this.createIfMissing(collection);
      this.ensured.set(collection.name, pending);
      // A failed attempt is forgotten, so the next call tries again instead of replaying the failure.
      pending.catch(() => this.ensured.get(collection.name) === pending && this.ensured.delete(collection.name));
    }
    await pending;
  }

  async upsert(collection: VectorCollection, points: VectorPoint[]): Promise<void> {
    for (const point of points) checkVector(collection, point.vector, `point ${point.id}`);
    for (let start = 0; start < points.length; start += UPSERT_BATCH) {
      const batch = points.slice(start, start + UPSERT_BATCH).map(toQdrantPoint);
      await this.call(`upsert into ${collection.name}`, () => this.client.upsert(collection.name, { wait: true, points: batch }), collection);
    }
  }

  async search(query: VectorQuery): Promise<VectorHit[]> {
    const { collection, tenantId, knowledgeBaseIds, vector, limit, scoreThreshold } = query;
    checkLimit(limit);
    checkVector(collection, vector, 'the query vector');
    if (knowledgeBaseIds.length === 0) return [];
    const filter = tenantFilter(tenantId, matchAny(PAYLOAD_KEYS.knowledgeBaseId, knowledgeBaseIds));
    const result = await this.call(
      `search in ${collection.name}`,
      () => this.client.query(collection.name, { query: vector, filter, limit, with_payload: true, score_threshold: scoreThreshold }),
      collection,
    );
    return result.points.map((p) => ({ id: String(p.id), score: p.score, payload: fromQdrantPayload(p.payload) }));
  }

  async deleteDocument(collection: VectorCollection, tenantId: string, documentId: string): Promise<void> {
    return this.deleteWhere(collection, tenantFilter(tenantId, matchValue(PAYLOAD_KEYS.documentId, documentId)));
  }

  /** By id and tenant together: another tenant's ids, even if guessed, match nothing. */
  async deletePoints(collection: VectorCollection, tenantId: string, ids: string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += DELETE_BATCH) {
      await this.deleteWhere(collection, tenantFilter(tenantId, hasIds(ids.slice(start, start + DELETE_BATCH))));
    }
  }

  async deleteKnowledgeBase(collection: VectorCollection, tenantId: string, knowledgeBaseId: string): Promise<void> {
    return this.deleteWhere(collection, tenantFilter(tenantId, matchValue(PAYLOAD_KEYS.knowledgeBaseId, knowledgeBaseId)));
  }

  async count(collection: VectorCollection, tenantId: string, documentId?: string): Promise<number> {
    const filter = documentId === undefined ? tenantFilter(tenantId) : tenantFilter(tenantId, matchValue(PAYLOAD_KEYS.documentId, documentId));
    const result = await this.call(`count in ${collection.name}`, () => this.client.count(collection.name, { filter, exact: true }), collection);
    return result.count;
  }

  private async deleteWhere(collection: VectorCollection, filter: TenantFilter): Promise<void> {
    await this.call(`delete from ${collection.name}`, () => this.client.delete(collection.name, { wait: true, filter }), collection);
  }

  private async createIfMissing(collection: VectorCollection): Promise<void> {
    const { name, dimension } = collection;
    const { exists } = await this.call(`check collection ${name}`, () => this.client.collectionExists(name));
    if (!exists) {
      try {
        await this.client.createCollection(name, {
          vectors: { size: dimension, distance: 'Cosine' },
          hnsw_config: { m: 0, payload_m: 16 },
        });
      } catch (err: unknown) {
        // 409: another process created it between our check and our create; that is the outcome we wanted.
        if (statusOf(err) !== 409) throw toVectorStoreError(err, `create collection ${name}`);
      }
    }
    const info = await this.call(`read collection ${name}`, () => this.client.getCollection(name));
    const vectors = info.config.params.vectors as { size?: unknown } | undefined;
    if (vectors?.size !== dimension) {
      throw new VectorStoreError(
        `Qdrant collection ${name} exists with vectors ${JSON.stringify(vectors)}, expected one unnamed vector of ${dimension} dimensions`,
        false,
      );
    }
    // Also after a lost race or a crash between create and index: a missing index is created, an existing one kept.
    for (const index of PAYLOAD_INDEXES) {
      if (info.payload_schema?.[index.field_name]) continue;
      await this.call(`index ${index.field_name} in ${name}`, () =>
        this.client.createPayloadIndex(name, { field_name: index.field_name, field_schema: index.field_schema, wait: true }),
      );
    }
  }

  private async call<T>(action: string, run: () => Promise<T>, collection?: VectorCollection): Promise<T> {
    try {
      return await run();
    } catch (err: unknown) {
      // Dropped behind our back: forget it, so the next ensureCollection (every indexing job calls it) recreates it.
      if (collection && statusOf(err) === 404) this.ensured.delete(collection.name);
      throw toVectorStoreError(err, action);
    }
  }
}
