import { Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import type { Connection, StartConversationInput } from '@confab/plugin-sdk';
import { Conversation } from '../../entities/conversation.entity';
import { ConversationStarted } from '../../events/conversation.events';
import { mergeVariables } from '../../domain/variables';
import { resolveCustomer } from '../receive-inbound-message/customer-resolver';
import { LivePublisher } from '../../live/live-publisher';
import { liveConversation } from '../../live/live-views';

export class StartConversation extends Command<{ conversationId: string }> {
  constructor(
    readonly connection: Connection<any>,
    readonly input: StartConversationInput,
  ) {
    super();
  }
}

@CommandHandler(StartConversation)
export class StartConversationHandler implements ICommandHandler<StartConversation> {
  constructor(
    private readonly db: Db,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async execute({ connection, input }: StartConversation): Promise<{ conversationId: string }> {
    const conversation = await this.db.transaction(connection.tenantId, async (em) => {
      const customer = await resolveCustomer(em, connection.tenantId, input.customer.identities, input.customer.displayName);
      const now = new Date();
      const conversation = Object.assign(new Conversation(), {
        tenantId: connection.tenantId,
        channel: connection.type,
        connectionId: connection.id,
        assistantId: connection.assistantId,
        customerId: customer.id,
        customerIdentifier: input.customer.identities[0]?.value ?? null,
        customerName: input.customer.displayName ?? customer.displayName ?? null,
        tags: input.tags ?? [],
        variables: input.variables ? mergeVariables({}, input.variables, 'api', now) : {},
        assistantDraft: input.assistantDraft ?? null,
        lastMessageAt: now,
        createdAt: now,
      });
      em.persist(conversation);
      appendEvents(em, new ConversationStarted(connection.tenantId, conversation.id, connection.type, connection.assistantId, customer.id, conversation.tags, now.toISOString()));
      return conversation;
    });
    // A test chat is opened before its first message: the dashboard's list shows it at once. Other conversations
    // appear with their first message, which is published with it.
    if (conversation.tags.includes('test')) {
      await this.live?.publish({ tenantId: connection.tenantId, conversationId: conversation.id, type: 'conversation.updated', data: liveConversation(conversation) });
    }
    return { conversationId: conversation.id };
  }
}
