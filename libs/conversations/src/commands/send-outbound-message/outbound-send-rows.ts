import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEventsSql } from '@confab/persistence';
import type { DeliveryStatus, DeliveryStatusUpdate } from '@confab/plugin-sdk';
import { earlyReportsInOrder, lockEarlyReports, takeEarlyReportsSql } from '../record-delivery-status/early-status-reports';
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

/** The outbound message with what sending it needs from its conversation and customer, in one statement. */
export async function loadOutboundSend(em: EntityManager, tenantId: string, messageId: string): Promise<OutboundSend | undefined> {
  const [row] = await em.execute<Array<Omit<OutboundSend, 'serviceWindowExpiresAt'> & { serviceWindowExpiresAt: string | Date | null }>>(
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
 * The provider took the message: its status, reference and send time, one attempt more, OutboundMessageSent, and
 * the status reports that arrived for its id before this commit (early-status-reports.ts), in one statement of the
 * caller's transaction. The reports' lock is taken first, so the statement's snapshot sees every report kept before
 * it; a report that comes later waits on that lock until the commit and then finds the message. The update takes
 * the message's row lock (as the entity's `FOR UPDATE` read did) before the event is appended.
 */
export async function recordSent(
  tx: EntityManager,
  message: { tenantId: string; id: string; conversationId: string; connectionId: string },
  sent: SentOutcome,
): Promise<DeliveryStatusUpdate[]> {
  const { tenantId, id: messageId, conversationId } = message;
  const sentAt = new Date();
  await lockEarlyReports(tx, message.connectionId, sent.providerMessageId);
  const event = appendEventsSql([new OutboundMessageSent(tenantId, conversationId, messageId, sent.providerMessageId, sentAt.toISOString())]);
  const early = takeEarlyReportsSql({ id: message.connectionId, tenantId }, sent.providerMessageId);
  const [{ updated, reports }] = await tx.execute<Array<{ updated: number; reports: Parameters<typeof earlyReportsInOrder>[0] }>>(
    `with sent as (
       update messages set send_attempts = send_attempts + 1, delivery_status = ?, provider_message_id = ?, sent_at = ?::timestamptz, error = null,
         metadata = case when ?::jsonb is null then metadata else metadata || jsonb_build_object('send', ?::jsonb) end,
         delivered_at = case when ? then ?::timestamptz else delivered_at end
       where tenant_id = ? and id = ? returning id),
     appended as (${event.sql}),
     early as (${early.sql})
     select (select count(*) from sent)::int as updated,
            coalesce((select jsonb_agg(jsonb_build_object('id', e.id, 'report', e.report)) from early e), '[]'::jsonb) as reports`,
    [
      sent.status, sent.providerMessageId, sentAt.toISOString(),
      sent.metadata ? JSON.stringify(sent.metadata) : null, sent.metadata ? JSON.stringify(sent.metadata) : null,
      sent.status === 'delivered', sentAt.toISOString(),
      tenantId, messageId,
      ...event.params,
      ...early.params,
    ],
  );
  // The row was read a moment ago; gone now means its tenant is being deleted. Throwing rolls the event back.
  if (updated !== 1) throw new Error(`Outbound message ${messageId} disappeared before its send was recorded`);
  return earlyReportsInOrder(reports);
}
