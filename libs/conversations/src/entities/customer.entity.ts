import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

/** One person across channels; identities (phone, visitor id, external id) link to it. */
@Entity({ tableName: 'customers' })
@TenantScoped()
export class Customer {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text', nullable: true })
  displayName?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'customer_identities' })
@TenantScoped()
@Unique({ properties: ['tenantId', 'kind', 'value'] })
export class CustomerIdentityRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  /** 'wa_id', 'bsuid', 'visitor', 'external:<connectionId>' (API channel ids are the app's own), 'test', ... */
  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
