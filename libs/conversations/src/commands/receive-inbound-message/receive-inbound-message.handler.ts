import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Db } from '@confab/persistence';
import { NotFound, PluginRegistry, type AcceptedMessage, type LiveMessage, type Connection, type InboundMessage } from '@confab/plugin-sdk';
import { findInboundContext } from './inbound-context';
import { storeInboundMessage, type StoredConversationState } from './store-inbound-message';
import { ReceiveInboundMessage } from './receive-inbound-message.command';
import { Logger, Optional } from '@nestjs/common';
import { JobScheduler } from '../../queues/reply-scheduler';
import { LivePublisher } from '../../live/live-publisher';
import { liveConversation } from '../../live/live-views';

/**
 * Two statements and no transaction around them, since this runs for every customer message: one reads what is
 * known (dedupe on (connection, provider message id), the customer by identity, the open or aimed conversation),
 * one writes everything (customer, conversation, message, service window, variables, events) and is atomic by
 * itself. Two deliveries of one message racing each other meet the unique index; the loser runs again and reports
 * a duplicate. A change to the conversation between the two (a hand-over, a close) gives the outcome of the
 * message having come just before it: the reply job checks the owner again under the conversation's lock, and the
 * write adds to counters rather than overwriting them. Without BEGIN and COMMIT a webhook is three round trips
 * instead of five (docs/benchmarks.md).
 *
 * A message that wants a reply has it queued here, right after the commit, not by the relay: that leg cost a NOTIFY,
 * an outbox row, a claim and a dispatch per message. Its event is logged unrelayed (scheduledOnReceipt). Should
 * this process die, or Redis refuse the job, between the commit and the queueing, the message stays 'pending' and
 * PendingWorkSweeper queues its reply about a minute later; nothing is lost.
 */
@CommandHandler(ReceiveInboundMessage)
export class ReceiveInboundMessageHandler implements ICommandHandler<ReceiveInboundMessage> {
  private readonly logger = new Logger('ReceiveInboundMessage');

  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly scheduler: JobScheduler,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async execute({ connection, message }: ReceiveInboundMessage): Promise<AcceptedMessage> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { conversation, reply, ...accepted } = await this.receive(connection, message);
        if (reply) this.queueReply(connection.tenantId, accepted, reply.assistantId);
        if (!accepted.duplicate) this.publish(connection.tenantId, message, accepted, conversation ?? null);
        return accepted;
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException) || attempt >= 2) throw err;
        // A concurrent delivery of the same message or a new customer's first messages: the retry finds their rows.
      }
    }
  }

  /** Not awaited: the provider's acknowledgement does not wait for Redis, and a failure is the sweeper's to repair. */
  private queueReply(tenantId: string, { conversationId, messageId }: AcceptedMessage, assistantId: string | null): void {
    this.scheduler
      .scheduleCustomerReply({ tenantId, conversationId }, messageId, null, assistantId) // 'queued' stamped by the insert
      .catch((err: Error) =>
        this.logger.warn({ msg: 'Could not queue a reply; the pending-work sweep will queue it', tenantId, conversationId, messageId, error: err.message }),
      );
  }

  /** After the commit, from what the statement returned: no read is added to the busiest path. */
  private publish(tenantId: string, message: InboundMessage, stored: AcceptedMessage, conversation: StoredConversationState | null): void {
    if (!this.live?.enabled) return;
    const { conversationId } = stored;
    const data: LiveMessage = {
      id: stored.messageId, turnId: null, author: 'customer', text: message.text ?? '', createdAt: message.sentAt.toISOString(), status: null, agentName: null, costMicros: null,
    };
    const events: Parameters<LivePublisher['publish']> = [{ type: 'message.created', tenantId, conversationId, data }];
    if (conversation) events.push({ type: 'conversation.updated', tenantId, conversationId, data: liveConversation(conversation) });
    void this.live.publish(...events);
  }

  private async receive(
    connection: Connection<any>,
    message: InboundMessage,
  ): Promise<AcceptedMessage & { conversation?: StoredConversationState | null; reply?: { assistantId: string | null } }> {
    const found = await findInboundContext(this.db, connection, message);
    if (found.duplicate) return { conversationId: found.duplicate.conversationId, messageId: found.duplicate.id, duplicate: true };
    // A message aimed at a known conversation (test chats) belongs to that conversation's customer.
    if (message.conversationId && !found.conversation) throw new NotFound('conversation', message.conversationId);
    const hours = this.registry.channel(connection.type).plugin.capabilities.serviceWindowHours;
    const stored = await storeInboundMessage(this.db, connection, message, found, hours);
    return { ...stored, duplicate: false };
  }
}
