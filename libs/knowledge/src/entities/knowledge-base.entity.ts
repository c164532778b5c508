import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

/** A set of documents an assistant can answer from. Built with one embedding model; changing it re-indexes. */
@Entity({ tableName: 'knowledge_bases' })
@TenantScoped()
export class KnowledgeBase {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text', nullable: true }) description?: string | null;
  @Property({ type: 'text' }) embeddingModel!: string;
  @Property({ type: 'integer' }) embeddingDimension!: number;
  /** Target chunk size and overlap in approximate tokens. */
  @Property({ type: 'integer' }) chunkTokens = 350;
  @Property({ type: 'integer' }) chunkOverlapTokens = 50;
  @Property({ type: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'timestamptz', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
