import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import { UsageRecord } from '@confab/assistants';
import type { Connection, TemplateSendRequest } from '@confab/plugin-sdk';
import { Message } from '../../entities/message.entity';
import { TemplateMessageQueued } from '../../events/conversation.events';
import { openConversationFor } from '../../domain/conversation-ops';
import { mergeVariables } from '../../domain/variables';
import { resolveCustomer } from '../receive-inbound-message/customer-resolver';
import type { ConversationEvent } from '../../events/conversation-event';
import { templateText } from './template-text';

export class SendTemplateMessage extends Command<{ conversationId: string; messageId: string }> {
  constructor(readonly connection: Connection<any>, readonly request: TemplateSendRequest) {
    super();
  }
}

/**
 * A business-initiated message: continues the customer's open conversation or starts one, stores the template
 * as an outbound message (the text shown is the rendered template name and parameters), records the expected fee
 * and queues the send. Variables handed in land with source 'api'.
 */
@CommandHandler(SendTemplateMessage)
export class SendTemplateMessageHandler implements ICommandHandler<SendTemplateMessage> {
  constructor(private readonly db: Db) {}

  async execute({ connection, request }: SendTemplateMessage) {
    return this.db.transaction(connection.tenantId, async (em) => {
      const tenantId = connection.tenantId;
      const customer = await resolveCustomer(em, tenantId, request.to, request.displayName);
      const events: ConversationEvent[] = [];
      const now = new Date();
      const { conversation, started } = await openConversationFor(em, connection, customer, { identifier: request.to[0]?.value ?? null, name: request.displayName, at: now });
      if (started) events.push(started);
      if (request.variables) conversation.variables = mergeVariables(conversation.variables, request.variables, 'api', now);
      const { template } = request;
      const message = Object.assign(new Message(), {
        tenantId, conversationId: conversation.id, connectionId: connection.id, direction: 'outbound' as const, author: 'system' as const,
        text: templateText(template),
        deliveryStatus: 'pending' as const, metadata: { template, businessInitiated: true }, createdAt: now,
      });
      em.persist(message);
      const charge = request.estimatedCharge;
      if (charge) {
        message.costMicros = charge.costMicros;
        conversation.totalCostMicros += charge.costMicros;
        em.persist(Object.assign(new UsageRecord(), {
          tenantId, kind: 'channel_fee' as const, assistantId: conversation.assistantId, conversationId: conversation.id, messageId: message.id,
          model: `${connection.type}:${charge.category}`, costMicros: charge.costMicros, currency: charge.currency, priceRef: `${charge.priceRef} (estimate)`,
        }));
      }
      conversation.messageCount += 1;
      conversation.lastMessageAt = now;
      events.push(new TemplateMessageQueued(tenantId, conversation.id, message.id, charge?.costMicros ?? 0));
      appendEvents(em, ...events);
      return { conversationId: conversation.id, messageId: message.id };
    });
  }
}
