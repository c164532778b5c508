import type { ChunkPayload, VectorPoint } from './vector-store.port';

/** Payload keys as stored in Qdrant (snake_case, like every wire value here). */
export const PAYLOAD_KEYS = {
  tenantId: 'tenant_id',
  knowledgeBaseId: 'knowledge_base_id',
  documentId: 'document_id',
  chunkId: 'chunk_id',
} as const;

/**
 * Indexes created with the collection. `is_tenant` makes Qdrant co-locate each tenant's points, and with
 * `hnsw_config.m = 0, payload_m = 16` it builds per-tenant graphs instead of one global graph.
 */
export const PAYLOAD_INDEXES = [
  { field_name: PAYLOAD_KEYS.tenantId, field_schema: { type: 'keyword', is_tenant: true } },
  { field_name: PAYLOAD_KEYS.knowledgeBaseId, field_schema: 'keyword' },
  { field_name: PAYLOAD_KEYS.documentId, field_schema: 'keyword' },
] as const;

type FieldMatch = { key: string; match: { value: string } | { any: string[] } };
type Condition = FieldMatch | { has_id: string[] };

export interface TenantFilter {
  must: Condition[];
}

/** Every read and delete goes through here, so none can leave out the tenant condition. */
export function tenantFilter(tenantId: string, ...more: Condition[]): TenantFilter {
  return { must: [{ key: PAYLOAD_KEYS.tenantId, match: { value: tenantId } }, ...more] };
}

export const matchValue = (key: string, value: string): FieldMatch => ({ key, match: { value } });
export const matchAny = (key: string, any: string[]): FieldMatch => ({ key, match: { any } });
export const hasIds = (ids: string[]): Condition => ({ has_id: ids });

export function toQdrantPoint(point: VectorPoint): { id: string; vector: number[]; payload: Record<string, string> } {
  const { tenantId, knowledgeBaseId, documentId, chunkId } = point.payload;
  return {
    id: point.id,
    vector: point.vector,
    payload: {
      [PAYLOAD_KEYS.tenantId]: tenantId,
      [PAYLOAD_KEYS.knowledgeBaseId]: knowledgeBaseId,
      [PAYLOAD_KEYS.documentId]: documentId,
      [PAYLOAD_KEYS.chunkId]: chunkId,
    },
  };
}

export function fromQdrantPayload(payload: Record<string, unknown> | null | undefined): ChunkPayload {
  const text = (key: string): string => String(payload?.[key] ?? '');
  return {
    tenantId: text(PAYLOAD_KEYS.tenantId),
    knowledgeBaseId: text(PAYLOAD_KEYS.knowledgeBaseId),
    documentId: text(PAYLOAD_KEYS.documentId),
    chunkId: text(PAYLOAD_KEYS.chunkId),
  };
}
