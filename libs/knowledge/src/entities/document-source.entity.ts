import type { EntityManager } from '@mikro-orm/postgresql';
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

/** Stores or replaces a document's source bytes inside the caller's transaction. */
export async function saveDocumentSource(em: EntityManager, tenantId: string, documentId: string, data: Buffer): Promise<void> {
  await em.execute(
    'insert into knowledge_document_sources (document_id, tenant_id, data) values (?, ?, ?) on conflict (document_id) do update set data = excluded.data',
    [documentId, tenantId, data],
  );
}
