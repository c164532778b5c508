import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';
import type { ApiKeyScope } from '@confab/plugin-sdk';

/** A tenant's API key. Only a SHA-256 of the key is stored; the key is shown once when created. */
@Entity({ tableName: 'api_keys' })
@TenantScoped()
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  name!: string;

  /** The first characters of the key, so a person can tell keys apart. */
  @Property({ type: 'text' })
  prefix!: string;

  @Index()
  @Property({ type: 'text', unique: true })
  hash!: string;

  @Property({ type: 'text[]' })
  scopes!: ApiKeyScope[];

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
