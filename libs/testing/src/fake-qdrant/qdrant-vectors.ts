import { dimensionError, formatError, notImplemented, unknownVectorName, validationError } from './qdrant-errors';
import { DISTANCES, preprocess } from './qdrant-scoring';
import type { FakeCollection, FakeVectorParams, QdrantDistance } from './fake-qdrant.types';

const MAX_DIMENSION = 65536;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function vectorParams(value: unknown, path: string): FakeVectorParams {
  if (!isObject(value)) throw formatError('data did not match any variant of untagged enum VectorsConfig');
  const { size, distance } = value;
  if (size === undefined) throw formatError('missing field `size`');
  if (distance === undefined) throw formatError('missing field `distance`');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw formatError(`invalid value: ${JSON.stringify(size)}, expected a nonzero usize`);
  }
  if (size < 1 || size > MAX_DIMENSION) {
    throw validationError(`${path}.size: value ${size} invalid, must be from 1 to ${MAX_DIMENSION}`);
  }
  if (!DISTANCES.includes(distance as QdrantDistance)) {
    throw formatError(`unknown variant \`${String(distance)}\`, expected one of \`Cosine\`, \`Euclid\`, \`Dot\`, \`Manhattan\``);
  }
  return { size, distance: distance as QdrantDistance };
}

/** `vectors` of a create body: one unnamed vector `{size, distance}`, a map of named ones, or none at all. */
export function parseVectorsConfig(vectors: unknown): { vectors: Map<string, FakeVectorParams>; named: boolean } {
  if (vectors === undefined || vectors === null) return { vectors: new Map(), named: true };
  if (!isObject(vectors)) throw formatError('data did not match any variant of untagged enum VectorsConfig');
  if ('size' in vectors || 'distance' in vectors) {
    return { vectors: new Map([['', vectorParams(vectors, 'vectors')]]), named: false };
  }
  const named = new Map<string, FakeVectorParams>();
  for (const [name, params] of Object.entries(vectors)) named.set(name, vectorParams(params, `vectors.${name}`));
  return { vectors: named, named: true };
}

function denseVector(collection: FakeCollection, name: string, value: unknown[], path: string): number[] {
  const params = collection.vectors.get(name);
  if (!params) throw unknownVectorName(name);
  if (value.length === 0) throw validationError(`${path}: dense vector must not be empty`);
  if (!value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw formatError('data did not match any variant of untagged enum VectorStruct');
  }
  if (value.length !== params.size) throw dimensionError(params.size, value.length);
  return preprocess(params.distance, value as number[]);
}

/** A point's `vector` field: a bare array is the unnamed vector, an object maps names to vectors (`{}` = none). */
export function parsePointVectors(collection: FakeCollection, vector: unknown, index: number): Record<string, number[]> {
  if (vector === undefined) throw formatError('missing field `vector`');
  if (Array.isArray(vector)) return { '': denseVector(collection, '', vector, `points[${index}].vector.vector`) };
  if (!isObject(vector)) throw formatError('data did not match any variant of untagged enum VectorStruct');
  const result: Record<string, number[]> = {};
  for (const [name, value] of Object.entries(vector)) {
    if (isObject(value) && ('indices' in value || 'values' in value)) throw notImplemented('sparse vectors');
    if (!Array.isArray(value)) throw formatError('data did not match any variant of untagged enum VectorStruct');
    result[name] = denseVector(collection, name, value, `points[${index}].vector.${name}`);
  }
  return result;
}

/** The dense query vector of `/points/query`, checked against the `using` vector like Qdrant does. */
export function checkQueryVector(collection: FakeCollection, using: string, vector: number[]): FakeVectorParams {
  const params = collection.vectors.get(using);
  if (!params) throw unknownVectorName(using);
  if (vector.length !== params.size) throw dimensionError(params.size, vector.length);
  return params;
}
