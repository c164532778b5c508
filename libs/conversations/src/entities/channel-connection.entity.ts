import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

/** A tenant's installation of a channel plugin (a number, a widget, an API integration). */
@Entity({ tableName: 'channel_connections' })
@TenantScoped()
@Index({ properties: ['tenantId', 'type'] })
export class ChannelConnection {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'uuid' })
  assistantId!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Non-secret settings, returned by the API. */
  @Property({ type: 'jsonb' })
  config: Record<string, unknown> = {};

  /** Secret settings as one sealed JSON object (AES-256-GCM); never returned. */
  @Property({ type: 'text', nullable: true, lazy: true })
  sealedSecrets?: string | null;

  /** What the plugin keeps about the connection (synced templates, health). */
  @Property({ type: 'jsonb' })
  state: Record<string, unknown> = {};

  /** `deleted` rows stay for their conversations' sake but are hidden from every list and lookup. */
  @Property({ type: 'text' })
  status: 'active' | 'disabled' | 'deleted' = 'active';

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
