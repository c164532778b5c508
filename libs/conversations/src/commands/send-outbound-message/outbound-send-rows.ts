import { appendEventsSql, type Db } from '@confab/persistence';
import type { DeliveryStatus } from '@confab/plugin-sdk';
import { earlyReportsLockKey } from '../record-delivery-status/early-status-reports';
import { OutboundMessageSent } from '../../events/conversation.events';

/**
 * The send job's reads and its success write in native SQL: a send is the hottest job after the webhook, and
 * hydrating three entities to read a dozen columns, then flushing a change set, cost more worker CPU than the
 * provider call around them (see docs/benchmarks.md).
 */

export interface OutboundSend {
  id: string;
  conversationId: string;
  deliveryStatus: DeliveryStatus | null;
  text: string | null;
  metadata: Record<string, unknown>;
  replyToProviderMessageId: string | null;
  channel: string;
  connectionId: string;
  serviceWindowExpiresAt: Date | null;
  /** The customer's identities, oldest first: the channel picks the one it can address. */
  to: Array<{ kind: string; value: string }>;
}

/** The outbound message with what sending it needs from its conversation and customer, in one prepared statement. */
export async function loadOutboundSend(db: Pick<Db, 'query'>, tenantId: string, messageId: string): Promise<OutboundSend | undefined> {
  const [row] = await db.query<Omit<OutboundSend, 'serviceWindowExpiresAt'> & { serviceWindowExpiresAt: string | Date | null }>(
    `select m.id, m.conversation_id as "conversationId", m.delivery_status as "deliveryStatus", m.text, m.metadata,
            m.reply_to_provider_message_id as "replyToProviderMessageId", c.channel, c.connection_id as "connectionId",
            c.service_window_expires_at as "serviceWindowExpiresAt",
            (select coalesce(jsonb_agg(jsonb_build_object('kind', i.kind, 'value', i.value) order by i.created_at, i.id), '[]'::jsonb)
             from customer_identities i where i.tenant_id = c.tenant_id and i.customer_id = c.customer_id) as "to"
     from messages m join conversations c on c.tenant_id = m.tenant_id and c.id = m.conversation_id
     where m.tenant_id = ? and m.id = ? and m.direction = 'outbound'`,
    [tenantId, messageId],
  );
  if (!row) return undefined;
  const expires = row.serviceWindowExpiresAt;
  return { ...row, serviceWindowExpiresAt: expires === null ? null : new Date(expires) };
}

export interface SentOutcome {
  status: DeliveryStatus;
  providerMessageId: string;
  metadata?: Record<string, unknown>;
}

/**
 * The provider took the message: its status, reference and send time, one attempt more, and OutboundMessageSent, as
 * one prepared statement that is a transaction by itself. Its guard (confab_sent_guard) first takes the early
 * statuses' lock for the provider's id and then, with a snapshot taken once the lock is granted, says whether a
 * status report for it was kept before (`early`: the caller applies it, in a transaction of its own); a report
 * arriving later waits on the lock until this commit and then finds the message (early-status-reports.ts). One
 * round trip where BEGIN, the lock, the statement and COMMIT were four.
 */
export async function recordSent(
  db: Pick<Db, 'write'>,
  message: { tenantId: string; id: string; conversationId: string; connectionId: string },
  sent: SentOutcome,
): Promise<{ early: boolean }> {
  const { tenantId, id: messageId, conversationId, connectionId } = message;
  const sentAt = new Date().toISOString();
  const event = appendEventsSql([new OutboundMessageSent(tenantId, conversationId, messageId, sent.providerMessageId, sentAt)], 'exists (select 1 from sent)');
  const metadata = sent.metadata ? JSON.stringify(sent.metadata) : null;
  const [row] = await db.write<{ sent: boolean; early: boolean }>(
    `with guard as materialized (select confab_sent_guard(?, ?::uuid, ?::uuid, ?) as early),
     sent as (
       update messages set send_attempts = send_attempts + 1, delivery_status = ?, provider_message_id = ?, sent_at = ?::timestamptz, error = null,
         metadata = case when ?::jsonb is null then metadata else metadata || jsonb_build_object('send', ?::jsonb) end,
         delivered_at = case when ?::boolean then ?::timestamptz else delivered_at end
       where tenant_id = ? and id = ? and (select early from guard) is not null returning id),
     appended as (${event.sql})
     select exists (select 1 from sent) as sent, (select early from guard) as early`,
    [
      earlyReportsLockKey(connectionId, sent.providerMessageId), tenantId, connectionId, sent.providerMessageId,
      sent.status, sent.providerMessageId, sentAt, metadata, metadata, sent.status === 'delivered', sentAt,
      tenantId, messageId,
      ...event.params,
    ],
    { wakesRelay: event.relayed },
  );
  // The row was read a moment ago; gone now means its tenant is being deleted. Nothing was written.
  if (!row.sent) throw new Error(`Outbound message ${messageId} disappeared before its send was recorded`);
  return { early: row.early };
}
