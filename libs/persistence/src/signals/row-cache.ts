import type { PgSignals } from './pg-signals';

const MAX_ENTRIES = 5_000;

interface Entry<T> {
  value: T;
  until: number;
}

/**
 * Rows that are read on every message but change only when an operator edits them (channel connections,
 * assistants), kept in memory by id. The owner drops an entry when it commits a change and when another process
 * signals one (PgSignals); the TTL bounds how stale an entry can be when a signal is lost. Misses are never cached,
 * so a new row works at once.
 */
export class RowCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Bumped by every drop: a read that started before a change must not store what it read. */
  private generation = 0;
  private following = false;

  constructor(private readonly ttlMs: number) {}

  get(id: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.value;
  }

  /** Taken before reading the row; `set` ignores the row when a drop came in between. */
  get version(): number {
    return this.generation;
  }

  set(id: string, value: T, readAtVersion: number, now = Date.now()): void {
    if (this.ttlMs <= 0 || readAtVersion !== this.generation) return;
    // The oldest insertion goes first: a full cache keeps the rows read most recently.
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(id)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { value, until: now + this.ttlMs });
  }

  /**
   * Drops what other processes signal on `channel` (a row's id), from the first call on: a process that never
   * reads such a row caches none and needs no listener. A failed subscription leaves the TTL as the only bound.
   */
  follow(signals: PgSignals, channel: string, onFailure: (err: Error) => void): void {
    if (this.following) return;
    this.following = true;
    signals.subscribe(channel, (id) => this.drop(id)).catch(onFailure);
  }

  /** One row, or every row (`undefined`: the signal listener reconnected, changes may have been missed). */
  drop(id: string | undefined): void {
    this.generation++;
    if (id === undefined) this.entries.clear();
    else this.entries.delete(id);
  }
}
