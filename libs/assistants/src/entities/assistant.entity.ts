import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

export interface EnabledTool {
  name: string;
  config: Record<string, unknown>;
}

export const RETRIEVAL_MODES = ['inject', 'tool'] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/** How many chunks to use and how close they must be; unset keys take the platform defaults (docs/knowledge.md). */
export interface RetrievalSettings {
  topK?: number;
  /** Cosine similarity a chunk needs to be used. */
  scoreThreshold?: number;
  /** Dense and lexical (full-text) search fused by rank. */
  hybrid?: boolean;
}

/** One assistant configuration serves every channel; channel formatting is added at reply time. */
@Entity({ tableName: 'assistants' })
@TenantScoped()
export class Assistant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Off: its channels stay connected, but customers get no AI reply (test chats still answer, to try it first). */
  @Property({ type: 'boolean' })
  enabled = true;

  @Property({ type: 'text' })
  systemPrompt!: string;

  @Property({ type: 'text' })
  model!: string;

  /** Sampling temperature, not money: a float is fine here. Null leaves the model's default. */
  @Property({ type: 'double precision', nullable: true })
  temperature?: number | null;

  @Property({ type: 'jsonb' })
  tools: EnabledTool[] = [];

  @Property({ type: 'jsonb' })
  knowledgeBaseIds: string[] = [];

  @Property({ type: 'text' })
  retrievalMode: RetrievalMode = 'inject';

  @Property({ type: 'jsonb' })
  retrieval: RetrievalSettings = {};

  /**
   * The burst window: a customer message within this many ms of the previous one waits until this long after the
   * latest (docs/architecture.md, "Debounce"). 0: every message is answered at once. Null: REPLY_DEBOUNCE_MS.
   */
  @Property({ type: 'integer', nullable: true })
  replyDebounceMs?: number | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt?: Date | null;
}
