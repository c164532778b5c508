import { VectorStoreError } from './vector-store-error';
import type { VectorCollection } from './vector-store.port';

/**
 * Checked before anything is sent: LanceDB pads a short vector with nulls instead of refusing it, and Qdrant
 * refuses only the batch at hand, leaving earlier batches of the same upsert written.
 */
export function checkVector(collection: VectorCollection, vector: number[], what: string): void {
  if (vector.length !== collection.dimension) {
    throw new VectorStoreError(
      `Vector dimension error: ${what} has ${vector.length} dimensions, collection ${collection.name} expects ${collection.dimension}`,
      false,
    );
  }
  if (!vector.every(Number.isFinite)) {
    throw new VectorStoreError(`${what} holds a value that is not a finite number (NaN or Infinity)`, false);
  }
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new VectorStoreError(`Search limit must be a positive integer, got ${limit}`, false);
  }
}

export function checkCollection(collection: VectorCollection): void {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(collection.name)) {
    throw new VectorStoreError(`Collection name ${JSON.stringify(collection.name)} is not letters, digits, "_" and "-"`, false);
  }
  if (!Number.isInteger(collection.dimension) || collection.dimension < 1) {
    throw new VectorStoreError(`Collection ${collection.name} has an invalid dimension ${collection.dimension}`, false);
  }
}
