import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TenantScoped } from '@confab/persistence';

/** The bytes a document was built from, kept so a model change or a retry can re-index without a new upload. */
@Entity({ tableName: 'knowledge_document_sources' })
@TenantScoped()
export class DocumentSourceBlob {
  @PrimaryKey({ type: 'uuid' }) documentId!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'bytea' }) data!: Buffer;
}
