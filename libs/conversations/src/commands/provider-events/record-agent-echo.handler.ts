import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import type { AgentEcho, Connection } from '@confab/plugin-sdk';
import { Message } from '../../entities/message.entity';
import { AgentEchoRecorded } from '../../events/conversation.events';
import { handOver, openConversationFor } from '../../domain/conversation-ops';
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
      const { conversation, started } = await openConversationFor(em, connection, customer, { identifier: echo.customer.identities[0]?.value ?? null, at: echo.sentAt });
      if (started) events.push(started);
      const message = Object.assign(new Message(), {
        tenantId, conversationId: conversation.id, connectionId: connection.id, direction: 'outbound' as const, author: 'agent' as const,
        text: echo.text ?? null, attachments: echo.attachments ?? [], providerMessageId: echo.providerMessageId,
        deliveryStatus: 'sent' as const, sentAt: echo.sentAt, createdAt: echo.sentAt, metadata: { source: 'provider_app' },
      });
      em.persist(message);
      conversation.messageCount += 1;
      if (!conversation.lastMessageAt || echo.sentAt > conversation.lastMessageAt) conversation.lastMessageAt = echo.sentAt;
      const handedOver = echo.pauseAi ? await handOver(em, conversation, 'A colleague replied from the provider app', 'channel') : null;
      if (handedOver) events.push(handedOver);
      events.push(new AgentEchoRecorded(tenantId, conversation.id, message.id));
      appendEvents(em, ...events);
      return { conversationId: conversation.id, duplicate: false };
    });
  }
}
