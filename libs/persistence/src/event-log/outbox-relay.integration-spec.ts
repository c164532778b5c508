import { randomBytes, randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { CqrsModule, EventBus, type IEvent } from '@nestjs/cqrs';
import { createTestDatabase, eventually, queryDatabase, type TestDatabase } from '@confab/testing';
import { PersistenceModule } from '../persistence.module';
import { migrateDatabase } from '../orm-config';
import { SecretBox } from '../secrets/secret-box';
import { Db } from '../tenant/db';
import { DomainEvent, LoggedEvent } from './domain-event';
import { appendEvents } from './event-log';
import { OutboxRelay } from './outbox-relay';

@LoggedEvent()
class ThingHappened extends DomainEvent {
  constructor(readonly tenantId: string, readonly aggregateId: string, readonly label: string) {
    super();
  }
}

async function relayApp(url: string): Promise<{ ref: TestingModule; seen: ThingHappened[] }> {
  const ref = await Test.createTestingModule({
    imports: [CqrsModule.forRoot(), PersistenceModule.forRoot({ databaseUrl: url, entities: [], secrets: new SecretBox(randomBytes(32)), relay: { pollMs: 20, enabled: true } })],
  }).compile();
  const seen: ThingHappened[] = [];
  ref.get(EventBus).subscribe((e: IEvent) => e instanceof ThingHappened && seen.push(e));
  await ref.init();
  return { ref, seen };
}

describe('event log and relay on a real database', () => {
  let db: TestDatabase;
  const tenantId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, []);
  });
  afterAll(() => db?.drop());

  it('publishes events after their transaction commits, as instances with their log id, and never on rollback', async () => {
    const { ref, seen } = await relayApp(db.url);
    const dbs = ref.get(Db);
    const aggregate = randomUUID();
    await dbs.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, 'kept')));
    await dbs
      .transaction(tenantId, async (em) => {
        appendEvents(em, new ThingHappened(tenantId, aggregate, 'rolled back'));
        await em.flush();
        throw new Error('abort');
      })
      .catch(() => undefined);
    await eventually(() => expect(seen.map((e) => e.label)).toEqual(['kept']));
    expect(seen[0]).toBeInstanceOf(ThingHappened);
    expect(seen[0].eventId).toEqual(expect.any(Number));
    const rows = await queryDatabase<{ type: string; published_at: Date | null }>(db.url, 'select type, published_at from domain_events where aggregate_id = $1', [aggregate]);
    expect(rows).toEqual([{ type: 'ThingHappened', published_at: expect.any(Date) }]);
    await ref.get(OutboxRelay).drain();
    expect(seen).toHaveLength(1);
    await ref.close();
  });

  it('lets two relay processes share the log: each event is published exactly once', async () => {
    const one = await relayApp(db.url);
    const two = await relayApp(db.url);
    const dbs = one.ref.get(Db);
    const aggregate = randomUUID();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => dbs.transaction(tenantId, async (em) => appendEvents(em, new ThingHappened(tenantId, aggregate, `e${i}`)))),
    );
    const mine = (list: ThingHappened[]) => list.filter((e) => e.aggregateId === aggregate);
    await eventually(() => expect(mine(one.seen).length + mine(two.seen).length).toBe(40));
    await new Promise((r) => setTimeout(r, 200));
    const labels = [...mine(one.seen), ...mine(two.seen)].map((e) => e.label);
    expect(new Set(labels).size).toBe(40);
    expect(labels).toHaveLength(40);
    await one.ref.close();
    await two.ref.close();
  });
});
