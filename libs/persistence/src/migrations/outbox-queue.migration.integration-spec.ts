import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, queryDatabase, type TestDatabase } from '@confab/testing';
import { buildOrmConfig } from '../orm-config';

describe('the OutboxQueue migration on a database with history', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init(buildOrmConfig({ clientUrl: db.url, entities: [], poolMax: 1 }));
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('queues the events not yet delivered (with their retry state), keeps every event in the log, and drops the relay columns', async () => {
    await orm.migrator.up({ to: 'Migration20261128020000Installation' });
    const tenant = randomUUID();
    const insert = (published: boolean, extra = '') =>
      queryDatabase<{ id: string }>(
        db.url,
        `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload, published_at${extra ? ', attempts, last_error, failed_at' : ''})
         values ($1, 'conversation', $1, 'Thing', '{}', ${published ? 'now()' : 'null'}${extra}) returning id`,
        [tenant],
      );
    await insert(true);
    const [waiting] = await insert(false);
    const [gaveUp] = await insert(false, `, 10, 'boom', now()`);

    await orm.migrator.up();

    expect(await queryDatabase(db.url, 'select count(*)::int as n from domain_events')).toEqual([{ n: 3 }]);
    expect(await queryDatabase(db.url, 'select event_id, attempts, last_error, failed_at is not null as failed from outbox order by event_id')).toEqual([
      { event_id: waiting.id, attempts: 0, last_error: null, failed: false },
      { event_id: gaveUp.id, attempts: 10, last_error: 'boom', failed: true },
    ]);
    const columns = await queryDatabase<{ column_name: string }>(db.url, `select column_name from information_schema.columns where table_name = 'domain_events' order by ordinal_position`);
    // `relayed` comes with a later migration (UnrelayedEvents).
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'tenant_id', 'aggregate_type', 'aggregate_id', 'type', 'payload', 'occurred_at', 'tx_id', 'relayed']);

    // From now on the trigger queues every appended event in the appending statement, also when the insert does not
    // name `relayed` (a process of an earlier version during a rolling update); an event nothing reacts to is not queued.
    const [appended] = await queryDatabase<{ id: string }>(db.url, `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload) values ($1, 'conversation', $1, 'Thing', '{}') returning id`, [tenant]);
    expect(await queryDatabase(db.url, 'select attempts from outbox where event_id = $1', [appended.id])).toEqual([{ attempts: 0 }]);
    const [unrelayed] = await queryDatabase<{ id: string }>(db.url, `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload, relayed) values ($1, 'conversation', $1, 'Thing', '{}', false) returning id`, [tenant]);
    expect(await queryDatabase(db.url, 'select attempts from outbox where event_id = $1', [unrelayed.id])).toEqual([]);
  });
});
