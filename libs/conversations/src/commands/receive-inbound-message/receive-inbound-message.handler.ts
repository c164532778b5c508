import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEvents, Db } from '@confab/persistence';
import { NotFound, PluginRegistry, type AcceptedMessage, type Connection, type InboundMessage } from '@confab/plugin-sdk';
import { FOR_UPDATE } from '../../domain/locking';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { Customer } from '../../entities/customer.entity';
import { CustomerMessageReceived } from '../../events/conversation.events';
import type { ConversationEvent } from '../../events/conversation-event';
import { openConversationFor } from '../../domain/conversation-ops';
import { refreshWindow } from '../../domain/service-window';
import { mergeVariables } from '../../domain/variables';
import { resolveCustomer } from './customer-resolver';
import { ReceiveInboundMessage } from './receive-inbound-message.command';

/**
 * One transaction: dedupe on (connection, provider message id), find or create the customer and the open
 * conversation, store the message, refresh the service window, log the events. Two deliveries of one message
 * racing each other meet the unique index; the loser reports a duplicate.
 */
@CommandHandler(ReceiveInboundMessage)
export class ReceiveInboundMessageHandler implements ICommandHandler<ReceiveInboundMessage> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  async execute({ connection, message }: ReceiveInboundMessage): Promise<AcceptedMessage> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(connection.tenantId, (em) => this.receive(em, connection, message));
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException) || attempt >= 2) throw err;
        // A concurrent delivery of the same message or a new customer's first messages: the retry finds their rows.
      }
    }
  }

  private async receive(em: EntityManager, connection: Connection<any>, message: InboundMessage): Promise<AcceptedMessage> {
    const duplicate = await em.findOne(Message, { connectionId: connection.id, direction: 'inbound', providerMessageId: message.providerMessageId });
    if (duplicate) return { conversationId: duplicate.conversationId, messageId: duplicate.id, duplicate: true };

    const tenantId = connection.tenantId;
    // A message aimed at a known conversation (test chats) belongs to that conversation's customer.
    const aimed = message.conversationId ? await em.findOne(Conversation, { id: message.conversationId, connectionId: connection.id }, FOR_UPDATE) : null;
    if (message.conversationId && !aimed) throw new NotFound('conversation', message.conversationId);
    const customer = aimed && !message.customer.identities.length
      ? await em.findOneOrFail(Customer, { id: aimed.customerId })
      : await resolveCustomer(em, tenantId, message.customer.identities, message.customer.displayName);

    const events: ConversationEvent[] = [];
    let conversation = aimed;
    if (!conversation) {
      const opened = await openConversationFor(em, connection, customer, {
        identifier: message.customer.identities[0]?.value ?? null,
        name: message.customer.displayName,
        at: message.sentAt,
      });
      conversation = opened.conversation;
      if (opened.started) events.push(opened.started);
    }
    if (message.customer.displayName) conversation.customerName = message.customer.displayName;

    const wantsReply = message.expectsReply !== false && conversation.owner === 'ai';
    const stored = Object.assign(new Message(), {
      tenantId,
      conversationId: conversation.id,
      connectionId: connection.id,
      direction: 'inbound' as const,
      author: 'customer' as const,
      text: message.text ?? null,
      attachments: message.attachments ?? [],
      providerMessageId: message.providerMessageId,
      replyToProviderMessageId: message.replyToProviderMessageId ?? null,
      replyState: message.expectsReply === false ? null : wantsReply ? ('pending' as const) : ('skipped' as const),
      replyError: message.expectsReply !== false && !wantsReply ? 'handed_over' : null,
      metadata: message.metadata ?? {},
      createdAt: message.sentAt,
    });
    em.persist(stored);

    const hours = this.registry.channel(connection.type).plugin.capabilities.serviceWindowHours;
    if (hours) conversation.serviceWindowExpiresAt = refreshWindow(conversation.serviceWindowExpiresAt, message.sentAt, hours);
    if (message.variables) conversation.variables = mergeVariables(conversation.variables, message.variables, 'api');
    conversation.messageCount += 1;
    if (!conversation.lastMessageAt || message.sentAt > conversation.lastMessageAt) conversation.lastMessageAt = message.sentAt;
    conversation.lastCustomerMessageAt = message.sentAt;
    if (conversation.status === 'closed') conversation.status = 'open';

    events.push(new CustomerMessageReceived(tenantId, conversation.id, stored.id, wantsReply, message.sentAt.toISOString(), message.expectsReply !== false));
    appendEvents(em, ...events);
    return { conversationId: conversation.id, messageId: stored.id, duplicate: false };
  }
}
