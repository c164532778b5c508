/**
 * Injected latency for the loopback fakes: `wait(ms)` sleeps, and `releaseAll()` ends every sleep at once so
 * closing a fake never waits for a slow reply it was asked to simulate.
 */
export class CancellableWaits {
  private readonly pending = new Set<() => void>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pending.add(done);
    });
  }

  releaseAll(): void {
    for (const done of [...this.pending]) done();
  }
}
