import { Migration } from '@mikro-orm/migrations';

/** Work for humans that tools leave behind (callbacks, follow-ups). */
export class Migration20261125030000Tasks extends Migration {
  override name = 'Migration20261125030000Tasks';

  override async up(): Promise<void> {
    this.addSql(`
create table tasks (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  conversation_id uuid null references conversations(id) on delete set null,
  kind text not null,
  status text not null default 'open',
  title text not null,
  details jsonb not null default '{}',
  due_at timestamptz null,
  created_by text not null,
  created_at timestamptz not null default now(),
  closed_at timestamptz null,
  constraint tasks_status_check check (status in ('open', 'done', 'cancelled'))
);
create index tasks_tenant_status_idx on tasks (tenant_id, status, created_at desc);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists tasks;');
  }
}
