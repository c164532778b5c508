import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';
import { TenantScoped } from '@confab/persistence';

export const USAGE_KINDS = ['llm', 'embedding', 'channel_fee'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** The cost ledger: one row per billable event, in integer micro-units of `currency`. */
@Entity({ tableName: 'usage_records' })
@TenantScoped()
@Index({ properties: ['tenantId', 'createdAt'] })
export class UsageRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  kind!: UsageKind;

  @Property({ type: 'uuid', nullable: true })
  assistantId?: string | null;

  @Index()
  @Property({ type: 'uuid', nullable: true })
  conversationId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  messageId?: string | null;

  /** Embedding usage of ingestion: which knowledge base and document it was for. */
  @Property({ type: 'uuid', nullable: true })
  knowledgeBaseId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  documentId?: string | null;

  @Property({ type: 'text' })
  model!: string;

  @Property({ type: 'integer' })
  promptTokens = 0;

  @Property({ type: 'integer' })
  cachedTokens = 0;

  @Property({ type: 'integer' })
  completionTokens = 0;

  @Property({ type: new BigIntType('number') })
  costMicros = 0;

  @Property({ type: 'text' })
  currency = 'USD';

  /** Which dated price row was applied, so a cost can be explained later; null when no price was known. */
  @Property({ type: 'text', nullable: true })
  priceRef?: string | null;

  /** Model calls: when the request went out and how long the answer took (the pipeline trace). */
  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'integer', nullable: true })
  durationMs?: number | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
