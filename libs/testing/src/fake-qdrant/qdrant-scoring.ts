import type { QdrantDistance } from './fake-qdrant.types';

export const DISTANCES: readonly QdrantDistance[] = ['Cosine', 'Euclid', 'Dot', 'Manhattan'];

/** Qdrant stores Cosine vectors normalised (so `with_vector` returns the unit vector) and scores them by dot product. */
export function preprocess(distance: QdrantDistance, vector: number[]): number[] {
  if (distance !== 'Cosine') return vector.map(Math.fround);
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  if (norm === 0) return vector.map(Math.fround);
  return vector.map((x) => Math.fround(x / norm));
}

/** The score Qdrant reports: similarity for Cosine/Dot, the distance itself for Euclid/Manhattan. f32, like Qdrant. */
export function score(distance: QdrantDistance, stored: number[], query: number[]): number {
  let total = 0;
  for (let i = 0; i < stored.length; i += 1) {
    const a = stored[i];
    const b = query[i];
    if (distance === 'Euclid') total += (a - b) * (a - b);
    else if (distance === 'Manhattan') total += Math.abs(a - b);
    else total += a * b;
  }
  return Math.fround(distance === 'Euclid' ? Math.sqrt(total) : total);
}

export function largerIsBetter(distance: QdrantDistance): boolean {
  return distance === 'Cosine' || distance === 'Dot';
}

/** Distance::check_threshold: strictly better than the threshold, in the metric's own direction. */
export function passesThreshold(distance: QdrantDistance, value: number, threshold: number): boolean {
  return largerIsBetter(distance) ? value > threshold : value < threshold;
}
