import type { EntityManager } from '@mikro-orm/postgresql';
import { eventLogRow } from '@confab/persistence';
import type { Connection, DeliveryStatusUpdate } from '@confab/plugin-sdk';
import { advancesDeliverySql } from '../../domain/delivery-status';
import { DeliveryStatusChanged } from '../../events/conversation.events';

/**
 * Whether a report can be applied by applyStatusReport: one that only moves the status (and says nothing of a
 * price, or says "free"). Failures, window closures and priced charges touch the conversation and the fee ledger,
 * and take the full path.
 */
export function isPlainStatusReport(update: DeliveryStatusUpdate): boolean {
  return update.status !== 'failed' && !update.closesServiceWindow && (update.charge === undefined || update.charge === null);
}

const TIMESTAMPS: Record<'sent' | 'delivered' | 'read', string> = {
  sent: 'sent_at = coalesce(sent_at, ?::timestamptz)',
  delivered: 'delivered_at = ?::timestamptz',
  read: 'read_at = ?::timestamptz, delivered_at = coalesce(delivered_at, ?::timestamptz)',
};

/**
 * Applies a plain status report (isPlainStatusReport) in ONE statement, since statuses are most of a channel's
 * webhook traffic: lock the message, move it forward only if the report advances it (a stale report changes
 * nothing), and log DeliveryStatusChanged. A "free" report for a message with a fee row needs that row moved to
 * zero: the statement then changes nothing and answers `full`, and the caller takes the full path.
 * The tenant is named in every condition (the ORM's tenant filter does not apply to native SQL).
 */
export async function applyStatusReport(
  em: EntityManager,
  connection: Connection<any>,
  update: DeliveryStatusUpdate,
): Promise<{ found: boolean; applied: boolean; full: boolean; messageId?: string; conversationId?: string }> {
  const tenantId = connection.tenantId;
  const status = update.status as 'sent' | 'delivered' | 'read';
  const at = update.at.toISOString();
  const template = eventLogRow(new DeliveryStatusChanged(tenantId, '', '', status, at));
  const freeReport = update.charge === null;
  const [row] = await em.execute<Array<{ has_fee: boolean; applied: number; id: string; conversation_id: string }>>(
    `with target as (
       select m.id, m.conversation_id, m.delivery_status,
         exists (select 1 from usage_records u where u.tenant_id = ? and u.message_id = m.id and u.kind = 'channel_fee') as has_fee
       from messages m
       where m.tenant_id = ? and m.connection_id = ? and m.direction = 'outbound' and m.provider_message_id = ?
       for update),
     moved as (
       update messages m set delivery_status = ?, ${TIMESTAMPS[status]}${update.metadata ? ', metadata = m.metadata || ?::jsonb' : ''}
       from target t
       where m.id = t.id and ${advancesDeliverySql('t.delivery_status', status)} and not (t.has_fee and ?::boolean)
       returning m.id, m.conversation_id),
     logged as (
       insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload, relayed)
       select ?, ?, conversation_id, ?, ?::jsonb || jsonb_build_object('conversationId', conversation_id, 'messageId', id), ?::boolean from moved)
     select t.has_fee, t.id, t.conversation_id, (select count(*) from moved)::int as applied from target t`,
    [
      tenantId, tenantId, connection.id, update.providerMessageId,
      status, ...(status === 'read' ? [at, at] : [at]), ...(update.metadata ? [JSON.stringify({ delivery: update.metadata })] : []), freeReport,
      template.tenantId, template.aggregateType, template.type, JSON.stringify(template.payload), template.relayed,
    ],
  );
  if (!row) return { found: false, applied: false, full: false };
  return { found: true, applied: row.applied > 0, full: freeReport && row.has_fee, messageId: row.id, conversationId: row.conversation_id };
}
