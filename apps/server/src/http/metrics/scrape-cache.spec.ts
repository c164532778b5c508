import { ScrapeCache } from './scrape-cache';

describe('ScrapeCache', () => {
  it('reads once per ttl, sharing a read in flight between callers', async () => {
    let now = 0;
    let reads = 0;
    const cache = new ScrapeCache(2_000, async () => ++reads, () => now);
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([1, 1, 1]);
    now = 1_999;
    expect(await cache.get()).toBe(1);
    now = 2_000;
    expect(await cache.get()).toBe(2);
    expect(reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const cache = new ScrapeCache(60_000, async () => {
      if (fail) throw new Error('redis away');
      return 'ok';
    }, () => 0);
    await expect(cache.get()).rejects.toThrow('redis away');
    fail = false;
    expect(await cache.get()).toBe('ok');
  });
});
