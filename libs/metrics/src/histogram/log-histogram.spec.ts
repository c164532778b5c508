import { addSample, bucketOf, mergeHistograms, quantile, RELATIVE_ACCURACY, representativeOf, type HistogramCounts } from './log-histogram';

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

describe('log-spaced histogram', () => {
  it('reads every value back within 2% of itself, from 1 ms to a day', () => {
    let worst = 0;
    for (let v = 1; v < 86_400_000; v = Math.ceil(v * 1.013) + 1) {
      const error = Math.abs(representativeOf(bucketOf(v)) - v) / v;
      worst = Math.max(worst, error);
    }
    expect(worst).toBeLessThanOrEqual(RELATIVE_ACCURACY + 1e-12);
    expect(representativeOf(bucketOf(0))).toBe(0);
  });

  it('keeps a day of durations in a few hundred buckets', () => {
    expect(Number(bucketOf(86_400_000)) - Number(bucketOf(1))).toBeLessThan(460);
  });

  it('gives p50 and p95 within 2% of the exact nearest-rank values of random samples', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const samples = Array.from({ length: 5000 }, () => Math.round(50 + random() ** 3 * 60_000));
    const counts: HistogramCounts = {};
    for (const s of samples) addSample(counts, s);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99, 1]) {
      const exact = nearestRank(sorted, q);
      expect(Math.abs(quantile(counts, q)! - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY);
    }
  });

  it('merges by adding counts: the merge of parts equals the histogram of the whole', () => {
    const whole: HistogramCounts = {};
    const parts: HistogramCounts[] = [{}, {}, {}];
    [0, 3, 17, 250, 250, 1200, 4000, 4100, 90_000].forEach((v, i) => {
      addSample(whole, v);
      addSample(parts[i % 3], v);
    });
    const merged = parts.reduce((into, p) => mergeHistograms(into, p), {} as HistogramCounts);
    expect(merged).toEqual(whole);
    expect(quantile(merged, 0.5)).toBe(quantile(whole, 0.5));
  });

  it('takes a sample out again and drops empty buckets', () => {
    const counts: HistogramCounts = {};
    addSample(counts, 1500);
    addSample(counts, 800);
    addSample(counts, 1500, -1);
    expect(counts).toEqual({ [bucketOf(800)]: 1 });
    expect(quantile({}, 0.5)).toBeNull();
  });
});
