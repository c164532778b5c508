import { randomBytes } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { Client } from 'pg';
import { createTestDatabase, eventually, queryDatabase, type TestDatabase } from '@confab/testing';
import { PersistenceModule } from '../persistence.module';
import { SecretBox } from '../secrets/secret-box';
import { TableUpkeep, type TableUpkeepOptions } from './table-upkeep';

interface TableStats {
  dead: string;
  vacuumed: boolean;
  analyzed: boolean;
  tuples: number;
}

describe('table upkeep on a real database', () => {
  let db: TestDatabase;
  const apps: TestingModule[] = [];

  const upkeepApp = async (upkeep: TableUpkeepOptions) => {
    const ref = await Test.createTestingModule({
      imports: [CqrsModule.forRoot(), PersistenceModule.forRoot({ databaseUrl: db.url, entities: [], secrets: new SecretBox(randomBytes(32)), relay: { pollMs: 60_000, enabled: false }, upkeep })],
    }).compile();
    await ref.init();
    apps.push(ref);
    return ref.get(TableUpkeep);
  };

  /** Runs statements on a connection of its own; closing it flushes its table counters to the statistics. */
  const run = async (...statements: string[]) => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      for (const sql of statements) await client.query(sql);
    } finally {
      await client.end();
    }
  };

  const stats = async (table: string) =>
    (
      await queryDatabase<TableStats>(
        db.url,
        `select s.n_dead_tup as dead, s.last_vacuum is not null as vacuumed, s.last_analyze is not null as analyzed, c.reltuples::float8 as tuples
         from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = $1`,
        [table],
      )
    )[0];

  /** Dead rows and new rows: 4,000 inserted, then each updated once. Autovacuum never touches this table. */
  const churn = (table: string) =>
    run(
      `create table ${table} (id int primary key, n int) with (autovacuum_enabled = false)`,
      `insert into ${table} select g, 0 from generate_series(1, 4000) g`,
      `update ${table} set n = n + 1`,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  it('vacuums and analyzes a table whose autovacuum is off once its dead rows pass the thresholds, then leaves it be', async () => {
    await churn('churned');
    await run('create table quiet (id int primary key)', 'insert into quiet values (1), (2)');
    // The counters of the connections above reach the statistics once they have closed.
    await eventually(async () => expect(Number((await stats('churned')).dead)).toBeGreaterThanOrEqual(4000));
    const upkeep = await upkeepApp({ enabled: true, intervalMs: 0 });

    const steps = await upkeep.round();

    expect(steps).toContainEqual({ table: 'churned', vacuum: true, analyze: true });
    // Two rows are below every threshold (50 changes and up).
    expect(steps.map((s) => s.table)).not.toContain('quiet');
    expect(await stats('churned')).toEqual({ dead: '0', vacuumed: true, analyzed: true, tuples: 4000 });
    expect((await upkeep.round()).map((s) => s.table)).not.toContain('churned');
  });

  it('runs by itself every interval in a worker process, and not at all where it is not enabled', async () => {
    await churn('timed');
    await churn('untouched');
    await eventually(async () => expect(Number((await stats('untouched')).dead)).toBeGreaterThanOrEqual(4000));
    // An API process's upkeep is off: a short interval must not start it.
    await upkeepApp({ enabled: false, intervalMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await stats('untouched')).vacuumed).toBe(false);

    await upkeepApp({ enabled: true, intervalMs: 50 });
    await eventually(async () => expect(await stats('timed')).toMatchObject({ dead: '0', vacuumed: true, analyzed: true }));
  });
});
