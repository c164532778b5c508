import type { EntityManager } from '@mikro-orm/postgresql';
import { UsageRecord } from '@confab/assistants';
import type { ChannelCharge, UnpricedChannelCharge } from '@confab/plugin-sdk';
import type { Conversation } from '../../entities/conversation.entity';
import type { Message } from '../../entities/message.entity';
import { ChannelFeeRecorded } from '../../events/conversation.events';

const FREE = 'free (provider report)';

/**
 * Keeps one channel-fee ledger row per message and moves it to the provider's latest word (an estimate made at
 * send time is replaced; "free" sets it to zero), adjusting the message and conversation totals by the difference.
 * A charge the plugin could not price is not "free": the fee keeps what it was (an estimate or an earlier price),
 * or is recorded at zero with no price row (`priceRef` null), and the message's fee is marked `unpriced`.
 */
export async function reconcileChannelFee(
  em: EntityManager,
  message: Message,
  conversation: Conversation,
  charge: ChannelCharge | UnpricedChannelCharge | null,
): Promise<ChannelFeeRecorded | null> {
  const existing = await em.findOne(UsageRecord, { messageId: message.id, kind: 'channel_fee' });
  if (charge && 'unpriced' in charge) return keepUnpriced(em, message, conversation, charge, existing);
  const cost = charge?.costMicros ?? 0;
  const before = existing?.costMicros ?? 0;
  if (existing) {
    existing.costMicros = cost;
    existing.priceRef = charge?.priceRef ?? FREE;
    if (charge) existing.model = `${conversation.channel}:${charge.category}`;
  } else if (charge) {
    em.persist(newFeeRow(message, conversation, charge.category, cost, charge.currency, charge.priceRef));
  } else {
    return null;
  }
  const delta = cost - before;
  message.costMicros += delta;
  conversation.totalCostMicros += delta;
  message.metadata = { ...message.metadata, channelFee: { costMicros: cost, category: charge?.category ?? null, priceRef: charge?.priceRef ?? null } };
  return new ChannelFeeRecorded(message.tenantId, conversation.id, message.id, cost, delta, charge?.category ?? null);
}

/** Charged at a price nobody knows: no total moves, so an estimate or earlier price stands and nothing turns free. */
function keepUnpriced(em: EntityManager, message: Message, conversation: Conversation, charge: UnpricedChannelCharge, existing: UsageRecord | null): ChannelFeeRecorded {
  let row = existing;
  if (!row) {
    row = newFeeRow(message, conversation, charge.category, 0, 'USD', null);
    em.persist(row);
  } else if (row.priceRef === FREE) {
    // An earlier report said free; this one says charged. The amount is unknown, not zero by right.
    row.priceRef = null;
    row.model = `${conversation.channel}:${charge.category}`;
  }
  const cost = row.costMicros;
  message.metadata = { ...message.metadata, channelFee: { costMicros: cost, category: charge.category, priceRef: row.priceRef ?? null, unpriced: true, reason: charge.reason } };
  return new ChannelFeeRecorded(message.tenantId, conversation.id, message.id, cost, 0, charge.category);
}

function newFeeRow(message: Message, conversation: Conversation, category: string, costMicros: number, currency: string, priceRef: string | null): UsageRecord {
  return Object.assign(new UsageRecord(), {
    tenantId: message.tenantId, kind: 'channel_fee' as const, assistantId: conversation.assistantId, conversationId: conversation.id,
    messageId: message.id, model: `${conversation.channel}:${category}`, costMicros, currency, priceRef,
  });
}
