import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { Optional } from '@nestjs/common';
import { Db } from '@confab/persistence';
import type { LiveEvent } from '@confab/plugin-sdk';
import {
  AgentEchoRecorded, AgentMessageSent, AiResumed, ConversationEnded, ConversationHandedOver, ConversationStarted, TemplateMessageQueued,
} from '../events/conversation.events';
import { Conversation } from '../entities/conversation.entity';
import { Message } from '../entities/message.entity';
import { LivePublisher } from './live-publisher';
import { liveConversation, liveMessage } from './live-views';

type Projected = AgentMessageSent | AgentEchoRecorded | TemplateMessageQueued | ConversationHandedOver | AiResumed | ConversationEnded | ConversationStarted;

/**
 * Publishes the changes operators make (agent messages, hand-over, hand-back, close) and the platform's own messages
 * (follow-ups, templates) from the outbox relay, after commit, in whichever process commits them. These are rare, so
 * reading the rows here costs little; the busy path (customer messages, replies, delivery statuses) publishes from
 * its command with what it already holds, so it reads nothing more. A publish that fails is not retried: the live
 * feed is best effort, and an event retried for it would run the event's other reactions again.
 */
@EventsHandler(AgentMessageSent, AgentEchoRecorded, TemplateMessageQueued, ConversationHandedOver, AiResumed, ConversationEnded, ConversationStarted)
export class LiveLifecycleProjector implements IEventHandler<Projected> {
  constructor(
    private readonly db: Db,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async handle(event: Projected): Promise<void> {
    if (!this.live?.enabled) return;
    // A conversation started by a customer's message is published with that message, from the command; only a
    // chat opened before any message (a test chat) needs its own event, so the list shows it at once.
    if (event instanceof ConversationStarted && !event.tags.includes('test')) return;
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
    await this.live.publish(...events);
  }
}
