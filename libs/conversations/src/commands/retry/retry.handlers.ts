import { Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@confab/persistence';
import { Conflict, NotFound } from '@confab/plugin-sdk';
import { FOR_UPDATE } from '../../domain/locking';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { LivePublisher } from '../../live/live-publisher';
import { JobScheduler } from '../../queues/reply-scheduler';

export class RetryReply extends Command<{ retried: number }> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
  ) {
    super();
  }
}

export class RetryDelivery extends Command<{ messageId: string }> {
  constructor(
    readonly tenantId: string,
    readonly messageId: string,
  ) {
    super();
  }
}

/** Puts customer messages whose reply failed back in line and schedules a reply now. */
@CommandHandler(RetryReply)
export class RetryReplyHandler implements ICommandHandler<RetryReply> {
  constructor(
    private readonly db: Db,
    private readonly scheduler: JobScheduler,
  ) {}

  async execute({ tenantId, conversationId }: RetryReply): Promise<{ retried: number }> {
    const retried = await this.db.transaction(tenantId, async (em) => {
      const conversation = await em.findOne(Conversation, { id: conversationId }, FOR_UPDATE);
      if (!conversation) throw new NotFound('conversation', conversationId);
      if (conversation.owner === 'human') throw new Conflict('HANDED_OVER', 'A human owns this conversation; resume the AI first (POST .../resume-ai)');
      // The old reason goes: a retry by hand is a fresh try, given a full attempt even though the reply budget is long spent.
      return em.nativeUpdate(Message, { conversationId, replyState: { $in: ['failed', 'pending'] } }, { replyState: 'pending', answeredByMessageId: null, replyError: null, replyReason: null });
    });
    if (!retried) throw new Conflict('NOTHING_TO_RETRY', 'No customer message in this conversation is waiting for or failed to get a reply');
    await this.scheduler.scheduleReply({ tenantId, conversationId }, `retry-${Date.now()}`, 0);
    return { retried };
  }
}

/** Sends a failed outbound message again through its channel. */
@CommandHandler(RetryDelivery)
export class RetryDeliveryHandler implements ICommandHandler<RetryDelivery> {
  constructor(
    private readonly db: Db,
    private readonly scheduler: JobScheduler,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async execute({ tenantId, messageId }: RetryDelivery): Promise<{ messageId: string }> {
    const attempt = await this.db.transaction(tenantId, async (em) => {
      const message = await em.findOne(Message, { id: messageId, direction: 'outbound' });
      if (!message) throw new NotFound('outbound message', messageId);
      if (message.deliveryStatus !== 'failed') throw new Conflict('NOT_FAILED', `Only failed messages can be retried; this one is ${message.deliveryStatus}`);
      const conversation = await em.findOneOrFail(Conversation, { id: message.conversationId }, FOR_UPDATE);
      conversation.failedDeliveries = Math.max(0, conversation.failedDeliveries - 1);
      Object.assign(message, { deliveryStatus: 'pending', failedAt: null });
      return { attempts: message.sendAttempts, connectionId: message.connectionId, conversationId: message.conversationId };
    });
    await this.scheduler.scheduleSend({ tenantId, messageId, connectionId: attempt.connectionId, conversationId: attempt.conversationId }, attempt.attempts);
    // The failure mark goes away on screens at once; the send's outcome follows as its own message.status.
    void this.live?.publish({ type: 'message.status', tenantId, conversationId: attempt.conversationId, data: { messageId, status: 'queued' } });
    return { messageId };
  }
}
