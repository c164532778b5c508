import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainEventRecord } from './domain-event.entity';
import type { DomainEvent } from './domain-event';

/** The log row of an event: its class names the type, the aggregate type and the aggregate. */
export function eventLogRow(event: DomainEvent) {
  const ctor = event.constructor as unknown as { name: string; aggregateType: string };
  return {
    tenantId: event.tenantId,
    aggregateType: ctor.aggregateType,
    aggregateId: event.aggregateId,
    type: ctor.name,
    payload: JSON.parse(JSON.stringify(event)) as Record<string, unknown>,
    relayed: event.relayed(),
  };
}

/**
 * Appends events to the log inside the caller's transaction; nothing is published until it commits. The log's
 * trigger queues each one for the relay (outbox) and notifies relays in other processes on commit.
 */
export function appendEvents(em: EntityManager, ...events: DomainEvent[]): void {
  for (const event of events) em.persist(Object.assign(new DomainEventRecord(), eventLogRow(event)));
}

/**
 * The same rows as one `insert` for hot paths that write natively, e.g. as a data-modifying CTE beside the state
 * change in a single statement (run it in the caller's transaction, with MikroORM's `?` placeholders). `where` gates
 * the insert on a condition of the statement (a guard, another CTE's rows); the values are then cast, as a
 * prepared statement's parameters in a subquery get no type from the table.
 */
export function appendEventsSql(events: DomainEvent[], where?: string): { sql: string; params: string[]; relayed: boolean } {
  const rows = events.map(eventLogRow);
  const params = rows.flatMap((r) => [r.tenantId, r.aggregateType, r.aggregateId, r.type, JSON.stringify(r.payload), String(r.relayed)]);
  // `relayed` says whether the statement queued anything for the relay: Db.write wakes it only then.
  const relayed = rows.some((r) => r.relayed);
  const columns = 'insert into domain_events (tenant_id, aggregate_type, aggregate_id, type, payload, relayed)';
  if (!where) return { sql: `${columns} values ${rows.map(() => '(?, ?, ?, ?, ?::jsonb, ?::boolean)').join(', ')}`, params, relayed };
  const values = rows.map(() => '(?::uuid, ?::text, ?::uuid, ?::text, ?::jsonb, ?::boolean)').join(', ');
  return { sql: `${columns} select * from (values ${values}) as e where ${where}`, params, relayed };
}
