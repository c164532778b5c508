import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Command, CommandHandler, CqrsModule, EventsHandler, ofType, Saga, type ICommandHandler, type IEvent, type IEventHandler } from '@nestjs/cqrs';
import { Client } from 'pg';
import { map, type Observable } from 'rxjs';
import { countStatements, createTestDatabase, eventually, queryDatabase, type TestDatabase } from '@confab/testing';
import { PersistenceModule } from '../persistence.module';
import { migrateDatabase } from '../orm-config';
import { SecretBox } from '../secrets/secret-box';
import { Db } from '../tenant/db';
import { DomainEvent, LoggedEvent } from './domain-event';
import { appendEvents, appendEventsSql } from './event-log';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

@LoggedEvent()
class ThingHappened extends DomainEvent {
  constructor(readonly tenantId: string, readonly aggregateId: string, readonly label: string) {
    super();
  }
}

/** An event nothing reacts to: logged for the read models, never queued for the relay. */
@LoggedEvent()
class ThingCounted extends DomainEvent {
  constructor(readonly tenantId: string, readonly aggregateId: string) {
    super();
  }

  override relayed(): boolean {
    return false;
  }
}

@EventsHandler(ThingCounted)
class ThingCountedHandler implements IEventHandler<ThingCounted> {
  handle(): void {}
}

/** What one app's reactions saw, and how often each label should still make them fail. */
class Reactions {
  handled: ThingHappened[] = [];
  noted: string[] = [];
  handlerFailures = new Map<string, number>();
  commandFailures = new Map<string, number>();
}

function failIfPlanned(plan: Map<string, number>, label: string, message: string): void {
  const left = plan.get(label) ?? 0;
  if (left <= 0) return;
  plan.set(label, left - 1);
  throw new Error(message);
}

@EventsHandler(ThingHappened)
class ThingRecorder implements IEventHandler<ThingHappened> {
  constructor(private readonly reactions: Reactions) {}

  async handle(event: ThingHappened): Promise<void> {
    await new Promise((r) => setTimeout(r, 5)); // real handlers wait on I/O; the relay must wait for them
    failIfPlanned(this.reactions.handlerFailures, event.label, `handler failed for ${event.label}`);
    this.reactions.handled.push(event);
  }
}

class NoteThing extends Command<void> {
  constructor(readonly label: string) {
    super();
  }
}

/** Stands in for a command that adds a Bull job: it fails while "Redis" is down. */
@CommandHandler(NoteThing)
class NoteThingHandler implements ICommandHandler<NoteThing> {
  constructor(private readonly reactions: Reactions) {}

  async execute({ label }: NoteThing): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    failIfPlanned(this.reactions.commandFailures, label, 'Redis connection lost');
    this.reactions.noted.push(label);
  }
}

@Injectable()
class ThingSaga {
  @Saga()
  noteThings = (events$: Observable<IEvent>) => events$.pipe(ofType(ThingHappened), map((e) => new NoteThing(e.label)));
}

interface RelayApp {
  ref: TestingModule;
  reactions: Reactions;
  relay: OutboxRelay;
  db: Db;
}

async function relayApp(url: string, relay: Partial<OutboxRelayOptions> = {}): Promise<RelayApp> {
  const reactions = new Reactions();
  const ref = await Test.createTestingModule({
    imports: [
      CqrsModule.forRoot(),
      PersistenceModule.forRoot({ databaseUrl: url, entities: [], secrets: new SecretBox(randomBytes(32)), relay: { pollMs: 20, enabled: true, retryBaseMs: 20, ...relay } }),
    ],
    providers: [{ provide: Reactions, useValue: reactions }, ThingRecorder, NoteThingHandler, ThingSaga],
  }).compile();
  await ref.init();
  return { ref, reactions, relay: ref.get(OutboxRelay), db: ref.get(Db) };
}

/** An event of the log, with its outbox row's columns (all null once the row was deleted: delivered). */
interface EventRow {
  id: string;
  queued: boolean;
  attempts: number;
  last_error: string | null;
  failed_at: Date | null;
}

describe('event log and relay on a real database', () => {
  let db: TestDatabase;
  const tenantId = randomUUID();
  const rowsOf = (aggregate: string) =>
    queryDatabase<EventRow>(
      db.url,
      `select e.id, o.event_id is not null as queued, o.attempts, o.last_error, o.failed_at
       from domain_events e left join outbox o on o.event_id = e.id where e.aggregate_id = $1 order by e.id`,
      [aggregate],
    );
  const delivered = { id: expect.any(String), queued: false, attempts: null, last_error: null, failed_at: null };
  /** Commits an event the way any transaction does (listening relays are woken), optionally as a relay left it. */
  const logEvent = async (aggregate: string, label: string, lease = '') => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ id: string }>(
        `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload) values ($1, 'thing', $2, 'ThingHappened', $3) returning id`,
        [tenantId, aggregate, JSON.stringify({ tenantId, aggregateId: aggregate, label })],
      );
      if (lease) await client.query('update outbox set attempts = 1, next_attempt_at = now() + $2::interval where event_id = $1', [rows[0].id, lease]);
      await client.query('commit');
      return rows[0].id;
    } finally {
      await client.end();
    }
  };
  const labels = (list: Array<{ label: string } | string>) => list.map((x) => (typeof x === 'string' ? x : x.label));

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, []);
  });
  afterAll(() => db?.drop());

  it('delivers events after their transaction commits to handlers and sagas, waits for them, and never delivers a rollback', async () => {
    const app = await relayApp(db.url, { pollMs: 60_000 });
    const aggregate = randomUUID();
    await app.db.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, 'kept')));
    await app.db
      .transaction(tenantId, async (em) => {
        appendEvents(em, new ThingHappened(tenantId, aggregate, 'rolled back'));
        await em.flush();
        throw new Error('abort');
      })
      .catch(() => undefined);
    await app.relay.drain();
    // drain() resolves only after the reactions finished: no polling needed.
    expect(labels(app.reactions.handled)).toEqual(['kept']);
    expect(app.reactions.noted).toEqual(['kept']);
    expect(app.reactions.handled[0]).toBeInstanceOf(ThingHappened);
    expect(app.reactions.handled[0].eventId).toEqual(expect.any(Number));
    // The log keeps the event; its outbox row is gone. The rolled-back one left neither.
    expect(await rowsOf(aggregate)).toEqual([delivered]);
    await app.relay.drain();
    expect(app.reactions.handled).toHaveLength(1);
    await app.ref.close();
  });

  it('lets two relay processes share the log: when nothing fails, each event is delivered exactly once', async () => {
    const one = await relayApp(db.url);
    const two = await relayApp(db.url);
    const aggregate = randomUUID();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => one.db.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, `e${i}`)))),
    );
    const mine = (list: ThingHappened[]) => list.filter((e) => e.aggregateId === aggregate);
    await eventually(() => expect(mine(one.reactions.handled).length + mine(two.reactions.handled).length).toBe(40));
    await new Promise((r) => setTimeout(r, 200));
    const seen = labels([...mine(one.reactions.handled), ...mine(two.reactions.handled)]);
    expect(new Set(seen).size).toBe(40);
    expect(seen).toHaveLength(40);
    expect([...one.reactions.noted, ...two.reactions.noted]).toHaveLength(40);
    await one.ref.close();
    await two.ref.close();
  });

  it('retries an event whose handler failed, and one whose saga command failed (Redis briefly down): nothing is lost', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const app = await relayApp(db.url);
    app.reactions.handlerFailures.set('flaky handler', 1);
    app.reactions.commandFailures.set('flaky saga', 2);
    const aggregate = randomUUID();
    await app.db.transaction(tenantId, async (em) =>
      appendEvents(em, new ThingHappened(tenantId, aggregate, 'flaky handler'), new ThingHappened(tenantId, aggregate, 'flaky saga')),
    );
    await eventually(() => {
      expect(labels(app.reactions.handled)).toEqual(expect.arrayContaining(['flaky handler', 'flaky saga']));
      expect(app.reactions.noted).toEqual(expect.arrayContaining(['flaky handler', 'flaky saga']));
    });
    await eventually(async () => expect(await rowsOf(aggregate)).toEqual([delivered, delivered]));
    const retries = warnings.mock.calls.map(([w]) => w as { msg: string; eventId?: number; attempt: number; error: string }).filter((w) => w.msg?.includes('retrying'));
    const [handlerId, sagaId] = (await rowsOf(aggregate)).map((r) => Number(r.id));
    expect(retries.filter((w) => w.eventId === handlerId)).toEqual([expect.objectContaining({ attempt: 1, error: expect.stringContaining('ThingRecorder: handler failed for flaky handler') })]);
    expect(retries.filter((w) => w.eventId === sagaId).map((w) => w.attempt)).toEqual([1, 2]);
    expect(retries.find((w) => w.eventId === sagaId)?.error).toContain('ThingSaga.noteThings: Redis connection lost');
    warnings.mockRestore();
    await app.ref.close();
  });

  it('gives up after maxAttempts: logs an error and keeps the row, with its last error, for inspection', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const app = await relayApp(db.url, { maxAttempts: 3 });
    app.reactions.handlerFailures.set('doomed', Infinity);
    const aggregate = randomUUID();
    await app.db.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, 'doomed')));
    const [row] = await eventually(async () => {
      const rows = await rowsOf(aggregate);
      expect(rows[0].failed_at).toEqual(expect.any(Date));
      return rows;
    });
    expect(row).toMatchObject({ queued: true, attempts: 3, last_error: expect.stringContaining('handler failed for doomed') });
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ msg: expect.stringContaining('Gave up'), eventId: Number(row.id), type: 'ThingHappened', attempt: 3 }));
    await new Promise((r) => setTimeout(r, 200));
    expect((await rowsOf(aggregate))[0].attempts).toBe(3);
    expect(app.reactions.noted.filter((l) => l === 'doomed')).toHaveLength(3); // the saga ran each time; it is idempotent
    errors.mockRestore();
    await app.ref.close();
  });

  it('loses nothing when the transaction that claimed an event rolls back (a crash between claim and dispatch)', async () => {
    const app = await relayApp(db.url, { pollMs: 60_000, listen: false });
    await new Promise((r) => setImmediate(r)); // let the sweep at start finish: from here on only drain() relays
    await app.relay.drain();
    const aggregate = randomUUID();
    const id = await logEvent(aggregate, 'claimed by a crashing relay');
    const crashing = new Client({ connectionString: db.url });
    await crashing.connect();
    await crashing.query('begin');
    await crashing.query('select event_id from outbox where event_id = $1 for update skip locked', [id]);
    await crashing.query('update outbox set attempts = attempts + 1 where event_id = $1', [id]);
    await app.relay.drain();
    expect(app.reactions.handled).toEqual([]); // the row is somebody else's while they hold it
    await crashing.query('rollback');
    await crashing.end();
    await app.relay.drain();
    expect(labels(app.reactions.handled)).toEqual(['claimed by a crashing relay']);
    expect(await rowsOf(aggregate)).toEqual([delivered]);
    await app.ref.close();
  });

  it('loses nothing when a relay dies after its claim committed: the lease runs out and the event is delivered', async () => {
    const app = await relayApp(db.url);
    const aggregate = randomUUID();
    // The state a relay leaves behind when it dies right after claiming: one attempt, leased for a while.
    await logEvent(aggregate, 'orphaned', '400 milliseconds');
    await app.relay.drain();
    expect(app.reactions.handled).toEqual([]);
    await eventually(() => expect(labels(app.reactions.handled)).toEqual(['orphaned']));
    await eventually(async () => expect(await rowsOf(aggregate)).toEqual([delivered]));
    await app.ref.close();
  });

  it('keeps every delivered event in the log and empties the outbox, deleting each batch in one statement', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const app = await relayApp(db.url, { pollMs: 60_000, listen: false, vacuumEvery: 200 });
    await new Promise((r) => setImmediate(r));
    await app.relay.drain();
    const aggregate = randomUUID();
    await app.db.transaction(tenantId, async (em) => appendEvents(em, ...Array.from({ length: 250 }, (_, i) => new ThingHappened(tenantId, aggregate, `bulk ${i}`))));
    const counter = countStatements();
    await app.relay.drain();
    const sent = counter.tally().texts;
    counter.stop();
    expect(app.reactions.handled.filter((e) => e.aggregateId === aggregate)).toHaveLength(250);
    const rows = await rowsOf(aggregate);
    expect(rows).toHaveLength(250);
    expect(rows.every((r) => !r.queued)).toBe(true);
    expect(await queryDatabase(db.url, 'select 1 from outbox o join domain_events e on e.id = o.event_id where e.aggregate_id = $1', [aggregate])).toEqual([]);
    // Batches of at most 100, each deleted by the claim that follows it; nothing is written per event.
    expect(sent.filter((q) => /^with delivered as \(delete from outbox/.test(q))).toHaveLength(3);
    const claims = sent.filter((q) => q.startsWith('with '));
    expect(claims.length).toBeLessThanOrEqual(5); // the commit's kick and drain() may each end with an empty claim
    // Once 200 rows were deleted the relay vacuumed the outbox, so dead index entries do not pile up for claims.
    expect(sent.filter((q) => !q.startsWith('with '))).toEqual(['vacuum (skip_locked) outbox']);
    expect(warnings).not.toHaveBeenCalled();
    warnings.mockRestore();
    await app.ref.close();
  });

  it('is woken by a commit in another app through LISTEN/NOTIFY, long before its poll', async () => {
    const api = await relayApp(db.url, { enabled: false }); // commits, relays nothing (an API process)
    const worker = await relayApp(db.url, { pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300)); // the worker's listener connects
    const aggregate = randomUUID();
    const committed = Date.now();
    const counter = countStatements();
    await api.db.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, 'across processes')));
    await eventually(() => expect(labels(worker.reactions.handled.filter((e) => e.aggregateId === aggregate))).toEqual(['across processes']), { timeoutMs: 2_000 });
    // Sent after the commit, not inside the transaction (that would serialise every appending commit).
    const sent = counter.tally().texts;
    counter.stop();
    expect(sent.indexOf("select pg_notify('confab_outbox', '')")).toBeGreaterThan(sent.indexOf('commit'));
    // Typically a few ms; the poll would have taken a minute.
    expect(Date.now() - committed).toBeLessThan(1_000);
    expect(api.reactions.handled).toEqual([]);
    await api.ref.close();
    await worker.ref.close();
  });

  it('spends two statements on an event committed in its own process, and sends no NOTIFY for it', async () => {
    const app = await relayApp(db.url, { pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300)); // listener connected, start-up sweep done
    const counter = countStatements();
    const aggregate = randomUUID();
    await app.db.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, 'woken twice')));
    await eventually(() => expect(labels(app.reactions.handled)).toContain('woken twice'));
    await new Promise((r) => setTimeout(r, 300));
    const sent = counter.tally().texts;
    const claims = sent.filter((q) => q.startsWith('with '));
    counter.stop();
    expect(sent.filter((q) => q.includes('pg_notify'))).toEqual([]);
    // The claim that took the event, then the one that deleted its row and found nothing more; no empty third.
    expect(claims).toHaveLength(2);
    expect(await rowsOf(aggregate)).toEqual([delivered]);
    await app.ref.close();
  });

  it('reconnects its listener after the connection is killed and catches up on what was committed meanwhile', async () => {
    const api = await relayApp(db.url, { enabled: false });
    const worker = await relayApp(db.url, { pollMs: 60_000 });
    const listeners = () =>
      queryDatabase<{ pid: number }>(db.url, `select pid from pg_stat_activity where datname = current_database() and application_name = 'confab-signals'`);
    await eventually(async () => expect(await listeners()).toHaveLength(1));
    const [{ pid }] = await listeners();
    const aggregate = randomUUID();
    await queryDatabase(db.url, 'select pg_terminate_backend($1)', [pid]);
    await api.db.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, 'while nobody listened')));
    await eventually(() => expect(labels(worker.reactions.handled.filter((e) => e.aggregateId === aggregate))).toEqual(['while nobody listened']), { timeoutMs: 5_000 });
    await eventually(async () => {
      const now = await listeners();
      expect(now).toHaveLength(1);
      expect(now[0].pid).not.toBe(pid);
    });
    await api.db.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, 'after the reconnect')));
    await eventually(() => expect(labels(worker.reactions.handled.filter((e) => e.aggregateId === aggregate))).toContain('after the reconnect'), { timeoutMs: 1_000 });
    await api.ref.close();
    await worker.ref.close();
  });
  it('logs an event nothing reacts to without queueing it, and a write that appends only such events wakes no relay', async () => {
    const app = await relayApp(db.url, { pollMs: 60_000, listen: false });
    await new Promise((r) => setTimeout(r, 100)); // the start-up sweep
    const aggregate = randomUUID();
    await app.db.transaction(tenantId, async (em) => appendEvents(em, new ThingCounted(tenantId, aggregate), new ThingHappened(tenantId, aggregate, 'beside it')));
    await app.relay.drain();
    await new Promise((r) => setTimeout(r, 100)); // the sweep the commit woke
    const counted = appendEventsSql([new ThingCounted(tenantId, aggregate)]);
    expect(counted.relayed).toBe(false);
    const counter = countStatements();
    await app.db.write(counted.sql, counted.params, { wakesRelay: counted.relayed });
    await new Promise((r) => setTimeout(r, 200));
    const sent = counter.tally().texts;
    counter.stop();
    expect(sent.filter((q) => q.startsWith('with '))).toEqual([]); // no claim: nothing was queued
    await app.relay.drain();
    expect(labels(app.reactions.handled.filter((e) => e.aggregateId === aggregate))).toEqual(['beside it']);
    const logged = await queryDatabase<{ type: string; queued: boolean }>(
      db.url,
      `select e.type, exists (select 1 from outbox o where o.event_id = e.id) as queued from domain_events e where e.aggregate_id = $1 order by e.id`,
      [aggregate],
    );
    // In the log for the read models; the relayed one was queued and delivered (its row deleted), the others never queued.
    expect(logged.map((r) => r.type)).toEqual(['ThingCounted', 'ThingHappened', 'ThingCounted']);
    expect(await queryDatabase(db.url, `select 1 from outbox o join domain_events e on e.id = o.event_id where e.aggregate_id = $1`, [aggregate])).toEqual([]);
    expect(app.reactions.handled.some((e) => (e as unknown) instanceof ThingCounted)).toBe(false);
    await app.ref.close();
  });

  it('refuses to start with a handler for an event that may skip the outbox, which it would silently miss', async () => {
    const ref = await Test.createTestingModule({
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({ databaseUrl: db.url, entities: [], secrets: new SecretBox(randomBytes(32)), relay: { pollMs: 60_000, enabled: false } }),
      ],
      providers: [ThingCountedHandler],
    }).compile();
    await expect(ref.init()).rejects.toThrow('ThingCountedHandler handles ThingCounted, which is not relayed');
    await ref.close();
  });
});
