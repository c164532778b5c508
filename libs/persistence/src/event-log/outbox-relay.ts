import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { CommandBus, UnhandledExceptionBus } from '@nestjs/cqrs';
import { MikroORM } from '@mikro-orm/core';
import { eventClassOf, type DomainEvent } from './domain-event';
import { DispatchError, EventDispatcher } from './event-dispatcher';
import { PgSignals } from '../signals/pg-signals';
import { PreparedSql } from '../tenant/prepared-sql';

/** The channel processes that do not relay notify after committing events (OutboxRelay.committed). */
export const OUTBOX_CHANNEL = 'confab_outbox';

const BATCH = 100;
const ERROR_CHARS = 2_000;

export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

export interface OutboxRelayOptions {
  /**
   * How often to sweep without being woken: for retries that came due, leases that ran out, and events whose
   * NOTIFY was missed while the listener reconnected. Commits wake the relay at once, so this can be long.
   */
  pollMs: number;
  /** LISTEN for commits of other processes (default true); the poll alone finds them otherwise. */
  listen?: boolean;
  /**
   * VACUUM the outbox after this process deleted this many rows (default 10,000). Deleted rows leave dead index
   * entries that every claim walks past until a vacuum removes them; the live rows are few, so this vacuum takes
   * milliseconds, and claims stay fast where autovacuum lags or is off. 0 leaves it to autovacuum.
   */
  vacuumEvery?: number;
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
  /**
   * Least time between the starts of two sweeps (default 20 ms). Every commit wakes the relay, and a sweep costs two
   * claims however few events it finds; under load the wakes of the next few milliseconds share one sweep. An idle
   * relay sweeps at once.
   */
  sweepGapMs?: number;
}

const DEFAULTS = { listen: true, vacuumEvery: 10_000, leaseMs: 120_000, maxAttempts: 10, retryBaseMs: 1_000, retryMaxMs: 300_000, dispatchTimeoutMs: 30_000, sweepGapMs: 20 };

interface ClaimedRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Delivers committed events from the log to their handlers and sagas, at least once.
 *
 * The log (`domain_events`) is append-only; the queue is `outbox`, one row per event not yet delivered, added by a
 * trigger in the statement that appends the event (see the OutboxQueue migration). A sweep claims up to a batch of
 * due outbox rows in one short statement: `FOR UPDATE SKIP LOCKED`, so relays in several processes never take the
 * same rows, and a lease (`attempts + 1`, `next_attempt_at = now + leaseMs`) that is committed before any slow work
 * starts. Then, outside any transaction, each event is dispatched and its reactions awaited (EventDispatcher). The
 * rows of every event whose reactions all succeeded are deleted together, in the statement that claims the next
 * batch, so a busy relay spends one statement per batch rather than one per event. A failure records `last_error`
 * and schedules a retry with exponential backoff; after `maxAttempts` the row gets `failed_at`, an error is logged
 * and the row is kept. A relay that dies before or during dispatch loses nothing: its lease runs out and a later
 * sweep takes the rows again. Reactions can therefore run more than once and must be idempotent by `eventId`
 * (deterministic Bull job ids, webhook deliveries unique per endpoint, type and source event). Order across events
 * is not guaranteed.
 *
 * Wake-ups: right after a commit in this process (Db.transaction calls `committed()`), a NOTIFY on `confab_outbox`
 * sent after a commit by a process that does not relay (heard on the process's shared PgSignals connection, which
 * wakes the relay again after every reconnect, for commits made while nobody listened), and the poll every `pollMs` as a safety
 * net (retries that came due, leases that ran out, a listener that was reconnecting).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private readonly dispatcher: EventDispatcher;
  private readonly settings: Required<OutboxRelayOptions>;
  private timer?: NodeJS.Timeout;
  private unlisten?: () => void;
  private running?: Promise<void>;
  /** A NOTIFY on its way for commits of this process, and whether another commit came after it was sent. */
  private announcing?: Promise<void>;
  private announceAgain = false;
  /** Wakes so far, and how many of them the latest claim covered (it started after them). */
  private wakes = 0;
  private covered = 0;
  private deletedSinceVacuum = 0;
  private started = false;
  private stopped = false;
  private lastSweepAt = 0;
  private gapTimer?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    modules: ModulesContainer,
    moduleRef: ModuleRef,
    commands: CommandBus,
    private readonly unhandled: UnhandledExceptionBus,
    private readonly signals: PgSignals,
    private readonly prepared: PreparedSql,
    @Inject(RELAY_OPTIONS) options: OutboxRelayOptions,
  ) {
    this.settings = { ...DEFAULTS, ...options };
    this.dispatcher = new EventDispatcher(modules, moduleRef, commands);
  }

  onApplicationBootstrap(): void {
    // Every process, relaying or not: a handler for an event that may skip the outbox stops the start (assertRelayed).
    this.dispatcher.discover();
    if (!this.settings.enabled) return;
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.settings.pollMs);
    this.timer.unref();
    // Not right away: CqrsModule registers the command handlers that sagas need in its own bootstrap hook.
    setImmediate(() => {
      this.kick();
      if (!this.settings.listen) return;
      // A signal without payload comes after a reconnect: something may have been missed, so it wakes the relay too.
      void this.signals.subscribe(OUTBOX_CHANNEL, () => this.kick()).then((unlisten) => {
        if (this.stopped) unlisten();
        else this.unlisten = unlisten;
        this.kick(); // commits made before the LISTEN took effect
      });
    });
  }

  /** Stops before other modules close their queues and the ORM, so no sweep runs against closed clients. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.unlisten?.();
    await this.running;
    await this.announcing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.onModuleDestroy();
  }

  /**
   * Events were committed in this process (Db.transaction). A relaying process sweeps at once; one that does not
   * relay (an API process) tells the relays of other processes with a NOTIFY after the commit. NOTIFY is not sent
   * inside the appending transactions: PostgreSQL serialises the commits of notifying transactions on one lock.
   * Commits that come while a NOTIFY is on its way share the next one, so a busy process sends about one per round
   * trip. A NOTIFY lost to a crash right after the commit is made up for by the poll.
   */
  committed(): void {
    if (this.settings.enabled) this.kick();
    else this.announce();
  }

  private announce(): void {
    if (this.stopped) return;
    if (this.announcing) {
      this.announceAgain = true;
      return;
    }
    this.announcing = this.orm.em
      .getConnection()
      .execute(`select pg_notify('${OUTBOX_CHANNEL}', '')`, [], 'run')
      .then(() => undefined)
      .catch((err: Error) => this.logger.warn({ msg: 'Could not notify the relays of a commit; their poll will find it', error: err.message }))
      .finally(() => {
        this.announcing = undefined;
        if (this.announceAgain) {
          this.announceAgain = false;
          this.announce();
        }
      });
  }

  /**
   * Wakes the relay. A wake while a sweep runs (a commit, a NOTIFY, the poll) needs one more sweep only if it came
   * after the sweep's last claim started: a claim sees every commit made before it began. Without this, each commit
   * during a sweep would cost an extra, usually empty, claim.
   */
  kick(): void {
    this.wakes++;
    this.run();
  }

  private run(): void {
    if (!this.started || this.stopped || this.running || this.gapTimer) return;
    const wait = this.lastSweepAt + this.settings.sweepGapMs - Date.now();
    if (wait > 0) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        this.run();
      }, wait);
      return;
    }
    this.lastSweepAt = Date.now();
    this.running = this.sweep()
      .catch((err) => {
        this.covered = this.wakes; // the poll tries again; no tight loop against a database that is down
        this.logger.error(`Relay sweep failed: ${(err as Error).message}`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.wakes > this.covered) this.run();
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
    let delivered: string[] = [];
    do {
      this.covered = this.wakes;
      const rows = await this.claim(delivered);
      await this.vacuumAfter(delivered.length);
      delivered = [];
      if (!rows.length) return;
      delivered = await this.relayBatch(rows);
    } while (!this.stopped);
    if (delivered.length) await this.forget(delivered);
  }

  /** Dispatches a claimed batch; resolves with the ids of the events whose reactions all succeeded. */
  private async relayBatch(rows: ClaimedRow[]): Promise<string[]> {
    // Started oldest first and awaited together: one slow reaction holds up the batch by at most dispatchTimeoutMs.
    const outcomes = await Promise.allSettled(rows.map((row) => this.relay(row)));
    const broken = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (broken) throw broken.reason; // a failure could not be recorded; the rows are taken again when their lease ends
    return rows.filter((_, i) => (outcomes[i] as PromiseFulfilledResult<boolean>).value).map((row) => row.id);
  }

  /**
   * Deletes the outbox rows of events delivered in the previous batch and claims the next due batch, in one
   * statement. Delivered rows are deleted whoever holds them now: their reactions succeeded, and a relay that
   * re-claimed one after a lease ran out finds it gone when it records its own outcome, which changes nothing.
   * A prepared statement (prepared-sql.ts): a busy relay runs it about once per message.
   */
  private async claim(delivered: string[]): Promise<ClaimedRow[]> {
    const done = `{${delivered.join(',')}}`;
    return this.prepared.query<ClaimedRow>(
      `with ${delivered.length ? 'delivered as (delete from outbox where event_id = any(?::bigint[])),' : ''}
       due as (
         select event_id from outbox
         where failed_at is null and (next_attempt_at is null or next_attempt_at <= now())${delivered.length ? ' and event_id <> all(?::bigint[])' : ''}
         order by event_id limit ${BATCH}
         for update skip locked),
       claimed as (
         update outbox o set attempts = o.attempts + 1, next_attempt_at = now() + ? * interval '1 millisecond'
         from due where o.event_id = due.event_id
         returning o.event_id, o.attempts)
       select c.event_id as id, e.type, e.payload, c.attempts from claimed c join domain_events e on e.id = c.event_id order by c.event_id`,
      [...(delivered.length ? [done, done] : []), this.settings.leaseMs],
    );
  }

  private async forget(delivered: string[]): Promise<void> {
    await this.orm.em.getConnection().execute('delete from outbox where event_id = any(?::bigint[])', [`{${delivered.join(',')}}`], 'run');
  }

  private async vacuumAfter(deleted: number): Promise<void> {
    this.deletedSinceVacuum += deleted;
    if (!this.settings.vacuumEvery || this.deletedSinceVacuum < this.settings.vacuumEvery) return;
    this.deletedSinceVacuum = 0;
    // SKIP_LOCKED: when another process is vacuuming it already, this one goes on relaying.
    await this.orm.em
      .getConnection()
      .execute('vacuum (skip_locked) outbox', [], 'run')
      .catch((err: Error) => this.logger.warn({ msg: 'Could not vacuum the outbox; autovacuum has to keep up', error: err.message }));
  }

  /** Resolves true when every reaction succeeded, false when the failure was recorded for a retry. */
  private async relay(row: ClaimedRow): Promise<boolean> {
    const cls = eventClassOf(row.type);
    // An unknown type (say, a process older than the event) is a failure, so a process that knows it gets the row.
    let event: DomainEvent | undefined;
    try {
      if (!cls) throw new Error(`No event class registered for '${row.type}'`);
      event = Object.assign(Object.create(cls.prototype), row.payload, { eventId: Number(row.id) }) as DomainEvent;
      await withTimeout(this.dispatcher.dispatch(event), this.settings.dispatchTimeoutMs);
      return true;
    } catch (err) {
      await this.recordFailure(row, event, err);
      return false;
    }
  }

  private async recordFailure(row: ClaimedRow, event: DomainEvent | undefined, err: unknown): Promise<void> {
    const failures = err instanceof DispatchError ? err.failures.map((f) => f.error) : [err];
    if (event) for (const exception of failures) this.unhandled.publish({ cause: event, exception });
    const error = ((err as Error)?.message ?? String(err)).slice(0, ERROR_CHARS);
    const log = { eventId: Number(row.id), type: row.type, attempt: row.attempts, error };
    const conn = this.orm.em.getConnection();
    // `attempts = ?`: a relay whose lease ran out while it worked leaves the row to whoever claimed it since.
    if (row.attempts >= this.settings.maxAttempts) {
      await conn.execute('update outbox set failed_at = now(), next_attempt_at = null, last_error = ? where event_id = ? and attempts = ?', [error, row.id, row.attempts], 'run');
      this.logger.error({ msg: `Gave up on an event after ${row.attempts} attempts; its outbox row is kept with failed_at set`, ...log });
      return;
    }
    const retryInMs = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (row.attempts - 1));
    await conn.execute(
      `update outbox set next_attempt_at = now() + ? * interval '1 millisecond', last_error = ? where event_id = ? and attempts = ?`,
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
