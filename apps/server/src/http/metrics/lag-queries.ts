import type { EntityManager } from '@mikro-orm/postgresql';

type Execute = Pick<ReturnType<EntityManager['getConnection']>, 'execute'>;

const seconds = (rows: Record<string, unknown>[]): number => Math.max(0, Number(rows[0]?.lag ?? 0));

/**
 * Seconds since the oldest event the outbox relay has not delivered yet was written (0 when it is caught up). Rows
 * the relay gave up on (failed_at) are left out: they wait for a person, and would otherwise pin the lag forever.
 * The outbox holds only undelivered events, so this walks its partial index from the start.
 */
export async function outboxLagSeconds(conn: Execute): Promise<number> {
  const rows = await conn.execute(
    `select extract(epoch from now() - e.occurred_at) as lag
       from outbox o join domain_events e on e.id = o.event_id
      where o.failed_at is null
      order by o.event_id limit 1`,
  );
  return seconds(rows);
}

/**
 * Seconds since the first committed event the metrics projector has not applied yet was written (0 when caught
 * up): its checkpoint is a (transaction id, event id) position in the log (libs/metrics, projection-store.ts).
 * Scalar subqueries rather than a join, so the position becomes an index range on (tx_id, id), not a scan.
 */
export async function projectionLagSeconds(conn: Execute): Promise<number> {
  const rows = await conn.execute(
    `select extract(epoch from now() - e.occurred_at) as lag
       from domain_events e
      where (e.tx_id, e.id) > (
              coalesce((select last_tx_id from projection_checkpoints where name = 'metrics'), '0'::xid8),
              coalesce((select last_event_id from projection_checkpoints where name = 'metrics'), 0))
      order by e.tx_id, e.id limit 1`,
  );
  return seconds(rows);
}
