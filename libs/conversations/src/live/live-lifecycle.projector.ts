import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { Logger, Optional } from '@nestjs/common';
import { Db } from '@confab/persistence';
import type { LiveEvent } from '@confab/plugin-sdk';
import {
  AgentEchoRecorded, AgentMessageSent, AiResumed, ConversationEnded, ConversationHandedOver, TemplateMessageQueued,
} from '../events/conversation.events';
import { Conversation } from '../entities/conversation.entity';
import { Message } from '../entities/message.entity';
import { LivePublisher } from './live-publisher';
import { liveConversation, liveMessage } from './live-views';

type Projected = AgentMessageSent | AgentEchoRecorded | TemplateMessageQueued | ConversationHandedOver | AiResumed | ConversationEnded;

/**
 * Publishes the changes operators make (agent messages, hand-over, hand-back, close) and the platform's own messages
 * (follow-ups, templates) from the outbox relay, after commit, in whichever process commits them. These are rare, so
 * reading the rows here costs little; the busy path (customer messages, replies, delivery statuses, new
 * conversations) publishes from its command with what it already holds, so it reads nothing more. A publish that
 * fails is not retried: the live feed is best effort, and an event retried for it would run the event's other
 * reactions again.
 */
@EventsHandler(AgentMessageSent, AgentEchoRecorded, TemplateMessageQueued, ConversationHandedOver, AiResumed, ConversationEnded)
export class LiveLifecycleProjector implements IEventHandler<Projected> {
  private readonly logger = new Logger('LiveFeed');

  constructor(
    private readonly db: Db,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async handle(event: Projected): Promise<void> {
    const live = this.live;
    if (!live?.enabled) return;
    try {
      await this.project(event, live);
    } catch (err) {
      // Not rethrown: the relay would run the event's other reactions again for a screen that can reload.
      this.logger.warn({ msg: 'Could not publish a live update', type: event.constructor.name, conversationId: event.conversationId, error: (err as Error).message });
    }
  }

  private async project(event: Projected, live: LivePublisher): Promise<void> {
    const em = this.db.forTenant(event.tenantId);
    const conversation = await em.findOne(Conversation, { id: event.conversationId });
    if (!conversation) return;
    const events: Omit<LiveEvent, 'id' | 'at'>[] = [];
    const base = { tenantId: event.tenantId, conversationId: event.conversationId };
    if ('messageId' in event) {
      const message = await em.findOne(Message, { id: event.messageId });
      if (message) events.push({ ...base, type: 'message.created', data: liveMessage(message) });
    }
    events.push({ ...base, type: 'conversation.updated', data: liveConversation(conversation) });
    await live.publish(...events);
  }
}
