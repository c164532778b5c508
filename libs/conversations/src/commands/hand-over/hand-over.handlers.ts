import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import { NotFound } from '@confab/plugin-sdk';
import { FOR_UPDATE } from '../../domain/locking';
import { Conversation } from '../../entities/conversation.entity';
import { AiResumed, ConversationEnded } from '../../events/conversation.events';
import { handOver, type ActingOperator } from '../../domain/conversation-ops';

export class HandOverToHuman extends Command<Conversation> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly reason: string,
    readonly by: 'ai' | 'agent' | 'channel',
    readonly operator?: ActingOperator,
  ) {
    super();
  }
}

export class ResumeAi extends Command<Conversation> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly operator?: ActingOperator,
  ) {
    super();
  }
}

/** A human owns the conversation: the AI stops answering, and waiting messages are recorded as handed over. */
@CommandHandler(HandOverToHuman)
export class HandOverToHumanHandler implements ICommandHandler<HandOverToHuman> {
  constructor(private readonly db: Db) {}

  async execute({ tenantId, conversationId, reason, by, operator }: HandOverToHuman): Promise<Conversation> {
    return this.db.transaction(tenantId, async (em) => {
      const conversation = await em.findOne(Conversation, { id: conversationId }, FOR_UPDATE);
      if (!conversation) throw new NotFound('conversation', conversationId);
      const event = await handOver(em, conversation, reason, by, undefined, operator);
      if (event) appendEvents(em, event);
      return conversation;
    });
  }
}

/** Hand-back is explicit: the AI answers the next customer message. */
@CommandHandler(ResumeAi)
export class ResumeAiHandler implements ICommandHandler<ResumeAi> {
  constructor(private readonly db: Db) {}

  async execute({ tenantId, conversationId, operator }: ResumeAi): Promise<Conversation> {
    return this.db.transaction(tenantId, async (em) => {
      const conversation = await em.findOne(Conversation, { id: conversationId }, FOR_UPDATE);
      if (!conversation) throw new NotFound('conversation', conversationId);
      if (conversation.owner === 'ai') return conversation;
      Object.assign(conversation, { owner: 'ai', handoffReason: null, handoffSummary: null, handedOverAt: null, handedOverByOperatorId: null, handedOverByName: null });
      appendEvents(em, new AiResumed(tenantId, conversationId, operator ? { id: operator.id, name: operator.name } : null));
      return conversation;
    });
  }
}

export class CloseConversation extends Command<Conversation> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly reason: string | null,
    readonly operator?: ActingOperator,
  ) {
    super();
  }
}

/** Ends a conversation; the customer's next message opens a new one. Closing twice changes nothing. */
@CommandHandler(CloseConversation)
export class CloseConversationHandler implements ICommandHandler<CloseConversation> {
  constructor(private readonly db: Db) {}

  async execute({ tenantId, conversationId, reason, operator }: CloseConversation): Promise<Conversation> {
    return this.db.transaction(tenantId, async (em) => {
      const conversation = await em.findOne(Conversation, { id: conversationId }, FOR_UPDATE);
      if (!conversation) throw new NotFound('conversation', conversationId);
      if (conversation.status === 'closed') return conversation;
      conversation.status = 'closed';
      appendEvents(em, new ConversationEnded(tenantId, conversationId, reason, operator ? { id: operator.id, name: operator.name } : null));
      return conversation;
    });
  }
}
