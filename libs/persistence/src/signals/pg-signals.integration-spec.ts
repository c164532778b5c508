import type { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { createTestDatabase, eventually, queryDatabase, type TestDatabase } from '@confab/testing';
import { PgSignals } from './pg-signals';

/** The two things PgSignals reads from MikroORM: the URL, and a connection that runs one statement. */
function ormFor(url: string): MikroORM {
  const execute = (sql: string, params: unknown[]) => {
    let n = 0;
    return queryDatabase(url, sql.replace(/\?/g, () => `$${++n}`), params);
  };
  return { config: { get: () => url }, em: { getConnection: () => ({ execute }) } } as unknown as MikroORM;
}

/** Signals between two PgSignals, as between two processes, over a real PostgreSQL. */
describe('PgSignals', () => {
  let db: TestDatabase;
  const open: PgSignals[] = [];
  const signals = () => {
    const s = new PgSignals(ormFor(db.url));
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await createTestDatabase('confab_signals');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.onModuleDestroy()));
  });
  afterAll(() => db?.drop());

  it('delivers a signal sent right after subscribe() resolved, with its payload, to this channel only', async () => {
    const listener = signals();
    const sender = signals();
    const got: Array<string | undefined> = [];
    const other: Array<string | undefined> = [];
    await listener.subscribe('confab_test_a', (p) => got.push(p));
    await listener.subscribe('confab_test_b', (p) => other.push(p));
    await sender.notify('confab_test_a', 'conversation-1');
    await eventually(() => expect(got).toEqual(['conversation-1']));
    expect(other).toEqual([]);
  });

  it('stops calling a handler after unsubscribe, and refuses a channel name that is not an identifier', async () => {
    const listener = signals();
    const got: string[] = [];
    const kept: string[] = [];
    const stop = await listener.subscribe('confab_test_c', (p) => got.push(p!));
    await listener.subscribe('confab_test_c', (p) => kept.push(p!));
    stop();
    await signals().notify('confab_test_c', 'x');
    await eventually(() => expect(kept).toEqual(['x']));
    expect(got).toEqual([]);
    await expect(listener.subscribe('bad; drop table x', () => undefined)).rejects.toThrow('Invalid signal channel');
  });

  it('tells every subscriber its state may be stale (undefined) after the listening connection was lost and reopened', async () => {
    const listener = signals();
    const got: Array<string | undefined> = [];
    await listener.subscribe('confab_test_d', (p) => got.push(p));
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'confab-signals' and datname = current_database()`);
    } finally {
      await admin.end();
    }
    await eventually(() => expect(got).toContain(undefined), { timeoutMs: 10_000 });
    // Listening again: a signal after the reconnect arrives.
    await signals().notify('confab_test_d', 'after');
    await eventually(() => expect(got).toContain('after'), { timeoutMs: 5_000 });
  });
});
