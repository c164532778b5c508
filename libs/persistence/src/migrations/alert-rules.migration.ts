import { Migration } from '@mikro-orm/migrations';

/**
 * Alert rules, their state and the history of their state changes; and the (tenant, time) index on messages the
 * rules' sliding windows read through, so an evaluation touches only the window's rows.
 */
export class Migration20261206110000AlertRules extends Migration {
  override name = 'Migration20261206110000AlertRules';

  override async up(): Promise<void> {
    this.addSql(`
create table alert_rules (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  metric text not null check (metric in ('response_time_p95', 'error_rate', 'failed_deliveries', 'unanswered', 'cost')),
  threshold numeric not null,
  window_minutes integer not null,
  assistant_id uuid null,
  channel text null,
  enabled boolean not null default true,
  state text not null default 'ok' check (state in ('ok', 'firing')),
  last_value numeric null,
  last_evaluated_at timestamptz null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index alert_rules_tenant_idx on alert_rules (tenant_id, created_at);
create index alert_rules_enabled_idx on alert_rules (id) where enabled;

create table alert_events (
  id uuid primary key,
  tenant_id uuid not null,
  rule_id uuid not null references alert_rules (id) on delete cascade,
  state text not null check (state in ('firing', 'resolved')),
  value numeric not null,
  threshold numeric not null,
  at timestamptz not null default now()
);
create index alert_events_rule_idx on alert_events (rule_id, at desc);

create index if not exists messages_tenant_created_idx on messages (tenant_id, created_at);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists alert_events, alert_rules; drop index if exists messages_tenant_created_idx;');
  }
}
