import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEvents, Db } from '@confab/persistence';
import type { Connection, DeliveryStatusUpdate } from '@confab/plugin-sdk';
import { FOR_UPDATE } from '../../domain/locking';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { DeliveryStatusChanged, OutboundMessageFailed } from '../../events/conversation.events';
import { advancesDelivery } from '../../domain/delivery-status';
import type { ConversationEvent } from '../../events/conversation-event';
import { reconcileChannelFee } from './reconcile-channel-fee';
import { closeServiceWindow } from '../../domain/conversation-ops';
import { applyStatusReport, isPlainStatusReport } from './apply-status-report';

export class RecordDeliveryStatus extends Command<{ applied: boolean }> {
  constructor(
    readonly connection: Connection<any>,
    readonly update: DeliveryStatusUpdate,
  ) {
    super();
  }
}

/** Several reports from one provider callback, applied in one transaction (one commit for the batch). */
export class RecordDeliveryStatuses extends Command<{ applied: boolean[] }> {
  constructor(
    readonly connection: Connection<any>,
    readonly updates: DeliveryStatusUpdate[],
  ) {
    super();
  }
}

/**
 * Applies provider status reports that move a message forward; stale and unknown reports change nothing. Plain
 * status moves (most of the traffic) take one statement each (applyStatusReport); reports that carry a price,
 * a failure or a window closure take the full path below.
 */
@CommandHandler(RecordDeliveryStatus)
export class RecordDeliveryStatusHandler implements ICommandHandler<RecordDeliveryStatus> {
  constructor(private readonly db: Db) {}

  async execute({ connection, update }: RecordDeliveryStatus): Promise<{ applied: boolean }> {
    return this.db.transaction(connection.tenantId, (em) => applyReport(em, connection, update));
  }
}

@CommandHandler(RecordDeliveryStatuses)
export class RecordDeliveryStatusesHandler implements ICommandHandler<RecordDeliveryStatuses> {
  constructor(private readonly db: Db) {}

  async execute({ connection, updates }: RecordDeliveryStatuses): Promise<{ applied: boolean[] }> {
    if (!updates.length) return { applied: [] };
    return this.db.transaction(connection.tenantId, async (em) => {
      const applied: boolean[] = [];
      // In the order given: a provider lists a message's statuses oldest first, and each must see the one before.
      for (const update of updates) applied.push((await applyReport(em, connection, update)).applied);
      return { applied };
    });
  }
}

async function applyReport(em: EntityManager, connection: Connection<any>, update: DeliveryStatusUpdate): Promise<{ applied: boolean }> {
  if (isPlainStatusReport(update)) {
    const outcome = await applyStatusReport(em, connection, update);
    if (!outcome.full) return { applied: outcome.applied };
  }
  return applyFullReport(em, connection, update);
}

/** Everything a report can do: fee reconciliation, window closure, failure counters; several ORM round trips. */
async function applyFullReport(em: EntityManager, connection: Connection<any>, update: DeliveryStatusUpdate): Promise<{ applied: boolean }> {
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
    }
  }
  appendEvents(em, ...events);
  // Flushed and forgotten here, not at commit: the next report of a batch may change these rows natively.
  await em.flush();
  em.clear();
  return { applied: advances };
}
