/**
 * A mergeable histogram of non-negative durations with log-spaced buckets (the DDSketch mapping): bucket i holds
 * values in (γ^(i-1), γ^i] with γ = (1+α)/(1-α), and is read back as 2γ^i/(γ+1), which is within α of every value
 * in it. α = 2%. Zero has its own bucket. Stored as a sparse {bucket: count} object, so two histograms merge by
 * adding counts key by key (in SQL: metrics_jsonb_add / metrics_jsonb_sum), and a sample is removed by adding -1.
 */
export const RELATIVE_ACCURACY = 0.02;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const ZERO = 'z';

export type HistogramCounts = Record<string, number>;

export function bucketOf(value: number): string {
  if (!(value > 0)) return ZERO;
  return String(Math.ceil(Math.log(value) / LOG_GAMMA));
}

export function representativeOf(bucket: string): number {
  if (bucket === ZERO) return 0;
  return (2 * GAMMA ** Number(bucket)) / (GAMMA + 1);
}

/** Adds `times` samples of `value` (negative to take them out again). */
export function addSample(counts: HistogramCounts, value: number, times = 1): HistogramCounts {
  const key = bucketOf(value);
  const next = (counts[key] ?? 0) + times;
  if (next === 0) delete counts[key];
  else counts[key] = next;
  return counts;
}

export function mergeHistograms(into: HistogramCounts, other: HistogramCounts): HistogramCounts {
  for (const [key, count] of Object.entries(other)) {
    const next = (into[key] ?? 0) + Number(count);
    if (next === 0) delete into[key];
    else into[key] = next;
  }
  return into;
}

/**
 * The q-quantile (0 < q <= 1) by nearest rank: the value at rank ceil(q·n) in sorted order, estimated within 2%.
 * Null for an empty histogram.
 */
export function quantile(counts: HistogramCounts, q: number): number | null {
  const buckets = Object.entries(counts)
    .filter(([, c]) => c > 0)
    .sort(([a], [b]) => (a === ZERO ? -Infinity : Number(a)) - (b === ZERO ? -Infinity : Number(b)));
  const total = buckets.reduce((sum, [, c]) => sum + c, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return representativeOf(bucket);
  }
  return representativeOf(buckets[buckets.length - 1][0]);
}
