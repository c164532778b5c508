import type { EntityManager } from '@mikro-orm/postgresql';
import type { Connection } from '@confab/plugin-sdk';
import { Conversation } from '../entities/conversation.entity';
import type { Customer } from '../entities/customer.entity';
import { Message } from '../entities/message.entity';
import { ConversationHandedOver, ConversationStarted } from '../events/conversation.events';
import { FOR_UPDATE } from './locking';

/** The dashboard operator behind an action (absent for API keys), recorded so the conversation shows who did it. */
export interface ActingOperator {
  id: string;
  name: string;
}

/** The customer's open conversation on this connection (locked), or a new one with its ConversationStarted event. */
export async function openConversationFor(
  em: EntityManager,
  connection: Connection<any>,
  customer: Customer,
  start: { identifier: string | null; name?: string | null; at: Date },
): Promise<{ conversation: Conversation; started: ConversationStarted | null }> {
  const open = await em.findOne(Conversation, { connectionId: connection.id, customerId: customer.id, status: 'open' }, { orderBy: { createdAt: 'desc' }, ...FOR_UPDATE });
  if (open) return { conversation: open, started: null };
  const conversation = Object.assign(new Conversation(), {
    tenantId: connection.tenantId,
    channel: connection.type,
    connectionId: connection.id,
    assistantId: connection.assistantId,
    customerId: customer.id,
    customerIdentifier: start.identifier,
    customerName: start.name ?? customer.displayName ?? null,
    lastMessageAt: start.at,
  });
  // Rows reference each other by plain ids, so the conversation is flushed before the messages that point at it.
  await em.persist(conversation).flush();
  return { conversation, started: new ConversationStarted(connection.tenantId, conversation.id, connection.type, connection.assistantId, customer.id, [], conversation.createdAt.toISOString()) };
}

/** A human takes the conversation: the AI stops, and messages still waiting for it are recorded as handed over. */
export async function handOver(
  em: EntityManager,
  conversation: Conversation,
  reason: string,
  by: 'ai' | 'agent' | 'channel',
  summary?: string,
  operator?: ActingOperator,
): Promise<ConversationHandedOver | null> {
  if (conversation.owner === 'human') return null;
  Object.assign(conversation, {
    owner: 'human',
    handoffReason: reason,
    handoffSummary: summary ?? null,
    handedOverAt: new Date(),
    handedOverByOperatorId: operator?.id ?? null,
    handedOverByName: operator?.name ?? null,
  });
  await em.nativeUpdate(Message, { conversationId: conversation.id, replyState: 'pending' }, { replyState: 'skipped', replyError: 'handed_over' });
  return new ConversationHandedOver(conversation.tenantId, conversation.id, reason, by, null, operator ? { id: operator.id, name: operator.name } : null);
}

/** The provider refused a free-form send: the window is closed from now on (never reopened by this). */
export function closeServiceWindow(conversation: Conversation, now = new Date()): void {
  if (!conversation.serviceWindowExpiresAt || conversation.serviceWindowExpiresAt > now) conversation.serviceWindowExpiresAt = now;
}
