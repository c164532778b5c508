import { Migration } from '@mikro-orm/migrations';

/** Tenant webhook endpoints, one delivery per (endpoint, event), one row per attempt. */
export class Migration20261125020000OutboundWebhooks extends Migration {
  override name = 'Migration20261125020000OutboundWebhooks';

  override async up(): Promise<void> {
    this.addSql(`
create table webhook_endpoints (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  url text not null,
  events text[] not null,
  description text null,
  sealed_secret text not null,
  status text not null default 'active',
  created_at timestamptz not null default now()
);
create index webhook_endpoints_tenant_idx on webhook_endpoints (tenant_id);

create table webhook_deliveries (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  event_type text not null,
  source_event_id bigint not null,
  payload jsonb not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  last_status_code integer null,
  last_error text null,
  next_attempt_at timestamptz null,
  created_at timestamptz not null default now(),
  delivered_at timestamptz null,
  constraint webhook_deliveries_once unique (endpoint_id, source_event_id, event_type)
);
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc);

create table webhook_attempts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
  attempt integer not null,
  status_code integer null,
  error text null,
  duration_ms integer not null,
  at timestamptz not null default now()
);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, attempt);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists webhook_attempts, webhook_deliveries, webhook_endpoints cascade;');
  }
}
