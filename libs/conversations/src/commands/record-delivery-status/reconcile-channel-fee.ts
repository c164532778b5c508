import type { EntityManager } from '@mikro-orm/postgresql';
import { UsageRecord } from '@confab/assistants';
import type { ChannelCharge } from '@confab/plugin-sdk';
import type { Conversation } from '../../entities/conversation.entity';
import type { Message } from '../../entities/message.entity';
import { ChannelFeeRecorded } from '../../events/conversation.events';

/**
 * Keeps one channel-fee ledger row per message and moves it to the provider's latest word (an estimate made at
 * send time is replaced; "free" sets it to zero), adjusting the message and conversation totals by the difference.
 */
export async function reconcileChannelFee(em: EntityManager, message: Message, conversation: Conversation, charge: ChannelCharge | null): Promise<ChannelFeeRecorded | null> {
  const existing = await em.findOne(UsageRecord, { messageId: message.id, kind: 'channel_fee' });
  const cost = charge?.costMicros ?? 0;
  const before = existing?.costMicros ?? 0;
  if (existing) {
    existing.costMicros = cost;
    existing.priceRef = charge?.priceRef ?? 'free (provider report)';
    if (charge) existing.model = `${conversation.channel}:${charge.category}`;
  } else if (charge) {
    em.persist(
      Object.assign(new UsageRecord(), {
        tenantId: message.tenantId, kind: 'channel_fee' as const, assistantId: conversation.assistantId, conversationId: conversation.id,
        messageId: message.id, model: `${conversation.channel}:${charge.category}`, costMicros: cost, currency: charge.currency, priceRef: charge.priceRef,
      }),
    );
  } else {
    return null;
  }
  const delta = cost - before;
  message.costMicros += delta;
  conversation.totalCostMicros += delta;
  message.metadata = { ...message.metadata, channelFee: { costMicros: cost, category: charge?.category ?? null, priceRef: charge?.priceRef ?? null } };
  return new ChannelFeeRecorded(message.tenantId, conversation.id, message.id, cost, delta, charge?.category ?? null);
}
