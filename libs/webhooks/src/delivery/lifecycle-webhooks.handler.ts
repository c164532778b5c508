import { Logger } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { ConversationEnded, ConversationHandedOver, FollowUpDue, OutboundMessageFailed, PluginEventEmitted, TaskCreated } from '@confab/conversations';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../entities/webhook.entities';
import { WebhookDispatcher } from './webhook-dispatcher';

/** Lifecycle events that tenants can subscribe to; more join as their features land (callbacks, appointments). */
type Reported = ConversationEnded | ConversationHandedOver | OutboundMessageFailed | TaskCreated | FollowUpDue | PluginEventEmitted;

@EventsHandler(ConversationEnded, ConversationHandedOver, OutboundMessageFailed, TaskCreated, FollowUpDue, PluginEventEmitted)
export class LifecycleWebhooksHandler implements IEventHandler<Reported> {
  private readonly logger = new Logger('LifecycleWebhooks');

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  async handle(event: Reported): Promise<void> {
    if (event.eventId === undefined) return;
    try {
      if (event instanceof ConversationHandedOver) {
        await this.dispatcher.dispatch(event.tenantId, 'handoff.requested', event.eventId, { conversationId: event.conversationId, reason: event.reason, by: event.by, operator: event.operator ?? null });
      } else if (event instanceof ConversationEnded) {
        await this.dispatcher.dispatch(event.tenantId, 'conversation.ended', event.eventId, { conversationId: event.conversationId, reason: event.reason, operator: event.operator ?? null });
      } else if (event instanceof PluginEventEmitted) {
        if (!(WEBHOOK_EVENTS as readonly string[]).includes(event.type)) return;
        await this.dispatcher.dispatch(event.tenantId, event.type as WebhookEventType, event.eventId, event.data);
      } else if (event instanceof FollowUpDue) {
        await this.dispatcher.dispatch(event.tenantId, 'follow_up.due', event.eventId, { conversationId: event.conversationId, taskId: event.taskId, outcome: event.outcome });
      } else if (event instanceof TaskCreated) {
        if (event.kind !== 'callback') return;
        await this.dispatcher.dispatch(event.tenantId, 'callback.requested', event.eventId, { conversationId: event.conversationId, taskId: event.taskId, title: event.title, ...event.details });
      } else {
        await this.dispatcher.dispatch(event.tenantId, 'message.failed', event.eventId, { conversationId: event.conversationId, messageId: event.messageId, code: event.code, reason: event.reason });
      }
    } catch (err) {
      // Rethrown so the outbox relay retries the event; deliveries already queued are not doubled on the retry.
      this.logger.warn({ msg: 'Could not queue webhook deliveries; the event will be retried', type: event.constructor.name, error: (err as Error).message });
      throw err;
    }
  }
}
