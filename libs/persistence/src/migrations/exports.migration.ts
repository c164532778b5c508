import { Migration } from '@mikro-orm/migrations';

/** Background exports: what was asked, how far the job got, and the file it left for a signed download link. */
export class Migration20261206170000Exports extends Migration {
  override name = 'Migration20261206170000Exports';

  override async up(): Promise<void> {
    this.addSql(`
create table exports (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  level text not null,
  format text not null,
  params jsonb not null default '{}',
  status text not null default 'queued',
  rows_done integer not null default 0,
  rows_total integer null,
  bytes bigint null,
  file_path text null,
  error text null,
  created_at timestamptz not null default now(),
  started_at timestamptz null,
  finished_at timestamptz null,
  expires_at timestamptz null,
  constraint exports_level_check check (level in ('conversations', 'messages', 'tool-calls')),
  constraint exports_format_check check (format in ('csv', 'jsonl')),
  constraint exports_status_check check (status in ('queued', 'running', 'done', 'failed', 'expired'))
);
create index exports_tenant_created_idx on exports (tenant_id, created_at desc);
create index exports_expiry_idx on exports (expires_at) where status = 'done';
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists exports;');
  }
}
