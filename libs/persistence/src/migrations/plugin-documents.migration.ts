import { Migration } from '@mikro-orm/migrations';

/** Documents plugins keep per tenant (e.g. HTTP tool definitions), secrets sealed. */
export class Migration20261125040000PluginDocuments extends Migration {
  override name = 'Migration20261125040000PluginDocuments';

  override async up(): Promise<void> {
    this.addSql(`
create table plugin_documents (
  tenant_id uuid not null references tenants(id) on delete cascade,
  namespace text not null,
  id text not null,
  data jsonb not null,
  sealed_secrets text null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, namespace, id)
);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists plugin_documents;');
  }
}
