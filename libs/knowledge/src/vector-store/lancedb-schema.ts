import type { Schema } from 'apache-arrow';
import { assertUuid } from './lancedb-sql';
import type { VectorHit, VectorPoint } from './vector-store.port';

/** One row per point; columns snake_case like Qdrant's payload keys. */
export type ChunkRow = {
  id: string;
  vector: number[];
  tenant_id: string;
  knowledge_base_id: string;
  document_id: string;
  chunk_id: string;
};

/** Everything but the vector: what a search reads back (plus LanceDB's `_distance`). */
export const PAYLOAD_COLUMNS = ['id', 'tenant_id', 'knowledge_base_id', 'document_id', 'chunk_id'] as const;

/**
 * Explicit, so an empty table can be created: LanceDB infers a schema only from rows. Arrow (~20 MB) is loaded here,
 * when a table is first created, like LanceDB itself.
 */
export async function chunkSchema(dimension: number): Promise<Schema> {
  const { Field, FixedSizeList, Float32, Schema, Utf8 } = await import('apache-arrow');
  const text = (name: string) => new Field(name, new Utf8(), false);
  return new Schema([
    text('id'),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
    text('tenant_id'),
    text('knowledge_base_id'),
    text('document_id'),
    text('chunk_id'),
  ]);
}

export function vectorDimension(schema: Schema): number | undefined {
  // Duck-typed: LanceDB's own copy of Arrow may not be the one `instanceof` would compare against.
  const type = schema.fields.find((f) => f.name === 'vector')?.type as { listSize?: number } | undefined;
  return type?.listSize;
}

/**
 * Ids are checked on the way in as well, so nothing is stored that a filter could not find later. The point id is
 * lower-cased because Qdrant hands UUID point ids back that way.
 */
export function toRow(point: VectorPoint): ChunkRow {
  const { tenantId, knowledgeBaseId, documentId, chunkId } = point.payload;
  return {
    id: assertUuid(point.id, 'point id').toLowerCase(),
    vector: point.vector,
    tenant_id: assertUuid(tenantId, 'tenantId'),
    knowledge_base_id: assertUuid(knowledgeBaseId, 'knowledgeBaseId'),
    document_id: assertUuid(documentId, 'documentId'),
    chunk_id: assertUuid(chunkId, 'chunkId'),
  };
}

/** LanceDB's cosine `_distance` is 1 - similarity; the port speaks similarity, as Qdrant's Cosine does. */
export function toHit(row: Record<string, unknown>): VectorHit {
  return {
    id: String(row.id),
    score: 1 - Number(row._distance),
    payload: {
      tenantId: String(row.tenant_id),
      knowledgeBaseId: String(row.knowledge_base_id),
      documentId: String(row.document_id),
      chunkId: String(row.chunk_id),
    },
  };
}
