import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';

/**
 * The event log: written in the transaction that changes state and never changed afterwards (read models are
 * rebuilt from it). A trigger queues each new row in `outbox`, which the relay works through after commit.
 */
@Entity({ tableName: 'domain_events' })
export class DomainEventRecord {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  aggregateType!: string;

  @Property({ type: 'uuid' })
  aggregateId!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  occurredAt: Date = new Date();

  /** False for an event nothing reacts to (DomainEvent.relayed): the trigger queues no outbox row for it. */
  @Property({ type: 'boolean' })
  relayed: boolean = true;
}
