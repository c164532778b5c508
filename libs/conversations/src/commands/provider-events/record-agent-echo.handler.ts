import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import type { AgentEcho, Connection } from '@confab/plugin-sdk';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { AgentEchoRecorded, ConversationHandedOver, ConversationStarted } from '../../events/conversation.events';
import { FOR_UPDATE } from '../../domain/locking';
import { resolveCustomer } from '../receive-inbound-message/customer-resolver';
import type { ConversationEvent } from '../../events/conversation-event';

export class RecordAgentEcho extends Command<{ conversationId: string | null; duplicate: boolean }> {
  constructor(
    readonly connection: Connection<any>,
    readonly echo: AgentEcho,
  ) {
    super();
  }
}

/**
 * A person wrote from the provider's own app (WhatsApp Business app in coexistence). It is stored as an agent
 * message that is already sent, never re-sent, never opens the service window, and by default pauses the AI.
 */
@CommandHandler(RecordAgentEcho)
export class RecordAgentEchoHandler implements ICommandHandler<RecordAgentEcho> {
  constructor(private readonly db: Db) {}

  async execute({ connection, echo }: RecordAgentEcho) {
    return this.db.transaction(connection.tenantId, async (em) => {
      const seen = await em.findOne(Message, { connectionId: connection.id, direction: 'outbound', providerMessageId: echo.providerMessageId });
      if (seen) return { conversationId: seen.conversationId, duplicate: true };
      const tenantId = connection.tenantId;
      const customer = await resolveCustomer(em, tenantId, echo.customer.identities, undefined);
      const events: ConversationEvent[] = [];
      let conversation = await em.findOne(Conversation, { connectionId: connection.id, customerId: customer.id, status: 'open' }, { orderBy: { createdAt: 'desc' }, ...FOR_UPDATE });
      if (!conversation) {
        conversation = Object.assign(new Conversation(), {
          tenantId, channel: connection.type, connectionId: connection.id, assistantId: connection.assistantId, customerId: customer.id,
          customerIdentifier: echo.customer.identities[0]?.value ?? null, customerName: customer.displayName ?? null, lastMessageAt: echo.sentAt,
        });
        await em.persist(conversation).flush();
        events.push(new ConversationStarted(tenantId, conversation.id, connection.type, connection.assistantId, customer.id, []));
      }
      const message = Object.assign(new Message(), {
        tenantId, conversationId: conversation.id, connectionId: connection.id, direction: 'outbound' as const, author: 'agent' as const,
        text: echo.text ?? null, attachments: echo.attachments ?? [], providerMessageId: echo.providerMessageId,
        deliveryStatus: 'sent' as const, sentAt: echo.sentAt, createdAt: echo.sentAt, metadata: { source: 'provider_app' },
      });
      em.persist(message);
      conversation.messageCount += 1;
      if (!conversation.lastMessageAt || echo.sentAt > conversation.lastMessageAt) conversation.lastMessageAt = echo.sentAt;
      if (echo.pauseAi && conversation.owner === 'ai') {
        Object.assign(conversation, { owner: 'human', handoffReason: 'A colleague replied from the provider app', handedOverAt: new Date() });
        await em.nativeUpdate(Message, { conversationId: conversation.id, replyState: 'pending' }, { replyState: 'skipped', replyError: 'handed_over' });
        events.push(new ConversationHandedOver(tenantId, conversation.id, 'A colleague replied from the provider app', 'channel'));
      }
      events.push(new AgentEchoRecorded(tenantId, conversation.id, message.id));
      appendEvents(em, ...events);
      return { conversationId: conversation.id, duplicate: false };
    });
  }
}
