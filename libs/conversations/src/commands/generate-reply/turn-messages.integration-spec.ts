import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { buildOrmConfig, migrateDatabase, PreparedSql } from '@confab/persistence';
import { createTestDatabase, queryDatabase, type TestDatabase } from '@confab/testing';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { loadTurnMessages } from './turn-messages';

/**
 * The turn's read maps its rows without the identity map (mapRows); the entities must come out as MikroORM's own
 * mapping makes them, for every column type a conversation and a message have (dates, bigints, jsonb, text[],
 * nulls), from a plain row and from to_jsonb alike.
 */
describe('loadTurnMessages on PostgreSQL', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  const tenantId = randomUUID();
  const conversationId = randomUUID();
  const connectionId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('confab_turn_read');
    await migrateDatabase(db.url, []);
    orm = await MikroORM.init(buildOrmConfig({ clientUrl: db.url, entities: [Conversation, Message] }));
    const customerId = randomUUID();
    await queryDatabase(db.url, `insert into tenants (id, name) values ($1, 'Mapped')`, [tenantId]);
    const assistantId = randomUUID();
    await queryDatabase(db.url, `insert into customers (id, tenant_id) values ($1, $2)`, [customerId, tenantId]);
    // Two identities, the older one second in id order: the turn lists them oldest first, as the send reads them.
    await queryDatabase(db.url, `insert into customer_identities (id, tenant_id, customer_id, kind, value, created_at) values
      ('ffffffff-0000-4000-8000-000000000001', $1, $2, 'wa_id', '4915100000001', now() - interval '1 day'),
      ('00000000-0000-4000-8000-000000000002', $1, $2, 'email', 'a@example.com', now())`, [tenantId, customerId]);
    await queryDatabase(db.url, `insert into assistants (id, tenant_id, name, system_prompt, model) values ($1, $2, 'A', 'x', 'gpt-4o-mini')`, [assistantId, tenantId]);
    await queryDatabase(db.url, `insert into channel_connections (id, tenant_id, type, assistant_id, name) values ($1, $2, 'whatsapp', $3, 'C')`, [connectionId, tenantId, assistantId]);
    await queryDatabase(
      db.url,
      `insert into conversations (id, tenant_id, channel, connection_id, customer_id, assistant_id, status, owner, tags, variables, total_cost_micros, message_count, service_window_expires_at, last_message_at)
       values ($1, $2, 'whatsapp', $3, $4, $5, 'open', 'ai', '{test,vip}', '{"plan": "gold", "n": 3}', 9007199254740, 3, now() + interval '1 day', now())`,
      [conversationId, tenantId, connectionId, customerId, assistantId],
    );
    const message = `insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, reply_state, provider_message_id, metadata, attachments, cost_micros, usage, error, created_at, sent_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now() - $15::interval, $16)`;
    await queryDatabase(db.url, message, [randomUUID(), tenantId, conversationId, connectionId, 'inbound', 'customer', 'Hallo', 'answered', 'wamid.1', '{"k": [1, 2]}', '[]', 0, null, null, '3 minutes', null]);
    await queryDatabase(db.url, message, [randomUUID(), tenantId, conversationId, connectionId, 'outbound', 'assistant', 'Guten Tag', null, 'wamid.2', '{}', '[{"kind": "image", "url": "https://x"}]', 1234567, '{"model": "m", "promptTokens": 5}', '{"code": "131047", "message": "window"}', '2 minutes', new Date('2026-12-07T10:00:00.123Z')]);
    await queryDatabase(db.url, message, [randomUUID(), tenantId, conversationId, connectionId, 'inbound', 'customer', null, 'pending', 'wamid.3', '{"streamReply": true}', '[]', 0, null, null, '1 minute', null]);
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('runs the hot statements on generic plans, so PostgreSQL plans each once per connection', async () => {
    const prepared = new PreparedSql(orm);
    const [row] = await prepared.query<{ mode: string }>(`select current_setting('plan_cache_mode') as mode`).finally(() => prepared.onApplicationShutdown());
    expect(row.mode).toBe('force_generic_plan');
  });

  it('plans a keyed lookup on a small table as an index scan, since the plan outlives the table growing', async () => {
    // About four pages: below the size where the server's default index costs prefer an index to reading it all.
    await queryDatabase(db.url, `create table plan_probe (id int primary key, pad text);
      insert into plan_probe select g, repeat('x', 120) from generate_series(1, 100) g; analyze plan_probe`);
    const prepared = new PreparedSql(orm);
    const plan = await prepared.query<{ 'QUERY PLAN': string }>('explain select pad from plan_probe where id = ?', [7]).finally(() => prepared.onApplicationShutdown());
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using plan_probe_pkey/);
    // The same lookup on the ORM's own connection, at the server's settings, reads the whole table.
    const [server] = await orm.em.getConnection().execute('explain select pad from plan_probe where id = 7');
    expect(Object.values(server)[0]).toMatch(/Seq Scan on plan_probe/);
  });

  it('gives the conversation and its messages with the values em.map gives, without putting them in the identity map', async () => {
    const em = orm.em.fork();
    // The statement runs as the server runs it: a prepared statement on the ORM's pool (Db.query).
    const prepared = new PreparedSql(orm);
    const turn = await loadTurnMessages(prepared, em as never, tenantId, conversationId, 40).finally(() => prepared.onApplicationShutdown());

    const rows = await em.getConnection().execute(`select * from messages where conversation_id = ? order by created_at desc`, [conversationId]);
    const [conversationRow] = await em.getConnection().execute(`select to_jsonb(c) as c from conversations c where id = ?`, [conversationId]);
    const reference = orm.em.fork();
    const expected = { conversation: reference.map(Conversation, conversationRow.c), recent: rows.map((r: Record<string, unknown>) => reference.map(Message, r)) };

    expect(turn!.conversation).toBeInstanceOf(Conversation);
    expect({ ...turn!.conversation }).toEqual({ ...expected.conversation });
    expect(turn!.recent.map((m) => ({ ...m }))).toEqual(expected.recent.map((m) => ({ ...m })));
    expect(turn!.recent[1].sentAt).toEqual(new Date('2026-12-07T10:00:00.123Z'));
    expect(turn!.recent[1].costMicros).toBe(1234567);
    expect(turn!.conversation.totalCostMicros).toBe(9007199254740);
    expect(turn!.pending.map((m) => m.providerMessageId)).toEqual(['wamid.3']);
    expect(turn!.identities).toEqual([{ kind: 'wa_id', value: '4915100000001' }, { kind: 'email', value: 'a@example.com' }]);
    // The conversation rides on the first row only; the entity has no trace of the identities.
    expect('identities' in turn!.conversation).toBe(false);
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });
});
