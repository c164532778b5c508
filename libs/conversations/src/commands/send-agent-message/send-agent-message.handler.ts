import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import { Conflict, NotFound, PluginRegistry } from '@confab/plugin-sdk';
import { FOR_UPDATE } from '../../domain/locking';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { AgentMessageSent } from '../../events/conversation.events';
import { handOver, type ActingOperator } from '../../domain/conversation-ops';

export class SendAgentMessage extends Command<{ messageId: string }> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly text: string,
    readonly agentName?: string,
    /** The signed-in operator; their name is the author name, whatever agentName says. */
    readonly operator?: ActingOperator,
  ) {
    super();
  }
}

/**
 * A human writes in the conversation. That pauses the AI (X7: a human reply from anywhere takes over); the send
 * is refused up front when the channel's service window is closed.
 */
@CommandHandler(SendAgentMessage)
export class SendAgentMessageHandler implements ICommandHandler<SendAgentMessage> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  async execute({ tenantId, conversationId, text, agentName, operator }: SendAgentMessage): Promise<{ messageId: string }> {
    return this.db.transaction(tenantId, async (em) => {
      const conversation = await em.findOne(Conversation, { id: conversationId }, FOR_UPDATE);
      if (!conversation) throw new NotFound('conversation', conversationId);
      const hours = this.registry.channel(conversation.channel).plugin.capabilities.serviceWindowHours;
      if (hours && (!conversation.serviceWindowExpiresAt || conversation.serviceWindowExpiresAt <= new Date())) {
        throw new Conflict(
          'SERVICE_WINDOW_CLOSED',
          `The ${hours}-hour customer service window of this conversation is closed, so free-form messages are refused. Send an approved template message instead.`,
          { expiresAt: conversation.serviceWindowExpiresAt?.toISOString() ?? null },
        );
      }
      const message = Object.assign(new Message(), {
        tenantId,
        conversationId,
        connectionId: conversation.connectionId,
        direction: 'outbound' as const,
        author: 'agent' as const,
        text,
        deliveryStatus: 'pending' as const,
        metadata: operator ? { agentName: operator.name, operatorId: operator.id } : agentName ? { agentName } : {},
      });
      em.persist(message);
      conversation.messageCount += 1;
      conversation.lastMessageAt = message.createdAt;
      const events = [];
      const handedOver = await handOver(em, conversation, operator ? `${operator.name} replied` : 'An agent replied', 'agent', undefined, operator);
      if (handedOver) events.push(handedOver);
      events.push(new AgentMessageSent(tenantId, conversationId, message.id, 'agent', operator ? { id: operator.id, name: operator.name } : null));
      appendEvents(em, ...events);
      return { messageId: message.id };
    });
  }
}
