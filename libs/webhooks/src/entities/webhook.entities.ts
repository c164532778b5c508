import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';
import { TenantScoped } from '@confab/persistence';

export const WEBHOOK_EVENTS = [
  'handoff.requested',
  'callback.requested',
  'follow_up.due',
  'appointment.booked',
  'appointment.cancelled',
  'conversation.ended',
  'message.failed',
  'budget.warning',
  'budget.exhausted',
  'alert.firing',
  'alert.resolved',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

@Entity({ tableName: 'webhook_endpoints' })
@TenantScoped()
export class WebhookEndpoint {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) url!: string;
  @Property({ type: 'text[]' }) events!: WebhookEventType[];
  @Property({ type: 'text', nullable: true }) description?: string | null;
  /** The signing secret, sealed; shown once when the endpoint is created. */
  @Property({ type: 'text', lazy: true }) sealedSecret!: string;
  @Property({ type: 'text' }) status: 'active' | 'disabled' = 'active';
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

@Entity({ tableName: 'webhook_deliveries' })
@TenantScoped()
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) endpointId!: string;
  @Property({ type: 'text' }) eventType!: WebhookEventType;
  /** The domain event this delivery reports; with the endpoint and type it makes a replay a no-op. */
  @Property({ type: new BigIntType('number') }) sourceEventId!: number;
  @Property({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Property({ type: 'text' }) status: DeliveryStatus = 'pending';
  @Property({ type: 'integer' }) attempts = 0;
  @Property({ type: 'integer', nullable: true }) lastStatusCode?: number | null;
  @Property({ type: 'text', nullable: true }) lastError?: string | null;
  @Property({ type: 'timestamptz', nullable: true }) nextAttemptAt?: Date | null;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) deliveredAt?: Date | null;
}

@Entity({ tableName: 'webhook_attempts' })
@TenantScoped()
export class WebhookAttempt {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) deliveryId!: string;
  @Property({ type: 'integer' }) attempt!: number;
  @Property({ type: 'integer', nullable: true }) statusCode?: number | null;
  @Property({ type: 'text', nullable: true }) error?: string | null;
  @Property({ type: 'integer' }) durationMs!: number;
  @Property({ type: 'timestamptz' }) at: Date = new Date();
}
