import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

export const GAP_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];
export const GAP_REASONS = ['no_match', 'assistant_unsure'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** A question the knowledge could not answer; near-identical questions of one assistant share one gap. */
@Entity({ tableName: 'knowledge_gaps' })
@TenantScoped()
export class KnowledgeGap {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) assistantId!: string;
  /** The first question asked, shown as the entry's title. */
  @Property({ type: 'text' }) question!: string;
  /** Lower-cased words of the question, for grouping when no embedding is at hand. */
  @Property({ type: 'text' }) normalized!: string;
  /** Embedding of the first question (model below), for grouping paraphrases. */
  @Property({ type: 'double precision[]', nullable: true }) embedding?: number[] | null;
  @Property({ type: 'text', nullable: true }) embeddingModel?: string | null;
  @Property({ type: 'integer' }) count = 0;
  @Property({ type: 'text' }) status: GapStatus = 'open';
  @Property({ type: 'uuid', nullable: true }) resolvedByDocumentId?: string | null;
  @Property({ type: 'text', nullable: true }) note?: string | null;
  @Property({ type: 'timestamptz' }) firstAskedAt: Date = new Date();
  @Property({ type: 'timestamptz' }) lastAskedAt: Date = new Date();
  @Property({ type: 'timestamptz', nullable: true }) resolvedAt?: Date | null;
}

@Entity({ tableName: 'knowledge_gap_examples' })
@TenantScoped()
export class KnowledgeGapExample {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) gapId!: string;
  @Property({ type: 'uuid', nullable: true }) conversationId?: string | null;
  @Property({ type: 'uuid', nullable: true }) messageId?: string | null;
  @Property({ type: 'text' }) question!: string;
  @Property({ type: 'text' }) reason!: GapReason;
  /** Best similarity retrieval found (null when nothing came back at all). */
  @Property({ type: 'double precision', nullable: true }) topScore?: number | null;
  @Property({ type: 'timestamptz' }) askedAt: Date = new Date();
}
