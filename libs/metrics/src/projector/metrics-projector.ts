import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { METRICS_OPTIONS, type MetricsOptions } from '../metrics.options';
import { MetricsPool } from '../metrics-pool';
import { BatchProjection } from './batch-projection';
import {
  clearProjection, hasDueEvents, loadBatchInput, readCheckpoint, readEvents, START, writeCheckpoint, writeConversations, writeMessages, writeRollups, type Position,
} from './projection-store';
import type { LogEvent } from './projection-state';

/** pg advisory lock key held by whoever writes the metrics projection: one writer across all processes. */
const PROJECTOR_LOCK = 7_202_612_060;

export interface RebuildResult {
  tenantId: string | null;
  events: number;
}

/**
 * Keeps the metrics rollups up to date from the event log. Each batch is one transaction: take the projector's
 * advisory lock (another process holding it just means this one skips the round), read the checkpoint, read the
 * next committed events (see readEvents for why nothing is skipped), apply them, write the changed rows and the new
 * checkpoint, commit. A crash anywhere rolls back the rows and the checkpoint together, so no event counts twice
 * and none is lost. It polls (pollMs) rather than listening to the relay, which it does not depend on.
 */
@Injectable()
export class MetricsProjector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MetricsProjector');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly pool: MetricsPool,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.worker) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.catchUp()
      .catch((err) => this.logger.error({ msg: 'Metrics projection failed; retrying on the next poll', error: (err as Error).message }))
      .finally(() => (this.running = undefined));
  }

  /** Applies batches until the log has nothing more, or another process holds the lock. Returns events applied. */
  async catchUp(): Promise<number> {
    let total = 0;
    if (!(await hasDueEvents((sql, params) => this.pool.query(sql, params)))) return total;
    for (;;) {
      if (this.stopped) return total;
      const applied = await this.pool.transaction(async (client) => {
        const { rows } = await client.query('select pg_try_advisory_xact_lock($1) as locked', [PROJECTOR_LOCK]);
        if (!rows[0].locked) return -1;
        const position = await readCheckpoint(client);
        const events = await readEvents(client, position, this.options.batchSize);
        if (!events.length) return 0;
        await this.applyBatch(client, events);
        const last = events[events.length - 1];
        await writeCheckpoint(client, { txId: last.txId, eventId: last.id });
        return events.length;
      });
      if (applied <= 0) return total;
      total += applied;
      if (applied < this.options.batchSize) return total;
    }
  }

  /**
   * Forgets the rollups (one tenant's, or all) and replays the log under the projector's lock, in one transaction:
   * readers see the old figures until the new ones are complete. For one tenant the replay stops at the checkpoint
   * (later events are the running projector's); for all, it continues to the end and moves the checkpoint.
   */
  async rebuild(tenantId?: string): Promise<RebuildResult> {
    return this.pool.transaction(async (client) => {
      await client.query('select pg_advisory_xact_lock($1)', [PROJECTOR_LOCK]);
      const checkpoint = await readCheckpoint(client);
      await clearProjection(client, tenantId);
      let position: Position = START;
      let events = 0;
      for (;;) {
        const batch = await readEvents(client, position, this.options.batchSize, tenantId ? { tenantId, upTo: checkpoint } : {});
        if (!batch.length) break;
        await this.applyBatch(client, batch);
        const last = batch[batch.length - 1];
        position = { txId: last.txId, eventId: last.id };
        events += batch.length;
      }
      if (!tenantId) await writeCheckpoint(client, position.eventId === '0' ? checkpoint : position);
      this.logger.log({ msg: 'Metrics rebuilt from the event log', tenantId: tenantId ?? 'all', events });
      return { tenantId: tenantId ?? null, events };
    });
  }

  private async applyBatch(client: PoolClient, events: LogEvent[]): Promise<void> {
    const input = await loadBatchInput(client, events);
    const projection = new BatchProjection(input);
    for (const event of events) projection.apply(event);
    await writeConversations(client, [...projection.dirtyConversations].map((id) => input.conversations.get(id)!));
    await writeMessages(client, [...projection.dirtyMessages].map((id) => input.messages.get(id)!));
    await writeRollups(client, projection.rollupDeltas());
  }
}
