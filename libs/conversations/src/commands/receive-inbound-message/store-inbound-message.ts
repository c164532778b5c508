import { randomUUID } from 'node:crypto';
import { appendEventsSql, asOneStatement, type Db, type SqlPart } from '@confab/persistence';
import type { Connection, InboundMessage } from '@confab/plugin-sdk';
import { ConversationStarted, CustomerMessageReceived } from '../../events/conversation.events';
import type { ConversationEvent } from '../../events/conversation-event';
import { refreshWindow } from '../../domain/service-window';
import { mergeVariables } from '../../domain/variables';
import type { InboundContext } from './inbound-context';

/** What the statement stored, for the live feed: the conversation as it is after the message. */
export interface StoredInbound {
  conversationId: string;
  messageId: string;
  conversation: StoredConversationState | null;
  /** Set when the message wants a reply: the caller queues it after the commit (the event is not relayed). */
  reply?: { assistantId: string | null };
}

export interface StoredConversationState {
  status: string;
  owner: string;
  handoffReason: string | null;
  handoffSummary: string | null;
  lastMessageAt: string | null;
  messageCount: number;
  totalCostMicros: string;
}

// The conversation's state after the write, handed back by the same statement (no extra read).
export const CONVERSATION_RETURNING = `returning status, owner, handoff_reason as "handoffReason", handoff_summary as "handoffSummary",
  last_message_at as "lastMessageAt", message_count as "messageCount", total_cost_micros::text as "totalCostMicros"`;


/**
 * Every write an inbound message causes, as ONE statement of data-modifying CTEs: a new customer and the identities
 * not linked yet (or the customer's new display name), a new conversation or the open one's counters, service window,
 * variables and status, the message, and its events (the log's trigger queues them for the relay). PostgreSQL checks
 * the foreign keys between these rows at the end of the statement. A race with another delivery of the same message,
 * or with another first message of the same new customer, fails on a unique index; the caller runs it all again.
 */
export async function storeInboundMessage(
  db: Pick<Db, 'write'>,
  connection: Connection<any>,
  message: InboundMessage,
  found: InboundContext,
  serviceWindowHours: number | undefined,
): Promise<StoredInbound> {
  const tenantId = connection.tenantId;
  const { identities, displayName } = message.customer;
  const sentAt = message.sentAt.toISOString();
  const parts: SqlPart[] = [];

  const customerId = found.customer?.id ?? randomUUID();
  if (!found.customer) {
    parts.push({ sql: 'insert into customers (id, tenant_id, display_name) values (?, ?, ?)', params: [customerId, tenantId, displayName ?? null] });
  } else if (displayName && found.customer.displayName !== displayName) {
    parts.push({ sql: 'update customers set display_name = ? where tenant_id = ? and id = ?', params: [displayName, tenantId, customerId] });
  }
  const unlinked = identities.filter((i) => !found.known.some((k) => k.kind === i.kind && k.value === i.value));
  if (unlinked.length) {
    parts.push({
      sql: `insert into customer_identities (id, tenant_id, customer_id, kind, value)
            select x.id, ?, ?, x.kind, x.value from jsonb_to_recordset(?::jsonb) as x(id uuid, kind text, value text)`,
      params: [tenantId, customerId, JSON.stringify(unlinked.map(({ kind, value }) => ({ id: randomUUID(), kind, value })))],
    });
  }

  const events: ConversationEvent[] = [];
  const variables = message.variables ? mergeVariables({}, message.variables, 'api') : null;
  let conversationId: string;
  let conversationPart = -1;
  let owner = found.conversation?.owner ?? 'ai';
  if (found.conversation) {
    conversationId = found.conversation.id;
    // refreshWindow and "later wins" as SQL: greatest() keeps the later time and skips a null one.
    const windowCandidate = serviceWindowHours ? refreshWindow(null, message.sentAt, serviceWindowHours).toISOString() : null;
    conversationPart = parts.length;
    parts.push({
      sql: `update conversations set
              customer_name = coalesce(?, customer_name),
              ${windowCandidate ? 'service_window_expires_at = greatest(service_window_expires_at, ?::timestamptz),' : ''}
              ${variables ? 'variables = variables || ?::jsonb,' : ''}
              message_count = message_count + 1,
              last_message_at = greatest(last_message_at, ?::timestamptz),
              last_customer_message_at = ?::timestamptz,
              status = 'open',
              updated_at = now()
            where tenant_id = ? and id = ?
            ${CONVERSATION_RETURNING}`,
      params: [displayName ?? null, ...(windowCandidate ? [windowCandidate] : []), ...(variables ? [JSON.stringify(variables)] : []), sentAt, sentAt, tenantId, conversationId],
    });
  } else {
    conversationId = randomUUID();
    owner = 'ai';
    // Stated here rather than left to the column default, so the event the metrics count carries the same time.
    const startedAt = new Date().toISOString();
    conversationPart = parts.length;
    parts.push({
      sql: `insert into conversations (id, tenant_id, channel, connection_id, assistant_id, customer_id, customer_identifier, customer_name,
              service_window_expires_at, variables, message_count, last_message_at, last_customer_message_at, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::jsonb, 1, ?::timestamptz, ?::timestamptz, ?::timestamptz)
            ${CONVERSATION_RETURNING}`,
      params: [
        conversationId, tenantId, connection.type, connection.id, connection.assistantId, customerId, identities[0]?.value ?? null,
        displayName ?? found.customer?.displayName ?? null,
        serviceWindowHours ? refreshWindow(null, message.sentAt, serviceWindowHours).toISOString() : null,
        JSON.stringify(variables ?? {}), sentAt, sentAt, startedAt,
      ],
    });
    events.push(new ConversationStarted(tenantId, conversationId, connection.type, connection.assistantId, customerId, [], startedAt));
  }

  const messageId = randomUUID();
  const expectsReply = message.expectsReply !== false;
  // A refused message is kept only as a record for the unanswered queue; it never gets a reply.
  const wantsReply = expectsReply && owner === 'ai' && !message.refused;
  const assistantId = found.conversation?.assistantId ?? connection.assistantId;
  events.push(new CustomerMessageReceived(tenantId, conversationId, messageId, wantsReply, sentAt, expectsReply, assistantId, wantsReply));
  const logged = appendEventsSql(events);
  parts.push({ sql: logged.sql, params: logged.params });

  const statement = asOneStatement(
    parts,
    `insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, attachments, provider_message_id,
       delivery_id, reply_to_provider_message_id, reply_state, reply_error, metadata, created_at, reply_queued_at)
     values (?, ?, ?, ?, 'inbound', 'customer', ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz, ?::timestamptz)
     returning (select to_jsonb(c) from w${conversationPart} c) as conversation`,
    [
      messageId, tenantId, conversationId, connection.id, message.text ?? null, JSON.stringify(message.attachments ?? []), message.providerMessageId,
      message.deliveryId ?? null, message.replyToProviderMessageId ?? null,
      !expectsReply ? null : wantsReply ? 'pending' : 'skipped',
      expectsReply && !wantsReply ? (message.refused ?? 'handed_over') : null,
      JSON.stringify(message.metadata ?? {}), sentAt,
      // The pipeline trace's 'queued' stage: the reply is queued right after this commit (receive-inbound-message.handler.ts).
      wantsReply ? new Date().toISOString() : null,
    ],
  );
  // A named prepared statement (Db.write): its text depends only on which parts the message needs, so PostgreSQL
  // plans each shape once per connection instead of parsing and planning the whole statement on every webhook.
  const rows = await db.write<{ conversation: StoredConversationState | null }>(statement.sql, statement.params, { wakesRelay: logged.relayed });
  return { conversationId, messageId, conversation: rows[0]?.conversation ?? null, ...(wantsReply ? { reply: { assistantId } } : {}) };
}
