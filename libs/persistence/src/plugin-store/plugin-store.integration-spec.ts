import { randomBytes, randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { PluginStore } from '@confab/plugin-sdk';
import { createTestDatabase, queryDatabase, type TestDatabase } from '@confab/testing';
import { PersistenceModule } from '../persistence.module';
import { migrateDatabase } from '../orm-config';
import { SecretBox } from '../secrets/secret-box';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('plugin store transactions and named locks on a real database', () => {
  let db: TestDatabase;
  let ref: TestingModule;
  let store: PluginStore;
  const tenantId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, []);
    await queryDatabase(db.url, 'insert into tenants (id, name) values ($1, $2)', [tenantId, 'T']);
    ref = await Test.createTestingModule({
      imports: [CqrsModule.forRoot(), PersistenceModule.forRoot({ databaseUrl: db.url, entities: [], secrets: new SecretBox(randomBytes(32)), relay: { pollMs: 1000, enabled: false } })],
    }).compile();
    await ref.init();
    store = ref.get(PluginStore);
  });
  afterAll(async () => {
    await ref?.close();
    await db?.drop();
  });

  it('commits every write of a transaction together, with secrets sealed as outside one', async () => {
    await store.transaction(tenantId, async (tx) => {
      await tx.put('things', 'a', { n: 1 }, { token: 's3cret' });
      await tx.putMany('things', [{ id: 'b', data: { n: 2 } }, { id: 'c', data: { n: 3 } }]);
      expect(await tx.insert('things', 'a', { n: 9 })).toBe(false);
      expect((await tx.list('things')).map((d) => d.id)).toEqual(['a', 'b', 'c']);
    });
    expect((await store.get(tenantId, 'things', 'a'))!.secrets).toEqual({ token: 's3cret' });
    expect((await store.list(tenantId, 'things')).map((d) => d.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('leaves nothing behind when the work throws, even after a clear', async () => {
    await expect(
      store.transaction(tenantId, async (tx) => {
        expect(await tx.clear('things')).toBe(3);
        await tx.put('things', 'd', { n: 4 });
        throw new Error('load failed half way');
      }),
    ).rejects.toThrow('load failed half way');
    expect((await store.list(tenantId, 'things')).map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('runs work under one lock name one at a time, releases the lock on failure, and keeps other names apart', async () => {
    const log: string[] = [];
    const holder = (name: string, lock: string, fail = false) =>
      store.transaction(
        tenantId,
        async () => {
          log.push(`${name}:in`);
          await sleep(150);
          log.push(`${name}:out`);
          if (fail) throw new Error(`${name} failed`);
        },
        { lock },
      );
    const results = await Promise.allSettled([holder('first', 'calendar-1', true), sleep(30).then(() => holder('second', 'calendar-1')), sleep(30).then(() => holder('other', 'calendar-2'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    // 'second' waited for 'first' to end (the failure released the lock); 'other' did not wait at all.
    expect(log.indexOf('second:in')).toBeGreaterThan(log.indexOf('first:out'));
    expect(log.indexOf('other:in')).toBeLessThan(log.indexOf('first:out'));
  });

  it('scopes lock names to the tenant', async () => {
    const otherTenant = randomUUID();
    const log: string[] = [];
    const hold = (t: string, name: string) =>
      store.transaction(t, async () => {
        log.push(`${name}:in`);
        await sleep(120);
        log.push(`${name}:out`);
      }, { lock: 'same-name' });
    await Promise.all([hold(tenantId, 'mine'), sleep(20).then(() => hold(otherTenant, 'theirs'))]);
    expect(log.indexOf('theirs:in')).toBeLessThan(log.indexOf('mine:out'));
  });
});
