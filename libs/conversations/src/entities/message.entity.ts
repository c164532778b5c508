import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';
import { TenantScoped } from '@confab/persistence';
import type { Attachment, DeliveryStatus, ProviderError } from '@confab/plugin-sdk';
import type { Citation } from '@confab/knowledge';

export const AUTHORS = ['customer', 'assistant', 'agent', 'system'] as const;
export type MessageAuthor = (typeof AUTHORS)[number];
export type MessageDirection = 'inbound' | 'outbound';

/** Where a customer message stands on its way to an AI reply. */
export const REPLY_STATES = ['pending', 'answered', 'failed', 'skipped'] as const;
export type ReplyState = (typeof REPLY_STATES)[number];

export interface MessageUsage {
  model: string;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  llmCalls: number;
}

export interface MessageError extends ProviderError {
  retryable?: boolean;
  /** The provider's retry-after for a retryable failure, as the channel reported it (before the cap). */
  retryAfterMs?: number;
  /** A retryable failure with attempts left: when the send queue tries again (ISO, UTC). */
  nextAttemptAt?: string;
}

@Entity({ tableName: 'messages' })
@TenantScoped()
@Index({ properties: ['conversationId', 'createdAt'] })
export class Message {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  conversationId!: string;

  @Property({ type: 'uuid' })
  connectionId!: string;

  @Property({ type: 'text' })
  direction!: MessageDirection;

  @Property({ type: 'text' })
  author!: MessageAuthor;

  @Property({ type: 'text', nullable: true })
  text?: string | null;

  @Property({ type: 'jsonb' })
  attachments: Attachment[] = [];

  /**
   * The provider's reference for the message (quotes, edits, reactions, status reports name it); unique per
   * connection and direction, so an inbound redelivery under the same reference is a no-op.
   */
  @Property({ type: 'text', nullable: true })
  providerMessageId?: string | null;

  /** Inbound only: the delivery's idempotency key when the channel gave one apart from the reference (update id). */
  @Property({ type: 'text', nullable: true })
  deliveryId?: string | null;

  @Property({ type: 'text', nullable: true })
  replyToProviderMessageId?: string | null;

  /** Outbound only. */
  @Property({ type: 'text', nullable: true })
  deliveryStatus?: DeliveryStatus | null;

  @Property({ type: 'jsonb', nullable: true })
  error?: MessageError | null;

  @Property({ type: 'integer' })
  sendAttempts = 0;

  /** Inbound customer messages only: the AI reply's state and, when it failed, why. */
  @Property({ type: 'text', nullable: true })
  replyState?: ReplyState | null;

  @Property({ type: 'text', nullable: true })
  replyError?: string | null;

  /** Why the reply failed, as a stable code (timeout, llm_failed, tool_failed); replyError keeps the readable text. */
  @Property({ type: 'text', nullable: true })
  replyReason?: 'timeout' | 'llm_failed' | 'tool_failed' | null;

  /** When the reply job for it was first queued (the pipeline trace's 'queued' stage). */
  @Property({ type: 'timestamptz', nullable: true })
  replyQueuedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  answeredByMessageId?: string | null;

  /** Assistant replies: the customer message(s) this answers start here; response time is measured from it. */
  @Property({ type: 'uuid', nullable: true })
  inReplyToMessageId?: string | null;

  @Property({ type: 'jsonb', nullable: true })
  usage?: MessageUsage | null;

  @Property({ type: new BigIntType('number') })
  costMicros = 0;

  @Property({ type: 'integer', nullable: true })
  latencyMs?: number | null;

  @Property({ type: 'jsonb' })
  metadata: Record<string, unknown> = {};

  /** Assistant replies: the knowledge chunks the answer drew on. */
  @Property({ type: 'jsonb' })
  citations: Citation[] = [];

  /** When the customer sent it (provider timestamp) or when we created it. */
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  readAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  failedAt?: Date | null;

  /** The customer edited the text; earlier versions are kept in metadata.edits. */
  @Property({ type: 'timestamptz', nullable: true })
  editedAt?: Date | null;

  /** The customer deleted the message for everyone; the text is kept for the record, flagged. */
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
