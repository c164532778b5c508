import type { Conversation } from '../entities/conversation.entity';
import type { Message } from '../entities/message.entity';
import type { ToolCall } from '../entities/tool-call.entity';
import type { ConversationListItemView, MessageView, ToolCallView } from '../http/conversation.views';
import { money } from '@confab/assistants';

export function listItem(c: Conversation): ConversationListItemView {
  return {
    id: c.id,
    channel: c.channel,
    assistantId: c.assistantId,
    connectionId: c.connectionId,
    customer: { id: c.customerId, identifier: c.customerIdentifier ?? null, name: c.customerName ?? null },
    status: c.status,
    owner: c.owner,
    tags: c.tags,
    messageCount: c.messageCount,
    failedDeliveries: c.failedDeliveries,
    totalCost: money(c.totalCostMicros),
    lastMessageAt: c.lastMessageAt ?? null,
    createdAt: c.createdAt,
    handoffReason: c.handoffReason ?? null,
    handedOverAt: c.handedOverAt ?? null,
    handedOverBy: c.handedOverByName ? { operatorId: c.handedOverByOperatorId ?? null, name: c.handedOverByName } : null,
  };
}

/** Our ids of quoted messages by provider id; a quoted id missing here is shown with messageId null. */
export type QuotedIds = ReadonlyMap<string, string>;

/** Who wrote an agent message: stored in its metadata since agent names came before operator accounts. */
function agentOf(m: Message): MessageView['agent'] {
  if (m.author !== 'agent') return null;
  const name = m.metadata?.agentName;
  if (typeof name !== 'string' || !name) return null;
  const operatorId = m.metadata?.operatorId;
  return { operatorId: typeof operatorId === 'string' ? operatorId : null, name };
}

export function messageView(m: Message, quoted: QuotedIds = new Map()): MessageView {
  return {
    id: m.id,
    direction: m.direction,
    author: m.author,
    agent: agentOf(m),
    text: m.text ?? null,
    attachments: m.attachments,
    createdAt: m.createdAt,
    providerMessageId: m.providerMessageId ?? null,
    replyTo: m.replyToProviderMessageId ? { providerMessageId: m.replyToProviderMessageId, messageId: quoted.get(m.replyToProviderMessageId) ?? null } : null,
    deliveryStatus: m.deliveryStatus ?? null,
    // The public contract always has details, null when the provider gave none (older rows stored it absent).
    error: m.error ? { ...m.error, details: m.error.details ?? null } : null,
    replyState: m.replyState ?? null,
    replyError: m.replyError ?? null,
    usage: m.usage ?? null,
    cost: money(m.costMicros),
    latencyMs: m.latencyMs ?? null,
    metadata: m.metadata,
    citations: m.citations ?? [],
    sentAt: m.sentAt ?? null,
    deliveredAt: m.deliveredAt ?? null,
    readAt: m.readAt ?? null,
    failedAt: m.failedAt ?? null,
    editedAt: m.editedAt ?? null,
    revokedAt: m.revokedAt ?? null,
  };
}

export function toolCallView(t: ToolCall): ToolCallView {
  return {
    id: t.id,
    messageId: t.messageId ?? null,
    name: t.name,
    arguments: t.arguments ?? t.rawArguments ?? null,
    result: t.result ?? null,
    error: t.error ?? null,
    validation: t.validation,
    durationMs: t.durationMs,
    createdAt: t.createdAt,
  };
}
