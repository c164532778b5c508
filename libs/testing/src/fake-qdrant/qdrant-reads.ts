import { formatError, notImplemented } from './qdrant-errors';
import { usize, type JsonObject } from './qdrant-body';
import { compileFilter } from './qdrant-filter';
import { compareIds, parsePointId } from './qdrant-ids';
import { selectPayload } from './qdrant-payload';
import { largerIsBetter, passesThreshold, preprocess, score } from './qdrant-scoring';
import { checkQueryVector } from './qdrant-vectors';
import type { FakeCollection, FakePoint } from './fake-qdrant.types';

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/** Only dense nearest-neighbour queries are served; every other query kind fails loudly instead of guessing. */
function denseQuery(query: unknown): number[] {
  if (isNumbers(query)) return query;
  if (typeof query === 'object' && query !== null && 'nearest' in query) {
    const nearest = (query as { nearest: unknown }).nearest;
    if (isNumbers(nearest)) return nearest;
    throw notImplemented('a nearest query that is not a dense vector (point id, sparse or multi-vector)');
  }
  if (query === undefined || query === null) throw notImplemented('a query without `query` (scroll-like query)');
  if (Array.isArray(query)) throw formatError('data did not match any variant of untagged enum QueryInterface');
  if (typeof query === 'object') throw notImplemented(`query ${JSON.stringify(Object.keys(query))}`);
  throw notImplemented('a query by point id');
}

/** `vector` of a ScoredPoint/Record: the bare array for an unnamed collection, else a map by name. */
function selectVectors(collection: FakeCollection, point: FakePoint, selector: unknown): unknown {
  if (selector === undefined || selector === null || selector === false) return undefined;
  if (!collection.named && selector === true) return point.vectors[''];
  const names = selector === true ? Object.keys(point.vectors) : Array.isArray(selector) ? selector : undefined;
  if (!names) throw formatError('data did not match any variant of untagged enum WithVector');
  return Object.fromEntries(names.filter((n) => n in point.vectors).map((n) => [n, point.vectors[n]]));
}

function render(collection: FakeCollection, point: FakePoint, body: JsonObject, payloadDefault: boolean): JsonObject {
  const out: JsonObject = { id: point.id };
  const payload = selectPayload(point.payload, body.with_payload, payloadDefault);
  if (payload !== undefined) out.payload = payload;
  const vector = selectVectors(collection, point, body.with_vector);
  if (vector !== undefined) out.vector = vector;
  return out;
}

export function queryPoints(collection: FakeCollection, body: JsonObject, raw: string): { points: JsonObject[] } {
  if (body.prefetch != null && !(Array.isArray(body.prefetch) && body.prefetch.length === 0)) throw notImplemented('prefetch');
  if (body.lookup_from != null) throw notImplemented('lookup_from');
  const limit = usize(body.limit, 'internal.limit', 1, 10);
  const offset = usize(body.offset, 'internal.offset', 0, 0);
  const using = body.using ?? '';
  if (typeof using !== 'string') throw formatError('invalid type: expected a string for `using`');
  const matches = compileFilter(body.filter, raw);
  const vector = denseQuery(body.query);
  const { distance } = checkQueryVector(collection, using, vector);
  const query = preprocess(distance, vector);
  const threshold = body.score_threshold;
  if (threshold != null && typeof threshold !== 'number') throw formatError('invalid type: expected f32 for `score_threshold`');
  const sign = largerIsBetter(distance) ? -1 : 1;
  const scored = [...collection.points.values()]
    .filter((p) => using in p.vectors && matches(p))
    .map((p) => ({ point: p, score: score(distance, p.vectors[using], query) }))
    .filter((s) => threshold == null || passesThreshold(distance, s.score, threshold))
    .sort((a, b) => sign * (a.score - b.score) || compareIds(a.point.id, b.point.id));
  const points = scored.slice(offset, offset + limit).map(({ point, score: value }) => {
    const { id, ...rest } = render(collection, point, body, false);
    return { id, version: point.version, score: value, ...rest };
  });
  return { points };
}

export function scrollPoints(collection: FakeCollection, body: JsonObject, raw: string): JsonObject {
  if (body.order_by != null) throw notImplemented('scroll order_by');
  const limit = usize(body.limit, 'scroll_request.limit', 1, 10);
  const offset = body.offset == null ? undefined : parsePointId(body.offset, raw);
  const matches = compileFilter(body.filter, raw);
  const sorted = [...collection.points.values()]
    .filter((p) => matches(p) && (offset === undefined || compareIds(p.id, offset) >= 0))
    .sort((a, b) => compareIds(a.id, b.id));
  return {
    points: sorted.slice(0, limit).map((p) => render(collection, p, body, true)),
    next_page_offset: sorted[limit]?.id ?? null,
  };
}

export function countPoints(collection: FakeCollection, body: JsonObject, raw: string): { count: number } {
  const matches = compileFilter(body.filter, raw);
  let count = 0;
  for (const point of collection.points.values()) if (matches(point)) count += 1;
  return { count };
}
