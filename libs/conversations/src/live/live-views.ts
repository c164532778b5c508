import type { LiveConversationUpdate, LiveMessage, LiveToolCall } from '@confab/plugin-sdk';
import type { Message } from '../entities/message.entity';

/** The name of the colleague who wrote an agent message, where the message records one. */
export function agentNameOf(metadata: Record<string, unknown> | null | undefined): string | null {
  const candidate = metadata?.agentName ?? metadata?.operatorName ?? (metadata?.operator as { name?: unknown } | undefined)?.name;
  return typeof candidate === 'string' && candidate ? candidate : null;
}

/** A stored message as live screens show it: what was said, by whom and when, and its cost; no internals. */
export function liveMessage(
  message: Pick<Message, 'id' | 'author' | 'text' | 'createdAt' | 'deliveryStatus' | 'metadata' | 'costMicros'>,
  extras: { turnId?: string | null; toolCalls?: LiveToolCall[] } = {},
): LiveMessage {
  return {
    id: message.id,
    turnId: extras.turnId ?? null,
    author: message.author as LiveMessage['author'],
    text: message.text ?? '',
    createdAt: message.createdAt.toISOString(),
    status: message.deliveryStatus ?? null,
    agentName: message.author === 'agent' ? agentNameOf(message.metadata) : null,
    ...(extras.toolCalls ? { toolCalls: extras.toolCalls } : {}),
    costMicros: message.costMicros ? String(message.costMicros) : null,
  };
}

/** What a list of conversations shows about one, after a change. */
export function liveConversation(conversation: {
  status: string;
  owner: string;
  handoffReason?: string | null;
  handoffSummary?: string | null;
  /** A Date from the entity, or the ISO text a statement returned. */
  lastMessageAt?: Date | string | null;
  messageCount: number;
  /** A number from the entity, or the text a statement returned (bigint). */
  totalCostMicros: number | string;
}): LiveConversationUpdate {
  return {
    status: conversation.status,
    owner: conversation.owner,
    ...(conversation.owner === 'human' ? { handedOver: { reason: conversation.handoffReason ?? null, summary: conversation.handoffSummary ?? null } } : {}),
    lastMessageAt: conversation.lastMessageAt ? new Date(conversation.lastMessageAt).toISOString() : null,
    messageCount: conversation.messageCount,
    costMicros: String(conversation.totalCostMicros ?? 0),
  };
}
