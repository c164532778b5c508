import type { EntityManager } from '@mikro-orm/postgresql';
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
 * one statement that is a transaction by itself, run after the early statuses' lock for its id (confab_after_lock,
 * which gives the statement a snapshot taken once the lock is granted). A status report for this id either was kept
 * before that and is seen here (`early`: the caller applies it, in a transaction of its own), or waits on the lock
 * until this commit and then finds the message (early-status-reports.ts). One round trip where BEGIN, the lock, the
 * statement and COMMIT were four.
 */
export async function recordSent(
  em: EntityManager,
  db: Pick<Db, 'query'>,
  message: { tenantId: string; id: string; conversationId: string; connectionId: string },
  sent: SentOutcome,
): Promise<{ early: boolean }> {
  const { tenantId, id: messageId, conversationId, connectionId } = message;
  const sentAt = new Date();
  const event = appendEventsSql([new OutboundMessageSent(tenantId, conversationId, messageId, sent.providerMessageId, sentAt.toISOString())]);
  const metadata = sent.metadata ? JSON.stringify(sent.metadata) : null;
  const statement = em.getPlatform().formatQuery(
    `with sent as (
       update messages set send_attempts = send_attempts + 1, delivery_status = ?, provider_message_id = ?, sent_at = ?::timestamptz, error = null,
         metadata = case when ?::jsonb is null then metadata else metadata || jsonb_build_object('send', ?::jsonb) end,
         delivered_at = case when ? then ?::timestamptz else delivered_at end
       where tenant_id = ? and id = ? returning id),
     appended as (${event.sql})
     select case when exists (select 1 from sent) then jsonb_build_object(
       'early', exists (select 1 from early_status_reports where tenant_id = ? and connection_id = ? and provider_message_id = ?)) end`,
    [
      sent.status, sent.providerMessageId, sentAt.toISOString(), metadata, metadata, sent.status === 'delivered', sentAt.toISOString(),
      tenantId, messageId,
      ...event.params,
      tenantId, connectionId, sent.providerMessageId,
    ],
  );
  try {
    // Bound parameters (Db.query): through em.execute the statement was escaped into the call's text as a literal.
    const [{ result }] = await db.query<{ result: { early: boolean } }>('select confab_after_lock(?, ?) as result', [
      earlyReportsLockKey(connectionId, sent.providerMessageId),
      statement,
    ]);
    return { early: result.early };
  } catch (err) {
    // The row was read a moment ago; gone now means its tenant is being deleted. The event rolled back with it.
    if ((err as { code?: string }).code === 'P0002') throw new Error(`Outbound message ${messageId} disappeared before its send was recorded`);
    throw err;
  }
}
