/**
 * Where chunk vectors live. Chunk text and metadata stay in PostgreSQL; a point carries only what a filter or a
 * join back to PostgreSQL needs. One collection per embedding model and dimension, shared by every tenant:
 * isolation is a mandatory tenant filter on every read and delete (Qdrant's recommended multitenancy pattern).
 */
export interface VectorCollection {
  /** Derived from the embedding model and dimension, e.g. `confab_text_embedding_3_small_1536`. */
  name: string;
  dimension: number;
}

export interface ChunkPayload {
  tenantId: string;
  knowledgeBaseId: string;
  documentId: string;
  /** The chunk row's id in PostgreSQL (also the point id). */
  chunkId: string;
}

export interface VectorPoint {
  /** A UUID: Qdrant accepts only unsigned integers or UUIDs as point ids. */
  id: string;
  vector: number[];
  payload: ChunkPayload;
}

export interface VectorQuery {
  collection: VectorCollection;
  tenantId: string;
  /** Only points of these knowledge bases; an empty list finds nothing. */
  knowledgeBaseIds: string[];
  vector: number[];
  limit: number;
  /** Cosine similarity below this is left out. */
  scoreThreshold?: number;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity, higher is closer (1 = same direction), whatever the store measures natively. */
  score: number;
  payload: ChunkPayload;
}

export abstract class VectorStore {
  /** 'qdrant' or 'embedded', for logs and the health endpoint. */
  abstract readonly kind: string;
  /** Creates the collection and its payload indexes when missing; a no-op otherwise. Safe to call concurrently. */
  abstract ensureCollection(collection: VectorCollection): Promise<void>;
  /** Inserts or replaces points by id. Every vector must have the collection's dimension. */
  abstract upsert(collection: VectorCollection, points: VectorPoint[]): Promise<void>;
  abstract search(query: VectorQuery): Promise<VectorHit[]>;
  /** Removes every point of one document (re-indexing and deleting a document). */
  abstract deleteDocument(collection: VectorCollection, tenantId: string, documentId: string): Promise<void>;
  /** Removes points by id (the previous chunks of a re-indexed document). */
  abstract deletePoints(collection: VectorCollection, tenantId: string, ids: string[]): Promise<void>;
  /** Removes every point of one knowledge base. */
  abstract deleteKnowledgeBase(collection: VectorCollection, tenantId: string, knowledgeBaseId: string): Promise<void>;
  /** Points of one tenant, optionally of one document (used by tests and the consistency check). */
  abstract count(collection: VectorCollection, tenantId: string, documentId?: string): Promise<number>;
  /** Releases connections or file handles. */
  async close(): Promise<void> {}
}

/** A collection name Qdrant and LanceDB both accept: lower-case letters, digits and underscores. */
export function collectionFor(model: string, dimension: number): VectorCollection {
  const slug = model.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return { name: `confab_${slug}_${dimension}`, dimension };
}
