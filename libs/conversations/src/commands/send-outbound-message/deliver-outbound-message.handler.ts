import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appendEvents, Db } from '@confab/persistence';
import { canSendTemplates, channelFormatter, type ChannelPlugin, NO_PIPELINE_METRICS, PipelineMetrics, PluginRegistry, type SendResult } from '@confab/plugin-sdk';
import { FOR_UPDATE } from '../../domain/locking';
import { closeServiceWindow } from '../../domain/conversation-ops';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';
import { OutboundMessageFailed } from '../../events/conversation.events';
import { ConnectionService } from '../../connections/connection.service';
import { DeliverOutboundMessage } from './send-outbound-message.command';
import { loadOutboundSend, recordSent } from './outbound-send-rows';
import { applyEarlyReports, publishStatusReports } from '../record-delivery-status/record-delivery-status.handler';
import { LivePublisher } from '../../live/live-publisher';
import { CONVERSATIONS_OPTIONS, type ConversationsOptions } from '../../conversations.options';
import { RetryableSendError, sendRetryDelayMs } from '../../queues/send-backoff';

export { RetryableSendError } from '../../queues/send-backoff';

/** The registry refuses channels without a formatter for their flavour; the fallback only covers a bare plugin. */
function formatForChannel(plugin: ChannelPlugin<any>, text: string): string {
  const format = channelFormatter(plugin);
  return format && text ? format(text) : text;
}

/**
 * One attempt to hand a message to its channel. A retryable failure is recorded on the message, with when the next
 * attempt runs (exponential backoff, or the provider's retry-after when longer), and thrown so Bull retries then;
 * a permanent one (or the last attempt) marks the message failed with the provider's code.
 * Free-form sends outside a closed service window are refused here, before they reach the provider.
 */
@CommandHandler(DeliverOutboundMessage)
export class DeliverOutboundMessageHandler implements ICommandHandler<DeliverOutboundMessage> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly connections: ConnectionService,
    @Inject(CONVERSATIONS_OPTIONS) private readonly options: ConversationsOptions,
    @Optional() private readonly pipeline: PipelineMetrics = NO_PIPELINE_METRICS,
    @Optional() private readonly live?: LivePublisher,
  ) {}

  async execute({ tenantId, messageId, finalAttempt, attemptsMade, preloaded }: DeliverOutboundMessage) {
    const message = preloaded?.id === messageId ? preloaded : await loadOutboundSend(this.db, tenantId, messageId);
    if (!message || message.deliveryStatus !== 'pending') return { status: 'skipped' as const };
    const conversation = { id: message.conversationId, channel: message.channel, connectionId: message.connectionId };
    const { plugin } = this.registry.channel(conversation.channel);
    const template = message.metadata.template as { name: string; language: string; parameters?: unknown[] } | undefined;

    let result: SendResult;
    const hours = plugin.capabilities.serviceWindowHours;
    if (hours && !template && (!message.serviceWindowExpiresAt || message.serviceWindowExpiresAt <= new Date())) {
      result = { ok: false, retryable: false, providerCode: 'SERVICE_WINDOW_CLOSED', reason: `The ${hours}-hour customer service window is closed; send an approved template instead` };
    } else {
      const connection = await this.connections.load(conversation.connectionId, { type: conversation.channel, tenantId });
      const outbound = {
        messageId: message.id,
        conversationId: conversation.id,
        to: message.to,
        // Stored as the model (or agent) wrote it; the channel gets it in its own flavour.
        text: template ? (message.text ?? '') : formatForChannel(plugin, message.text ?? ''),
        template,
        replyToProviderMessageId: message.replyToProviderMessageId ?? undefined,
      };
      try {
        result = template && canSendTemplates(plugin) ? await plugin.sendTemplate(connection, outbound) : await plugin.send(connection, outbound);
      } catch (err) {
        result = { ok: false, retryable: true, reason: `Channel plugin threw: ${(err as Error).message}` };
      }
    }
    const outcome = await this.record(tenantId, message.id, conversation.id, conversation.connectionId, result, finalAttempt, attemptsMade);
    if (outcome.status === 'failed') this.pipeline.deliveryFailed(conversation.channel, result.ok ? 'SEND_FAILED' : (result.providerCode ?? 'SEND_FAILED'));
    if (this.live?.enabled) {
      const data = result.ok
        ? { messageId: message.id, status: result.deliveryStatus ?? 'sent' }
        : { messageId: message.id, status: 'failed', errorCode: result.providerCode ?? 'SEND_FAILED', errorMessage: result.reason };
      void this.live.publish({ type: 'message.status', tenantId, conversationId: message.conversationId, data });
    }
    // Statuses the provider reported before the send's id was committed were applied with it; they count now.
    for (const { failure } of outcome.early ?? []) if (failure) this.pipeline.deliveryFailed(failure.channel, failure.code);
    publishStatusReports(this.live, tenantId, outcome.early ?? []);
    return { status: outcome.status, ...('reason' in outcome ? { reason: outcome.reason } : {}) };
  }

  private async record(tenantId: string, messageId: string, conversationId: string, connectionId: string, result: SendResult, finalAttempt: boolean, attemptsMade: number) {
    if (result.ok) {
      const sent = { status: result.deliveryStatus ?? 'sent', providerMessageId: result.providerMessageId, metadata: result.metadata };
      const { early } = await recordSent(this.db, { tenantId, id: messageId, conversationId, connectionId }, sent);
      // Statuses the provider reported before this id was known waited for it (early-status-reports.ts); rare, so
      // they are taken and applied in a transaction of their own only when the record saw some.
      const connection = { id: connectionId, tenantId };
      return { status: 'sent' as const, early: early ? await this.db.transaction(tenantId, (tx) => applyEarlyReports(tx, connection, result.providerMessageId)) : [] };
    }
    const outcome = await this.db.transaction(tenantId, async (tx) => {
      const message = await tx.findOneOrFail(Message, { id: messageId }, FOR_UPDATE);
      message.sendAttempts += 1;
      const error: NonNullable<Message['error']> = { code: result.providerCode ?? 'SEND_FAILED', title: result.reason, details: result.details, retryable: result.retryable };
      const wait = result.retryAfterMs;
      if (result.retryable && typeof wait === 'number' && Number.isFinite(wait) && wait > 0) error.retryAfterMs = wait;
      message.error = error;
      if (result.closesServiceWindow) closeServiceWindow(await tx.findOneOrFail(Conversation, { id: message.conversationId }, FOR_UPDATE));
      if (result.retryable && !finalAttempt) {
        // Decided here, not in Bull, so the message can say when it goes next; Bull's strategy reads it off the error.
        const delayMs = sendRetryDelayMs(attemptsMade + 1, this.options.sendBackoffMs, result.retryAfterMs);
        error.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
        return { status: 'retry' as const, reason: result.reason, delayMs };
      }
      Object.assign(message, { deliveryStatus: 'failed', failedAt: new Date() });
      const conversation = await tx.findOneOrFail(Conversation, { id: message.conversationId }, FOR_UPDATE);
      conversation.failedDeliveries += 1;
      appendEvents(tx, new OutboundMessageFailed(tenantId, message.conversationId, message.id, error.code, result.reason));
      return { status: 'failed' as const, reason: result.reason, early: [] };
    });
    if (outcome.status === 'retry') throw new RetryableSendError(outcome.reason, outcome.delayMs);
    return outcome;
  }
}
