import { randomBytes, randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/core';
import { Db, migrateDatabase, PersistenceModule, SecretBox } from '@confab/persistence';
import { NotFound, type PluginRegistry } from '@confab/plugin-sdk';
import { createTestDatabase, queryDatabase, type TestDatabase } from '@confab/testing';
import { ChannelConnection } from '../../entities/channel-connection.entity';
import { Conversation } from '../../entities/conversation.entity';
import { Customer, CustomerIdentityRecord } from '../../entities/customer.entity';
import { Message } from '../../entities/message.entity';
import { ToolCall } from '../../entities/tool-call.entity';
import { Task } from '../../entities/task.entity';
import { GetConversation, GetConversationHandler } from './get-conversation.handler';

describe('GetConversation on a real database', () => {
  let db: TestDatabase;
  let ref: TestingModule;
  const tenantId = randomUUID();
  const connectionId = randomUUID();
  const conversationId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url, []);
    const assistantId = randomUUID();
    const customerId = randomUUID();
    await queryDatabase(db.url, `insert into tenants (id, name) values ($1, 'T')`, [tenantId]);
    await queryDatabase(db.url, `insert into assistants (id, tenant_id, name, system_prompt, model) values ($1, $2, 'A', 'x', 'gpt-4o-mini')`, [assistantId, tenantId]);
    await queryDatabase(db.url, `insert into channel_connections (id, tenant_id, type, assistant_id, name) values ($1, $2, 'test', $3, 'C')`, [connectionId, tenantId, assistantId]);
    await queryDatabase(db.url, `insert into customers (id, tenant_id) values ($1, $2)`, [customerId, tenantId]);
    await queryDatabase(
      db.url,
      `insert into conversations (id, tenant_id, channel, connection_id, assistant_id, customer_id, message_count) values ($1, $2, 'test', $3, $4, $5, 1)`,
      [conversationId, tenantId, connectionId, assistantId, customerId],
    );
    await queryDatabase(
      db.url,
      `insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, reply_state, created_at)
       values ($1, $2, $3, $4, 'inbound', 'customer', 'Hi', 'pending', now() - interval '1 minute')`,
      [randomUUID(), tenantId, conversationId, connectionId],
    );
    ref = await Test.createTestingModule({
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({
          databaseUrl: db.url,
          entities: [ChannelConnection, Customer, CustomerIdentityRecord, Conversation, Message, ToolCall, Task],
          secrets: new SecretBox(randomBytes(32)),
          relay: { pollMs: 60_000, enabled: false },
        }),
      ],
    }).compile();
    await ref.init();
  });
  afterAll(async () => {
    await ref?.close();
    await db?.drop();
  });

  it('reads the conversation and its messages from one snapshot, even when a reply commits between the reads', async () => {
    // Commit a reply (message + running totals, as recordReply does) right after the conversation row is read.
    const findOne = EntityManager.prototype.findOne;
    let replied = false;
    const spy = jest.spyOn(EntityManager.prototype, 'findOne').mockImplementation(async function (this: EntityManager, ...args: Parameters<EntityManager['findOne']>) {
      const found = await findOne.apply(this, args);
      if (!replied && args[0] === Conversation) {
        replied = true;
        await queryDatabase(
          db.url,
          `with reply as (
             insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, cost_micros, delivery_status)
             values (gen_random_uuid(), $1, $2, $3, 'outbound', 'assistant', 'Hello!', 1200, 'pending') returning cost_micros)
           update conversations set message_count = message_count + 1, total_cost_micros = total_cost_micros + (select cost_micros from reply) where id = $2`,
          [tenantId, conversationId, connectionId],
        );
      }
      return found;
    });
    try {
      const handler = new GetConversationHandler(ref.get(Db), { hasChannel: () => false } as unknown as PluginRegistry);
      const before = await handler.execute(new GetConversation(tenantId, conversationId));
      expect(replied).toBe(true);
      const costOf = (d: typeof before) => d.messages.reduce((sum, m) => sum + m.cost.micros, 0);
      expect(before.messages).toHaveLength(before.messageCount);
      expect(before.totalCost.micros).toBe(costOf(before));
      expect(before).toMatchObject({ messageCount: 1, messages: [{ author: 'customer' }] });
      const after = await handler.execute(new GetConversation(tenantId, conversationId));
      expect(after.messages).toHaveLength(after.messageCount);
      expect(after.totalCost.micros).toBe(1200);
      expect(after.messages.map((m) => m.author)).toEqual(['customer', 'assistant']);
    } finally {
      spy.mockRestore();
    }
  });

  it('still answers only within the tenant', async () => {
    const handler = new GetConversationHandler(ref.get(Db), { hasChannel: () => false } as unknown as PluginRegistry);
    await expect(handler.execute(new GetConversation(randomUUID(), conversationId))).rejects.toBeInstanceOf(NotFound);
  });
});
