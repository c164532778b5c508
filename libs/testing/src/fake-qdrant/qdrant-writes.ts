import { formatError } from './qdrant-errors';
import type { JsonObject } from './qdrant-body';
import { compileFilter } from './qdrant-filter';
import { parsePointId, pointKey } from './qdrant-ids';
import { parsePointVectors } from './qdrant-vectors';
import type { FakeCollection, FakePoint } from './fake-qdrant.types';

export interface UpdateResult {
  operation_id: number;
  status: 'acknowledged' | 'completed';
}

type Incoming = { id: unknown; vector: unknown; payload: unknown };

function incomingPoints(body: JsonObject): Incoming[] {
  if (Array.isArray(body.points)) return body.points as Incoming[];
  const batch = body.batch;
  if (batch && Array.isArray(batch.ids)) {
    const vectors = batch.vectors;
    return batch.ids.map((id: unknown, i: number) => ({
      id,
      vector: Array.isArray(vectors)
        ? vectors[i]
        : Object.fromEntries(Object.entries(vectors ?? {}).map(([name, list]) => [name, (list as unknown[])[i]])),
      payload: batch.payloads?.[i],
    }));
  }
  throw formatError('data did not match any variant of untagged enum PointInsertOperations');
}

function applied(collection: FakeCollection, wait: boolean): UpdateResult {
  collection.operationId += 1;
  return { operation_id: collection.operationId, status: wait ? 'completed' : 'acknowledged' };
}

/** Whole request is validated before anything is written, so a bad point leaves the collection untouched. */
export function upsertPoints(collection: FakeCollection, body: JsonObject, raw: string, wait: boolean): UpdateResult {
  const parsed = incomingPoints(body).map((point, index): Omit<FakePoint, 'version'> => {
    if (typeof point !== 'object' || point === null) throw formatError('invalid type: expected struct PointStruct');
    if (point.id === undefined) throw formatError('missing field `id`');
    const id = parsePointId(point.id, raw);
    const vectors = parsePointVectors(collection, point.vector, index);
    const payload = point.payload ?? {};
    if (typeof payload !== 'object' || Array.isArray(payload)) throw formatError('invalid type: expected a map for `payload`');
    return { id, vectors, payload: structuredClone(payload) as Record<string, unknown> };
  });
  const result = applied(collection, wait);
  for (const point of parsed) collection.points.set(pointKey(point.id), { ...point, version: result.operation_id });
  return result;
}

export function deletePoints(collection: FakeCollection, body: JsonObject, raw: string, wait: boolean): UpdateResult {
  if (Array.isArray(body.points)) {
    const keys = body.points.map((id: unknown) => pointKey(parsePointId(id, raw)));
    const result = applied(collection, wait);
    for (const key of keys) collection.points.delete(key);
    return result;
  }
  if (body.filter !== undefined) {
    const matches = compileFilter(body.filter, raw);
    const result = applied(collection, wait);
    for (const [key, point] of collection.points) if (matches(point)) collection.points.delete(key);
    return result;
  }
  throw formatError('data did not match any variant of untagged enum PointsSelector');
}
