import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { CommandBus, UnhandledExceptionBus } from '@nestjs/cqrs';
import { MikroORM } from '@mikro-orm/core';
import { eventClassOf, type DomainEvent } from './domain-event';
import { DispatchError, EventDispatcher } from './event-dispatcher';

const BATCH = 100;
const ERROR_CHARS = 2_000;

export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

export interface OutboxRelayOptions {
  /** How often to sweep for events committed by other processes, due for a retry, or left behind by a crash. */
  pollMs: number;
  enabled: boolean;
  /**
   * How long a claim lasts: rows claimed by a relay that died are taken again after this. Keep it well above
   * dispatchTimeoutMs, or a slow batch is dispatched a second time by another relay. Default 2 minutes.
   */
  leaseMs?: number;
  /** Dispatches of one event before the relay gives up and keeps the row (failed_at) for inspection. Default 10. */
  maxAttempts?: number;
  /** Wait after the nth failed dispatch: retryBaseMs * 2^(n-1), at most retryMaxMs. Defaults 1 s and 5 minutes. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Reactions that have not settled after this count as failed (they may still finish). Default 30 s. */
  dispatchTimeoutMs?: number;
}

const DEFAULTS = { leaseMs: 120_000, maxAttempts: 10, retryBaseMs: 1_000, retryMaxMs: 300_000, dispatchTimeoutMs: 30_000 };

interface ClaimedRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Delivers committed events from the log to their handlers and sagas, at least once.
 *
 * A sweep claims up to a batch of due rows in one short statement: `FOR UPDATE SKIP LOCKED`, so relays in several
 * processes never take the same rows, and a lease (`attempts + 1`, `next_attempt_at = now + leaseMs`) that is
 * committed before any slow work starts. Then, outside any transaction, each event is dispatched and its reactions
 * awaited (EventDispatcher). Success marks the row published. A failure records `last_error` and schedules a retry
 * with exponential backoff; after `maxAttempts` the row gets `failed_at`, an error is logged and the row is kept.
 * A relay that dies before or during dispatch loses nothing: its lease runs out and a later sweep takes the rows
 * again. Reactions can therefore run more than once and must be idempotent by `eventId` (deterministic Bull job
 * ids, webhook deliveries unique per endpoint, type and source event). Order across events is not guaranteed.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private readonly dispatcher: EventDispatcher;
  private readonly settings: Required<OutboxRelayOptions>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    modules: ModulesContainer,
    moduleRef: ModuleRef,
    commands: CommandBus,
    private readonly unhandled: UnhandledExceptionBus,
    @Inject(RELAY_OPTIONS) options: OutboxRelayOptions,
  ) {
    this.settings = { ...DEFAULTS, ...options };
    this.dispatcher = new EventDispatcher(modules, moduleRef, commands);
  }

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) return;
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.settings.pollMs);
    this.timer.unref();
    // Not right away: CqrsModule registers the command handlers that sagas need in its own bootstrap hook.
    setImmediate(() => this.kick());
  }

  /** Stops before other modules close their queues and the ORM, so no sweep runs against closed clients. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.onModuleDestroy();
  }

  /** Wakes the relay; calls while a sweep runs coalesce into one more sweep. */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweep()
      .catch((err) => this.logger.error(`Relay sweep failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Dispatches every event that is due, waiting for the reactions, until none is left; events waiting for a retry
   * are left for later sweeps. Tests await it.
   */
  async drain(): Promise<void> {
    await this.running;
    await this.sweep();
  }

  private async sweep(): Promise<void> {
    while (!this.stopped && (await this.relayBatch()) === BATCH) {
      /* keep going */
    }
  }

  private async relayBatch(): Promise<number> {
    const rows = await this.claim();
    // Started oldest first and awaited together: one slow reaction holds up the batch by at most dispatchTimeoutMs.
    const outcomes = await Promise.allSettled(rows.map((row) => this.relay(row)));
    const broken = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (broken) throw broken.reason; // the log could not be updated; the rows are taken again when their lease ends
    return rows.length;
  }

  private async claim(): Promise<ClaimedRow[]> {
    const rows: ClaimedRow[] = await this.orm.em.getConnection().execute(
      `with due as (
         select id from domain_events
         where published_at is null and failed_at is null and (next_attempt_at is null or next_attempt_at <= now())
         order by id limit ${BATCH}
         for update skip locked)
       update domain_events e set attempts = e.attempts + 1, next_attempt_at = now() + ? * interval '1 millisecond'
       from due where e.id = due.id
       returning e.id, e.type, e.payload, e.attempts`,
      [this.settings.leaseMs],
      'all',
    );
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  private async relay(row: ClaimedRow): Promise<void> {
    const cls = eventClassOf(row.type);
    // An unknown type (say, a process older than the event) is a failure, so a process that knows it gets the row.
    let event: DomainEvent | undefined;
    try {
      if (!cls) throw new Error(`No event class registered for '${row.type}'`);
      event = Object.assign(Object.create(cls.prototype), row.payload, { eventId: Number(row.id) }) as DomainEvent;
      await withTimeout(this.dispatcher.dispatch(event), this.settings.dispatchTimeoutMs);
    } catch (err) {
      await this.recordFailure(row, event, err);
      return;
    }
    await this.orm.em
      .getConnection()
      .execute('update domain_events set published_at = now(), next_attempt_at = null where id = ? and published_at is null', [row.id], 'run');
  }

  private async recordFailure(row: ClaimedRow, event: DomainEvent | undefined, err: unknown): Promise<void> {
    const failures = err instanceof DispatchError ? err.failures.map((f) => f.error) : [err];
    if (event) for (const exception of failures) this.unhandled.publish({ cause: event, exception });
    const error = ((err as Error)?.message ?? String(err)).slice(0, ERROR_CHARS);
    const log = { eventId: Number(row.id), type: row.type, attempt: row.attempts, error };
    const conn = this.orm.em.getConnection();
    // `attempts = ?`: a relay whose lease ran out while it worked leaves the row to whoever claimed it since.
    if (row.attempts >= this.settings.maxAttempts) {
      await conn.execute('update domain_events set failed_at = now(), next_attempt_at = null, last_error = ? where id = ? and attempts = ?', [error, row.id, row.attempts], 'run');
      this.logger.error({ msg: `Gave up on an event after ${row.attempts} attempts; its row is kept with failed_at set`, ...log });
      return;
    }
    const retryInMs = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (row.attempts - 1));
    await conn.execute(
      `update domain_events set next_attempt_at = now() + ? * interval '1 millisecond', last_error = ? where id = ? and attempts = ?`,
      [retryInMs, error, row.id, row.attempts],
      'run',
    );
    this.logger.warn({ msg: 'Event reactions failed; retrying', retryInMs, ...log });
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reactions still running after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
