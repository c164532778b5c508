import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { TenantRateLimits } from './tenant-rate-limits';

export const DEFAULT_TIMEZONE = 'Europe/Berlin';

/** A business on the platform. Not tenant-scoped itself: only the platform admin lists tenants. */
@Entity({ tableName: 'tenants' })
export class Tenant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  /** IANA zone the tenant's days and hours are counted in (metrics); default Europe/Berlin. */
  @Property({ type: 'text' })
  timezone: string = DEFAULT_TIMEZONE;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Null: the installation's defaults. */
  @Property({ type: 'jsonb', nullable: true })
  rateLimits?: TenantRateLimits | null = null;
}
