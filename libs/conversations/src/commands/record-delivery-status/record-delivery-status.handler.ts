import { Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
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
import { applyStatusReport, isPlainStatusReport } from './apply-status-report';
import { LivePublisher } from '../../live/live-publisher';
import { keepEarlyReport, takeEarlyReports } from './early-status-reports';

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
  constructor(
    private readonly db: Db,
    @Optional() private readonly pipeline: PipelineMetrics = NO_PIPELINE_METRICS,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async execute({ connection, update }: RecordDeliveryStatus): Promise<{ applied: boolean }> {
    const outcome = (await applyPlainAlone(this.db, connection, update)) ?? (await this.db.transaction(connection.tenantId, (em) => applyReport(em, connection, update)));
    publishStatusReports(this.live, connection.tenantId, [outcome]);
    // Counted once committed: a rolled-back transaction (a lost race) reports nothing.
    if (outcome.failure) this.pipeline.deliveryFailed(outcome.failure.channel, outcome.failure.code);
    return { applied: outcome.applied };
  }
}

@CommandHandler(RecordDeliveryStatuses)
export class RecordDeliveryStatusesHandler implements ICommandHandler<RecordDeliveryStatuses> {
  constructor(
    private readonly db: Db,
    @Optional() private readonly pipeline: PipelineMetrics = NO_PIPELINE_METRICS,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async execute({ connection, updates }: RecordDeliveryStatuses): Promise<{ applied: boolean[] }> {
    if (!updates.length) return { applied: [] };
    const alone = updates.length === 1 ? await applyPlainAlone(this.db, connection, updates[0]) : undefined;
    const outcomes = alone ? [alone] : await this.db.transaction(connection.tenantId, async (em) => {
      const done: ReportOutcome[] = [];
      // In the order given: a provider lists a message's statuses oldest first, and each must see the one before.
      for (const update of updates) done.push(await applyReport(em, connection, update));
      return done;
    });
    for (const { failure } of outcomes) if (failure) this.pipeline.deliveryFailed(failure.channel, failure.code);
    publishStatusReports(this.live, connection.tenantId, outcomes);
    return { applied: outcomes.map((o) => o.applied) };
  }
}

/** Whether the report moved the message, and the failure it recorded (counted by the caller after commit). */
export interface ReportOutcome {
  applied: boolean;
  failure?: { channel: string; code: string; reason?: string };
  /** The message the report moved (for the live feed, published after commit). */
  moved?: { messageId: string; conversationId: string; status: string };
}

/** message.status events for the reports that moved a message; published by the caller after its commit. */
export function publishStatusReports(live: LivePublisher | undefined, tenantId: string, outcomes: ReportOutcome[]): void {
  if (!live?.enabled) return;
  for (const { moved, failure } of outcomes) {
    if (!moved) continue;
    const data = { messageId: moved.messageId, status: moved.status, ...(failure ? { errorCode: failure.code, errorMessage: failure.reason } : {}) };
    void live.publish({ type: 'message.status', tenantId, conversationId: moved.conversationId, data });
  }
}

/**
 * Applies the reports that reached the platform before the send recorded their message id (early-status-reports.ts),
 * in the order they arrived; called by the send once the id is committed.
 */
export async function applyEarlyReports(em: EntityManager, connection: Pick<Connection<any>, 'id' | 'tenantId'>, providerMessageId: string): Promise<ReportOutcome[]> {
  return applyTakenReports(em, connection, await takeEarlyReports(em, connection, providerMessageId));
}

async function applyTakenReports(em: EntityManager, connection: Pick<Connection<any>, 'id' | 'tenantId'>, updates: DeliveryStatusUpdate[]): Promise<ReportOutcome[]> {
  const outcomes: ReportOutcome[] = [];
  for (const update of updates) outcomes.push(await applyReport(em, connection as Connection<any>, update));
  return outcomes;
}

async function applyReport(em: EntityManager, connection: Connection<any>, update: DeliveryStatusUpdate): Promise<ReportOutcome> {
  if (isPlainStatusReport(update)) {
    const outcome = await applyStatusReport(em, connection, update);
    if (!outcome.found) {
      if (await keepEarlyReport(em, connection, update)) return { applied: false };
      return applyReport(em, connection, update); // its send committed meanwhile
    }
    if (!outcome.full) return plainOutcome(outcome, update);
  }
  return applyFullReport(em, connection, update);
}

function plainOutcome(outcome: Awaited<ReturnType<typeof applyStatusReport>>, update: DeliveryStatusUpdate): ReportOutcome {
  const moved = outcome.applied ? { messageId: outcome.messageId!, conversationId: outcome.conversationId!, status: update.status } : undefined;
  return { applied: outcome.applied, moved };
}

/**
 * A callback's only report, when it is a plain status move of a message that is known: its one statement is atomic
 * by itself, so it runs without BEGIN and COMMIT (one round trip instead of three, on most of a channel's webhook
 * traffic). Undefined when it needs more (an unknown message waits as an early report, a free report of a charged
 * message takes the full path): the statement changed nothing then, and the caller runs the transaction.
 */
async function applyPlainAlone(db: Db, connection: Connection<any>, update: DeliveryStatusUpdate): Promise<ReportOutcome | undefined> {
  if (!isPlainStatusReport(update)) return undefined;
  const outcome = await db.autocommit(connection.tenantId, (em) => applyStatusReport(em, connection, update));
  return outcome.found && !outcome.full ? plainOutcome(outcome, update) : undefined;
}

/** Everything a report can do: fee reconciliation, window closure, failure counters; several ORM round trips. */
async function applyFullReport(em: EntityManager, connection: Connection<any>, update: DeliveryStatusUpdate): Promise<ReportOutcome> {
  let failure: ReportOutcome['failure'];
  const message = await em.findOne(Message, { connectionId: connection.id, direction: 'outbound', providerMessageId: update.providerMessageId }, FOR_UPDATE);
  if (!message) {
    if (await keepEarlyReport(em, connection, update)) return { applied: false };
    return applyFullReport(em, connection, update); // its send committed meanwhile
  }
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
      failure = { channel: conversation.channel, code: message.error.code, reason: message.error.title };
    }
  }
  appendEvents(em, ...events);
  // Flushed and forgotten here, not at commit: the next report of a batch may change these rows natively.
  await em.flush();
  em.clear();
  return { applied: advances, failure, moved: advances ? { messageId: message.id, conversationId: message.conversationId, status: update.status } : undefined };
}
