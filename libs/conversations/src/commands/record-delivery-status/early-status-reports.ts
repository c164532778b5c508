import type { EntityManager } from '@mikro-orm/postgresql';
import type { Connection, DeliveryStatusUpdate } from '@confab/plugin-sdk';

/** Reports nobody claimed within this time were about messages this platform never sent (another app on the number). */
const KEEP_FOR = '1 day';

/** The transaction lock's key both sides take for one provider message id. */
export const earlyReportsLockKey = (connectionId: string, providerMessageId: string) => `early-status:${connectionId}:${providerMessageId}`;

/**
 * Keeps a report for a message id no outbound message has yet. The provider may report a status before the send
 * that got the id has committed it (WhatsApp answers a send and posts "failed" milliseconds later), and dropping it
 * would lose the failure for good. The send applies what waits here once it records the id (takeEarlyReports).
 * Both sides take the same transaction lock and this side looks for the message again under it, so a report is
 * either kept before the send takes the waiting ones, or finds the message: never stranded in between. Answers
 * false when the message exists after all (the caller applies the report then).
 */
export async function keepEarlyReport(em: EntityManager, connection: Connection<any>, update: DeliveryStatusUpdate): Promise<boolean> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [earlyReportsLockKey(connection.id, update.providerMessageId)]);
  const [known] = await em.execute(
    `select 1 from messages where tenant_id = ? and connection_id = ? and direction = 'outbound' and provider_message_id = ?`,
    [connection.tenantId, connection.id, update.providerMessageId],
  );
  if (known) return false;
  await em.execute(
    `with pruned as (delete from early_status_reports where tenant_id = ? and received_at < now() - interval '${KEEP_FOR}')
     insert into early_status_reports (tenant_id, connection_id, provider_message_id, report) values (?, ?, ?, ?::jsonb)`,
    [connection.tenantId, connection.tenantId, connection.id, update.providerMessageId, JSON.stringify(update)],
  );
  return true;
}

/**
 * Removes and returns the reports that arrived early for a message id, oldest first, under the lock both sides take
 * (the send calls it after its record saw some: outbound-send-rows.ts).
 */
export async function takeEarlyReports(em: EntityManager, connection: Pick<Connection<any>, 'id' | 'tenantId'>, providerMessageId: string): Promise<DeliveryStatusUpdate[]> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [earlyReportsLockKey(connection.id, providerMessageId)]);
  const rows = await em.execute<Array<{ id: string; report: DeliveryStatusUpdate & { at: string } }>>(
    'delete from early_status_reports where tenant_id = ? and connection_id = ? and provider_message_id = ? returning id, report',
    [connection.tenantId, connection.id, providerMessageId],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id)).map(({ report }) => ({ ...report, at: new Date(report.at) }));
}
