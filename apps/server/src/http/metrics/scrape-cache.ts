/**
 * Holds the result of an expensive read for `ttlMs`, and shares one read between callers that arrive while it
 * runs: a burst of scrapes (several Prometheus replicas, a dashboard refresh) costs the database one query.
 */
export class ScrapeCache<T> {
  private value?: { at: number; promise: Promise<T> };

  constructor(
    private readonly ttlMs: number,
    private readonly read: () => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const at = this.now();
    if (!this.value || at - this.value.at >= this.ttlMs) {
      const promise = this.read();
      this.value = { at, promise };
      // A failed read is not kept: the next scrape tries again.
      promise.catch(() => {
        if (this.value?.promise === promise) this.value = undefined;
      });
    }
    return this.value.promise;
  }
}
