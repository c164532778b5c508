import { Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import { NO_PIPELINE_METRICS, PipelineMetrics, type Connection, type DeliveryStatusUpdate } from '@confab/plugin-sdk';
import { FOR_UPDATE } from '../../domain/locking';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { DeliveryStatusChanged, OutboundMessageFailed } from '../../events/conversation.events';
import { advancesDelivery } from '../../domain/delivery-status';
import type { ConversationEvent } from '../../events/conversation-event';
import { reconcileChannelFee } from './reconcile-channel-fee';
import { closeServiceWindow } from '../../domain/conversation-ops';

export class RecordDeliveryStatus extends Command<{ applied: boolean }> {
  constructor(
    readonly connection: Connection<any>,
    readonly update: DeliveryStatusUpdate,
  ) {
    super();
  }
}

/** Applies a provider status report if it moves the message forward; stale and unknown reports change nothing. */
@CommandHandler(RecordDeliveryStatus)
export class RecordDeliveryStatusHandler implements ICommandHandler<RecordDeliveryStatus> {
  constructor(
    private readonly db: Db,
    @Optional() private readonly pipeline: PipelineMetrics = NO_PIPELINE_METRICS,
  ) {}

  async execute({ connection, update }: RecordDeliveryStatus): Promise<{ applied: boolean }> {
    let failure: { channel: string; code: string } | undefined;
    const outcome = await this.db.transaction(connection.tenantId, async (em) => {
      const message = await em.findOne(Message, { connectionId: connection.id, direction: 'outbound', providerMessageId: update.providerMessageId }, FOR_UPDATE);
      if (!message) return { applied: false };
      const conversation = await em.findOneOrFail(Conversation, { id: message.conversationId }, FOR_UPDATE);
      const events: ConversationEvent[] = [];
      // Price reports and window closures count even when the status itself is stale (they arrive out of order).
      if (update.charge !== undefined) {
        const fee = await reconcileChannelFee(em, message, conversation, update.charge);
        if (fee) events.push(fee);
      }
      if (update.closesServiceWindow) closeServiceWindow(conversation);
      const advances = advancesDelivery(message.deliveryStatus, update.status);
      if (advances) {
        message.deliveryStatus = update.status;
        if (update.status === 'sent') message.sentAt ??= update.at;
        if (update.status === 'delivered') message.deliveredAt = update.at;
        if (update.status === 'read') {
          message.readAt = update.at;
          message.deliveredAt ??= update.at;
        }
        if (update.metadata) message.metadata = { ...message.metadata, delivery: update.metadata };
        events.push(new DeliveryStatusChanged(connection.tenantId, message.conversationId, message.id, update.status, update.at.toISOString()));
        if (update.status === 'failed') {
          message.failedAt = update.at;
          message.error = { ...(update.error ?? { code: 'UNKNOWN', title: 'The provider reported a failure' }), retryable: false };
          conversation.failedDeliveries += 1;
          events.push(new OutboundMessageFailed(connection.tenantId, message.conversationId, message.id, message.error.code, message.error.title));
          failure = { channel: conversation.channel, code: message.error.code };
        }
      }
      appendEvents(em, ...events);
      return { applied: advances };
    });
    // Counted once committed: a rolled-back transaction (a lost race) reports nothing.
    if (failure) this.pipeline.deliveryFailed(failure.channel, failure.code);
    return outcome;
  }
}
