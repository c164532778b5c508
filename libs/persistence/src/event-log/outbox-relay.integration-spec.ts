import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Command, CommandHandler, CqrsModule, EventsHandler, ofType, Saga, type ICommandHandler, type IEvent, type IEventHandler } from '@nestjs/cqrs';
import { Client } from 'pg';
import { map, type Observable } from 'rxjs';
import { createTestDatabase, eventually, queryDatabase, type TestDatabase } from '@confab/testing';
import { PersistenceModule } from '../persistence.module';
import { migrateDatabase } from '../orm-config';
import { SecretBox } from '../secrets/secret-box';
import { Db } from '../tenant/db';
import { DomainEvent, LoggedEvent } from './domain-event';
import { appendEvents } from './event-log';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

@LoggedEvent()
class ThingHappened extends DomainEvent {
  constructor(readonly tenantId: string, readonly aggregateId: string, readonly label: string) {
    super();
  }
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

interface EventRow {
  id: string;
  published_at: Date | null;
  attempts: number;
  last_error: string | null;
  failed_at: Date | null;
}

describe('event log and relay on a real database', () => {
  let db: TestDatabase;
  const tenantId = randomUUID();
  const rowsOf = (aggregate: string) =>
    queryDatabase<EventRow>(db.url, 'select id, published_at, attempts, last_error, failed_at from domain_events where aggregate_id = $1 order by id', [aggregate]);
  /** Writes an event the way a committed transaction does, without waking any relay. */
  const logEvent = async (aggregate: string, label: string, claim = '') => {
    const [row] = await queryDatabase<{ id: string }>(
      db.url,
      `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload${claim ? ', attempts, next_attempt_at' : ''})
       values ($1, 'thing', $2, 'ThingHappened', $3${claim ? `, 1, now() + interval '${claim}'` : ''}) returning id`,
      [tenantId, aggregate, JSON.stringify({ tenantId, aggregateId: aggregate, label })],
    );
    return row.id;
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
    expect(await rowsOf(aggregate)).toEqual([{ id: expect.any(String), published_at: expect.any(Date), attempts: 1, last_error: null, failed_at: null }]);
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
    await eventually(async () =>
      expect(await rowsOf(aggregate)).toEqual([
        { id: expect.any(String), published_at: expect.any(Date), attempts: 2, last_error: expect.stringContaining('ThingRecorder: handler failed for flaky handler'), failed_at: null },
        { id: expect.any(String), published_at: expect.any(Date), attempts: 3, last_error: expect.stringContaining('ThingSaga.noteThings: Redis connection lost'), failed_at: null },
      ]),
    );
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
    expect(row).toMatchObject({ published_at: null, attempts: 3, last_error: expect.stringContaining('handler failed for doomed') });
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ msg: expect.stringContaining('Gave up'), eventId: Number(row.id), type: 'ThingHappened', attempt: 3 }));
    await new Promise((r) => setTimeout(r, 200));
    expect((await rowsOf(aggregate))[0].attempts).toBe(3);
    expect(app.reactions.noted.filter((l) => l === 'doomed')).toHaveLength(3); // the saga ran each time; it is idempotent
    errors.mockRestore();
    await app.ref.close();
  });

  it('loses nothing when the transaction that claimed an event rolls back (a crash between claim and dispatch)', async () => {
    const app = await relayApp(db.url, { pollMs: 60_000 });
    await new Promise((r) => setImmediate(r)); // let the sweep at start finish: from here on only drain() relays
    await app.relay.drain();
    const aggregate = randomUUID();
    const id = await logEvent(aggregate, 'claimed by a crashing relay');
    const crashing = new Client({ connectionString: db.url });
    await crashing.connect();
    await crashing.query('begin');
    await crashing.query('select id from domain_events where id = $1 for update skip locked', [id]);
    await crashing.query('update domain_events set published_at = now(), attempts = attempts + 1 where id = $1', [id]);
    await app.relay.drain();
    expect(app.reactions.handled).toEqual([]); // the row is somebody else's while they hold it
    await crashing.query('rollback');
    await crashing.end();
    await app.relay.drain();
    expect(labels(app.reactions.handled)).toEqual(['claimed by a crashing relay']);
    expect(await rowsOf(aggregate)).toEqual([expect.objectContaining({ published_at: expect.any(Date), attempts: 1 })]);
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
    await eventually(async () => expect(await rowsOf(aggregate)).toEqual([expect.objectContaining({ published_at: expect.any(Date), attempts: 2 })]));
    await app.ref.close();
  });
});
