import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

/** Chunk text and where it came from; its vector lives in the vector store under the same id. */
@Entity({ tableName: 'knowledge_chunks' })
@TenantScoped()
export class KnowledgeChunk {
  @PrimaryKey({ type: 'uuid' }) id: string = randomUUID();
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) knowledgeBaseId!: string;
  @Property({ type: 'uuid' }) documentId!: string;
  @Property({ type: 'integer' }) idx!: number;
  @Property({ type: 'text' }) text!: string;
  @Property({ type: 'text[]' }) headingPath: string[] = [];
  @Property({ type: 'jsonb' }) position: Record<string, number> = {};
  @Property({ type: 'integer' }) tokens!: number;
}
