import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventClassOf, type DomainEvent } from './domain-event';

const BATCH = 200;

export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

export interface OutboxRelayOptions {
  /** How often to sweep for events committed by other processes or left behind by a crash. */
  pollMs: number;
  enabled: boolean;
}

/**
 * Publishes committed events from the log to the CQRS EventBus, oldest first. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several processes can relay side by side and each event goes out once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  constructor(
    private readonly orm: MikroORM,
    private readonly eventBus: EventBus,
    @Inject(RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Wakes the relay; calls while a sweep runs coalesce into one more sweep. */
  kick(): void {
    if (!this.options.enabled || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => this.logger.error(`Relay sweep failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publishes until the log has nothing unpublished left; resolves when done (tests await it). */
  async drain(): Promise<void> {
    while (!this.stopped && (await this.publishBatch()) === BATCH) {
      /* keep going */
    }
  }

  private async publishBatch(): Promise<number> {
    const em = this.orm.em.fork({ clear: true, useContext: false }) as EntityManager;
    const published: DomainEvent[] = [];
    const count = await em.transactional(async (tx) => {
      const conn = (tx as EntityManager).getConnection();
      const rows: Array<{ id: string; type: string; payload: Record<string, unknown> }> = await conn.execute(
        `select id, type, payload from domain_events where published_at is null order by id limit ${BATCH} for update skip locked`,
        [],
        'all',
        tx.getTransactionContext(),
      );
      if (!rows.length) return 0;
      for (const row of rows) {
        const cls = eventClassOf(row.type);
        if (!cls) {
          this.logger.warn(`No event class registered for '${row.type}' (event ${row.id}); marking it published`);
          continue;
        }
        const event = Object.assign(Object.create(cls.prototype), row.payload, { eventId: Number(row.id) }) as DomainEvent;
        published.push(event);
      }
      // Ids come from this very select as bigint text; checking them keeps the inlined list safe.
      const ids = rows.map((r) => String(r.id)).filter((id) => /^\d+$/.test(id));
      await conn.execute(`update domain_events set published_at = now() where id in (${ids.join(',')})`, [], 'run', tx.getTransactionContext());
      return rows.length;
    });
    // Handlers run after the claim commits and must be idempotent by eventId. A crash between the two loses the
    // in-process dispatch, so reactions that must happen (an AI reply) are also swept from their own state.
    for (const event of published) this.eventBus.publish(event);
    return count;
  }
}
