import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';
import { TenantScoped } from '@confab/persistence';
import type { AssistantDraft, ConversationVariable } from '@confab/plugin-sdk';

export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const OWNERS = ['ai', 'human'] as const;
export type ConversationOwner = (typeof OWNERS)[number];

@Entity({ tableName: 'conversations' })
@TenantScoped()
@Index({ properties: ['tenantId', 'lastMessageAt', 'id'] })
@Index({ properties: ['tenantId', 'connectionId', 'customerId', 'status'] })
export class Conversation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  /** Channel type, denormalised for filtering: 'whatsapp' | 'web_widget' | 'api' | 'test' | ... */
  @Property({ type: 'text' })
  channel!: string;

  @Property({ type: 'uuid' })
  connectionId!: string;

  @Property({ type: 'uuid' })
  assistantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  /** The identity the customer wrote from (phone number, external id, visitor id). */
  @Property({ type: 'text', nullable: true })
  customerIdentifier?: string | null;

  @Property({ type: 'text', nullable: true })
  customerName?: string | null;

  @Property({ type: 'text' })
  status: ConversationStatus = 'open';

  @Property({ type: 'text' })
  owner: ConversationOwner = 'ai';

  @Property({ type: 'text', nullable: true })
  handoffReason?: string | null;

  @Property({ type: 'text', nullable: true })
  handoffSummary?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  handedOverAt?: Date | null;

  /** The dashboard operator who took the conversation over (null: the AI, a tool, the channel or an API key). */
  @Property({ type: 'uuid', nullable: true })
  handedOverByOperatorId?: string | null;

  @Property({ type: 'text', nullable: true })
  handedOverByName?: string | null;

  @Property({ type: 'text[]' })
  tags: string[] = [];

  /** End of the customer-service window (channels that have one); null means no window applies. */
  @Property({ type: 'timestamptz', nullable: true })
  serviceWindowExpiresAt?: Date | null;

  @Property({ type: 'jsonb' })
  variables: Record<string, ConversationVariable> = {};

  /** A test chat's unsaved assistant settings, used by its replies instead of the stored ones. */
  @Property({ type: 'jsonb', nullable: true })
  assistantDraft?: AssistantDraft | null;

  @Property({ type: 'integer' })
  messageCount = 0;

  @Property({ type: new BigIntType('number') })
  totalCostMicros = 0;

  @Property({ type: 'integer' })
  promptTokens = 0;

  @Property({ type: 'integer' })
  cachedTokens = 0;

  @Property({ type: 'integer' })
  completionTokens = 0;

  @Property({ type: 'integer' })
  failedDeliveries = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lastMessageAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastCustomerMessageAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
