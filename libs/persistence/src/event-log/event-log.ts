import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainEventRecord } from './domain-event.entity';
import type { DomainEvent } from './domain-event';

/** Appends events to the log inside the caller's transaction; nothing is published until it commits. */
export function appendEvents(em: EntityManager, ...events: DomainEvent[]): void {
  for (const event of events) {
    const ctor = event.constructor as unknown as { name: string; aggregateType: string };
    const record = Object.assign(new DomainEventRecord(), {
      tenantId: event.tenantId,
      aggregateType: ctor.aggregateType,
      aggregateId: event.aggregateId,
      type: ctor.name,
      payload: JSON.parse(JSON.stringify(event)) as Record<string, unknown>,
    });
    em.persist(record);
  }
}
