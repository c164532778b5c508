import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '@confab/persistence';
import { createTestDatabase, eventually, queryDatabase, type TestDatabase } from '@confab/testing';
import { MetricsPool } from '../metrics-pool';
import type { MetricsOptions } from '../metrics.options';
import { MetricsQuery } from '../query/metrics-query';
import { MetricsProjector } from './metrics-projector';
import { hasDueEvents } from './projection-store';

/** The projector against a real database: events that commit out of id order, a batch that fails, two projectors. */
describe('metrics projector on a real database', () => {
  let db: TestDatabase;
  const pools: MetricsPool[] = [];

  function projector(batchSize = 3): { projector: MetricsProjector; query: MetricsQuery } {
    const options: MetricsOptions = { databaseUrl: db.url, worker: false, pollMs: 50, batchSize };
    const pool = new MetricsPool(options);
    pools.push(pool);
    return { projector: new MetricsProjector(pool, options), query: new MetricsQuery(pool) };
  }

  /** A conversation's start and customer messages as the core logs them, written by `client` (its transaction). */
  async function logChat(client: Client | string, tenantId: string, messages: number, at = new Date()): Promise<string> {
    const conversationId = randomUUID();
    const rows: Array<[string, Record<string, unknown>]> = [
      ['ConversationStarted', { tenantId, conversationId, channel: 'api', assistantId: ASSISTANT, customerId: randomUUID(), tags: [], startedAt: at.toISOString() }],
      ...Array.from({ length: messages }, () => ['CustomerMessageReceived', { tenantId, conversationId, messageId: randomUUID(), wantsReply: true, sentAt: at.toISOString(), expectsReply: true }] as [string, Record<string, unknown>]),
    ];
    for (const [type, payload] of rows) {
      const sql = `insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload) values ($1, 'conversation', $2, $3, $4)`;
      const params = [tenantId, conversationId, type, JSON.stringify(payload)];
      if (typeof client === 'string') await queryDatabase(client, sql, params);
      else await client.query(sql, params);
    }
    return conversationId;
  }

  /**
   * Runs the projector until its checkpoint reaches the end of the log. One run can stop short: any transaction
   * with a transaction id (autovacuum's ANALYZE too) holds the horizon back for a moment.
   */
  async function drain(p: MetricsProjector): Promise<void> {
    await eventually(async () => {
      await p.catchUp();
      const [row] = await queryDatabase<{ behind: boolean }>(
        db.url,
        "select (select max(id) from domain_events) > (select last_event_id from projection_checkpoints where name = 'metrics') as behind",
      );
      expect(row.behind).toBe(false);
    });
  }

  const ASSISTANT = randomUUID();
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const totals = async (query: MetricsQuery, tenantId: string) => (await query.run(tenantId, { from: today(), to: today() })).totals;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, []);
  });
  afterAll(async () => {
    for (const pool of pools) await pool.onApplicationShutdown();
    await db?.drop();
  });

  it('never skips an event whose transaction commits after a later id was applied', async () => {
    const tenantId = randomUUID();
    const { projector: p, query } = projector();
    const slow = new Client({ connectionString: db.url });
    await slow.connect();
    await slow.query('begin');
    // The slow transaction takes the lower ids; a quick one takes higher ids and commits first.
    await logChat(slow, tenantId, 1);
    await logChat(db.url, tenantId, 2);

    await p.catchUp();
    expect(await totals(query, tenantId)).toMatchObject({ chats: 0, customerMessages: 0 }); // held back, not skipped
    await slow.query('commit');
    await slow.end();
    await drain(p);
    expect(await totals(query, tenantId)).toMatchObject({ chats: 2, customerMessages: 3, unanswered: 3 });
  });

  it('rolls a failed batch back with its checkpoint, then applies it exactly once', async () => {
    const tenantId = randomUUID();
    const { projector: p, query } = projector();
    await drain(p);
    await logChat(db.url, tenantId, 4);
    const checkpoint = () => queryDatabase<{ id: string }>(db.url, "select last_event_id::text as id from projection_checkpoints where name = 'metrics'");
    const before = await checkpoint();
    // A fault after the state rows were written and before the rollups: the batch's transaction must undo both.
    await queryDatabase(db.url, 'alter table metrics_rollups rename to metrics_rollups_away');
    await eventually(() => expect(p.catchUp()).rejects.toThrow(/metrics_rollups/));
    await queryDatabase(db.url, 'alter table metrics_rollups_away rename to metrics_rollups');
    expect(await checkpoint()).toEqual(before);
    expect(await queryDatabase(db.url, 'select 1 from metrics_messages where tenant_id = $1', [tenantId])).toEqual([]);
    await drain(p);
    await p.catchUp();
    expect(await totals(query, tenantId)).toMatchObject({ chats: 1, customerMessages: 4 });
  });

  it('lets two projectors race over the same events without counting anything twice', async () => {
    const tenantId = randomUUID();
    const one = projector(2);
    const two = projector(2);
    for (let i = 0; i < 10; i++) await logChat(db.url, tenantId, 2);
    await Promise.all([one.projector.catchUp(), two.projector.catchUp(), one.projector.catchUp(), two.projector.catchUp()]);
    await drain(one.projector);
    expect(await totals(one.query, tenantId)).toMatchObject({ chats: 10, customerMessages: 20 });
  });
  it('checks for due events by walking the index from the checkpoint, not by scanning the log', async () => {
    const { projector: p } = projector(500);
    const tenantId = randomUUID();
    // A log as a busy installation writes it: many transactions of a few events each.
    await queryDatabase(
      db.url,
      `do $$ begin
         for i in 1..2000 loop
           insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload)
           select '${tenantId}', 'conversation', gen_random_uuid(), 'OutboundMessageSent', '{}'::jsonb from generate_series(1, 3);
           commit;
         end loop;
       end $$`,
    );
    await drain(p);
    await queryDatabase(db.url, 'analyze domain_events');
    const plans: string[] = [];
    const due = await hasDueEvents(async (sql, params) => {
      const [plan] = await queryDatabase<{ 'QUERY PLAN': unknown }>(db.url, `explain (analyze, format json) ${sql}`, params);
      plans.push(JSON.stringify(plan['QUERY PLAN']));
      return queryDatabase<{ due: boolean }>(db.url, sql, params);
    });
    expect(due).toBe(false);
    // A scan of the whole log per poll grows with the log; the index range stays at the events past the checkpoint.
    const scans = [...plans[0].matchAll(/"Node Type":"([^"]+)"[^{}]*?"Relation Name":"domain_events"/g)].map((m) => m[1]);
    expect(scans).toEqual([expect.stringMatching(/^Index (Only )?Scan$/)]);
  });
});
