import type { Connection } from '@confab/plugin-sdk';

/** How long an opened connection is served from memory; a change made by another process shows after this at most. */
export const CONNECTION_CACHE_MS = 15_000;
const MAX_ENTRIES = 5_000;

interface Entry {
  connection: Connection<object>;
  until: number;
}

/**
 * Active channel connections with their secrets opened, by id. Every webhook and every send needs its connection,
 * and reading it costs a statement plus an AES-GCM open; it changes only when an operator edits or disables it.
 * Changes made in this process drop the entry at once, other processes drop it on the 'connection changed' signal
 * (or after the TTL, if the signal is lost). Misses are never cached: a new connection works at once.
 */
export class ConnectionCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every drop: a read that started before a change must not store what it read. */
  private generation = 0;

  constructor(private readonly ttlMs = CONNECTION_CACHE_MS) {}

  get(id: string, now = Date.now()): Connection<object> | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.connection;
  }

  /** Taken before reading the row; `set` ignores the row when a drop came in between. */
  get version(): number {
    return this.generation;
  }

  set(connection: Connection<object>, readAtVersion: number, now = Date.now()): void {
    if (this.ttlMs <= 0 || readAtVersion !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(connection.id, { connection, until: now + this.ttlMs });
  }

  drop(id: string | undefined): void {
    this.generation++;
    if (id === undefined) this.entries.clear();
    else this.entries.delete(id);
  }
}
