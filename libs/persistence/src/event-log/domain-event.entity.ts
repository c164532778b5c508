import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';

/** The event log (outbox): written in the transaction that changes state, delivered by the relay after commit. */
@Entity({ tableName: 'domain_events' })
@Index({ properties: ['publishedAt', 'id'] })
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

  /** Set once every handler and saga reacting to the event succeeded. */
  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  /** How often the relay has dispatched (or claimed) the event. */
  @Property({ type: 'integer' })
  attempts = 0;

  /** The end of the current claim's lease, or when a failed dispatch is tried again. */
  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  /** The relay gave up after its last attempt; the row is kept for inspection (clear it to retry). */
  @Property({ type: 'timestamptz', nullable: true })
  failedAt?: Date | null;
}
