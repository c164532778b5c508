export type QdrantDistance = 'Cosine' | 'Euclid' | 'Dot' | 'Manhattan';

export interface FakeVectorParams {
  size: number;
  distance: QdrantDistance;
}

/** A stored point. Ids are kept as Qdrant returns them: numbers, or UUIDs in lower-case hyphenated form. */
export interface FakePoint {
  id: number | string;
  /** By vector name; the unnamed (default) vector is stored under ''. Cosine vectors are stored normalised. */
  vectors: Record<string, number[]>;
  payload: Record<string, unknown>;
  /** Operation id of the last write that touched the point. */
  version: number;
}

export interface FakeCollection {
  name: string;
  /** Dense vector configs by name; a collection created with a single unnamed vector has the one key ''. */
  vectors: Map<string, FakeVectorParams>;
  /** True when the collection was created with named vectors (then '' is not a valid vector name). */
  named: boolean;
  /** The create body as received, for assertions on hnsw_config and friends. */
  createBody: Record<string, unknown>;
  hnswConfig: Record<string, unknown>;
  /** Keyed by pointKey(id). */
  points: Map<string, FakePoint>;
  /** field_schema as received, by field name. */
  payloadIndexes: Map<string, unknown>;
  operationId: number;
}

export interface RecordedQdrantRequest {
  method: string;
  /** Path without the query, e.g. '/collections/kb/points/query'. */
  path: string;
  /** Decoded query parameters, e.g. { wait: 'true' }. */
  query: Record<string, string>;
  /** The raw request target as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON; the raw text when it was not JSON; undefined without a body. */
  body: any;
  at: number;
  /** The HTTP status the fake answered with; undefined while the request is in flight. */
  status?: number;
}

export interface FakeQdrantFailure {
  status: number;
  /** Goes into `{"status":{"error": ...}}`, e.g. 'Service internal error: boom'. */
  error: string;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** Only fail requests with this method (default: any). */
  method?: string;
  /** Only fail requests on this path or below it (default: any path except the version probe `GET /`). */
  path?: string;
}

export interface FakeQdrantOptions {
  /** When set, every route except `/` and the health probes needs `api-key: <key>` or `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Reported by `GET /`; default '1.19.0'. */
  version?: string;
  latencyMs?: number;
}

export interface FakeQdrant {
  /** Base like http://127.0.0.1:PORT; pass it as `url` to QdrantClient. */
  url: string;
  /** Every request, in arrival order; cleared in place by reset(). */
  requests: RecordedQdrantRequest[];
  /** Requests filtered by method (any case) and by path: equal to pathPrefix or below it segment-wise. */
  calls(method?: string, pathPrefix?: string): RecordedQdrantRequest[];
  /** The next n matching requests answer with this failure instead of being handled. */
  failNext(n: number, failure: FakeQdrantFailure): void;
  setLatency(ms: number): void;
  /** Drops collections, recorded requests, pending failures and latency. */
  reset(): void;
  close(): Promise<void>;
  /** Live view of the stored collections, for assertions; change them only through the API. */
  readonly collections: ReadonlyMap<string, FakeCollection>;
}
