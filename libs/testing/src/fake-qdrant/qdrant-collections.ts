import { collectionExists, collectionNotFound, formatError, validationError } from './qdrant-errors';
import type { JsonObject } from './qdrant-body';
import { rawValues } from './qdrant-payload';
import { parseVectorsConfig } from './qdrant-vectors';
import type { FakeCollection } from './fake-qdrant.types';

const INVALID_NAME_CHARS = ['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0', '\u001f'];
const INDEX_TYPES = ['keyword', 'integer', 'float', 'geo', 'text', 'bool', 'datetime', 'uuid'];
const HNSW_DEFAULTS = { m: 16, ef_construct: 100, full_scan_threshold: 10000, max_indexing_threads: 0, on_disk: false };

/** validate_collection_name in lib/api: 1..=255 chars, none of the characters Windows file names forbid. */
function validateName(name: string): void {
  if (name.length < 1 || name.length > 255) {
    throw validationError(`collection_name: length must be between 1 and 255`, 'path parameters');
  }
  const bad = INVALID_NAME_CHARS.find((c) => name.includes(c));
  if (bad) throw validationError(`collection_name: collection name cannot contain "${bad}" char`, 'path parameters');
}

export class CollectionStore {
  readonly collections = new Map<string, FakeCollection>();

  get(name: string): FakeCollection {
    const collection = this.collections.get(name);
    if (!collection) throw collectionNotFound(name);
    return collection;
  }

  create(name: string, body: JsonObject): true {
    validateName(name);
    if (this.collections.has(name)) throw collectionExists(name);
    const { vectors, named } = parseVectorsConfig(body.vectors);
    const hnsw = body.hnsw_config ?? {};
    if (typeof hnsw !== 'object' || Array.isArray(hnsw)) throw formatError('invalid type: expected struct HnswConfigDiff');
    for (const key of ['m', 'payload_m', 'ef_construct'] as const) {
      const value = hnsw[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw formatError(`invalid value: ${JSON.stringify(value)}, expected usize`);
      }
    }
    this.collections.set(name, {
      name,
      vectors,
      named,
      createBody: body,
      hnswConfig: { ...HNSW_DEFAULTS, ...hnsw },
      points: new Map(),
      payloadIndexes: new Map(),
      operationId: 0,
    });
    return true;
  }

  delete(name: string): boolean {
    return this.collections.delete(name);
  }

  /** `PUT /collections/{c}/index`. Qdrant spends two operation ids on it (schema change, then the build). */
  createIndex(name: string, body: JsonObject): number {
    const collection = this.get(name);
    if (typeof body.field_name !== 'string') throw formatError('missing field `field_name`');
    const schema = body.field_schema;
    const type = typeof schema === 'string' ? schema : schema?.type;
    if (!INDEX_TYPES.includes(type)) {
      throw formatError('data did not match any variant of untagged enum PayloadFieldSchema');
    }
    collection.payloadIndexes.set(body.field_name, schema);
    collection.operationId += 2;
    return collection.operationId;
  }

  info(name: string): JsonObject {
    const c = this.get(name);
    const vectors = c.named
      ? Object.fromEntries([...c.vectors].map(([n, p]) => [n, { ...p }]))
      : { ...c.vectors.get('') };
    const payloadSchema = Object.fromEntries(
      [...c.payloadIndexes].map(([field, schema]) => {
        const points = [...c.points.values()].filter((p) => rawValues(p.payload, field).some((v) => v !== null)).length;
        if (typeof schema === 'string') return [field, { data_type: schema, points }];
        return [field, { data_type: (schema as JsonObject).type, params: schema, points }];
      }),
    );
    return {
      status: 'green',
      optimizer_status: 'ok',
      indexed_vectors_count: 0,
      points_count: c.points.size,
      segments_count: 2,
      config: {
        params: { vectors, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, on_disk_payload: true },
        hnsw_config: c.hnswConfig,
        optimizer_config: {
          deleted_threshold: 0.2,
          vacuum_min_vector_number: 1000,
          default_segment_number: 0,
          max_segment_size: null,
          memmap_threshold: null,
          indexing_threshold: 10000,
          flush_interval_sec: 5,
          max_optimization_threads: null,
        },
        wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
        quantization_config: null,
        strict_mode_config: { enabled: false },
      },
      payload_schema: payloadSchema,
    };
  }
}
