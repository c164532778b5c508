import { Migration } from '@mikro-orm/migrations';

/** The platform core's tables. Every tenant-owned row carries tenant_id; money is bigint micro-units. */
export class Migration20261125000000InitialSchema extends Migration {
  override name = 'Migration20261125000000InitialSchema';

  override async up(): Promise<void> {
    this.addSql(`
create table tenants (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table api_keys (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  prefix text not null,
  hash text not null unique,
  scopes text[] not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz null,
  revoked_at timestamptz null
);
create index api_keys_tenant_idx on api_keys (tenant_id);

create table assistants (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  system_prompt text not null,
  model text not null,
  temperature double precision null,
  tools jsonb not null default '[]',
  knowledge_base_ids jsonb not null default '[]',
  retrieval_mode text not null default 'inject',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz null
);
create index assistants_tenant_idx on assistants (tenant_id, created_at);

create table channel_connections (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  type text not null,
  assistant_id uuid not null references assistants(id),
  name text not null,
  config jsonb not null default '{}',
  sealed_secrets text null,
  status text not null default 'active',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index channel_connections_tenant_type_idx on channel_connections (tenant_id, type);

create table customers (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  display_name text null,
  created_at timestamptz not null default now()
);

create table customer_identities (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  kind text not null,
  value text not null,
  created_at timestamptz not null default now(),
  constraint customer_identities_unique unique (tenant_id, kind, value)
);
create index customer_identities_customer_idx on customer_identities (customer_id);

create table conversations (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  channel text not null,
  connection_id uuid not null references channel_connections(id),
  assistant_id uuid not null references assistants(id),
  customer_id uuid not null references customers(id),
  customer_identifier text null,
  customer_name text null,
  status text not null default 'open',
  owner text not null default 'ai',
  handoff_reason text null,
  handoff_summary text null,
  handed_over_at timestamptz null,
  tags text[] not null default '{}',
  service_window_expires_at timestamptz null,
  variables jsonb not null default '{}',
  message_count integer not null default 0,
  total_cost_micros bigint not null default 0,
  prompt_tokens integer not null default 0,
  cached_tokens integer not null default 0,
  completion_tokens integer not null default 0,
  failed_deliveries integer not null default 0,
  last_message_at timestamptz null,
  last_customer_message_at timestamptz null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_status_check check (status in ('open', 'closed')),
  constraint conversations_owner_check check (owner in ('ai', 'human'))
);
create index conversations_list_idx on conversations (tenant_id, last_message_at desc, id desc);
create index conversations_open_idx on conversations (tenant_id, connection_id, customer_id, status);
create index conversations_assistant_idx on conversations (tenant_id, assistant_id, created_at);
create index conversations_identifier_idx on conversations (tenant_id, customer_identifier);

create table messages (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  connection_id uuid not null references channel_connections(id),
  direction text not null,
  author text not null,
  text text null,
  attachments jsonb not null default '[]',
  provider_message_id text null,
  reply_to_provider_message_id text null,
  delivery_status text null,
  error jsonb null,
  send_attempts integer not null default 0,
  reply_state text null,
  reply_error text null,
  answered_by_message_id uuid null,
  in_reply_to_message_id uuid null,
  usage jsonb null,
  cost_micros bigint not null default 0,
  latency_ms integer null,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz null,
  delivered_at timestamptz null,
  read_at timestamptz null,
  failed_at timestamptz null,
  constraint messages_direction_check check (direction in ('inbound', 'outbound')),
  constraint messages_author_check check (author in ('customer', 'assistant', 'agent', 'system'))
);
create index messages_conversation_idx on messages (conversation_id, created_at);
create index messages_pending_reply_idx on messages (conversation_id) where reply_state = 'pending';
-- Redelivered provider messages are a no-op: one row per (connection, provider id) per direction.
create unique index messages_provider_id_unique on messages (connection_id, direction, provider_message_id)
  where provider_message_id is not null;

create table tool_calls (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  message_id uuid null,
  call_id text not null,
  name text not null,
  arguments jsonb null,
  raw_arguments text null,
  result jsonb null,
  error text null,
  validation text not null default 'not_checked',
  duration_ms integer not null default 0,
  created_at timestamptz not null default now()
);
create index tool_calls_conversation_idx on tool_calls (conversation_id, created_at);
create index tool_calls_name_idx on tool_calls (tenant_id, name, created_at);

create table usage_records (
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null,
  assistant_id uuid null,
  conversation_id uuid null,
  message_id uuid null,
  model text not null,
  prompt_tokens integer not null default 0,
  cached_tokens integer not null default 0,
  completion_tokens integer not null default 0,
  cost_micros bigint not null default 0,
  currency text not null default 'USD',
  price_ref text null,
  created_at timestamptz not null default now(),
  constraint usage_records_kind_check check (kind in ('llm', 'embedding', 'channel_fee'))
);
create index usage_records_tenant_idx on usage_records (tenant_id, created_at);
create index usage_records_conversation_idx on usage_records (conversation_id);

create table domain_events (
  id bigserial primary key,
  tenant_id uuid not null,
  aggregate_type text not null,
  aggregate_id uuid not null,
  type text not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  published_at timestamptz null
);
create index domain_events_unpublished_idx on domain_events (id) where published_at is null;
create index domain_events_aggregate_idx on domain_events (aggregate_id, id);

create table projection_checkpoints (
  name text primary key,
  last_event_id bigint not null default 0,
  updated_at timestamptz not null default now()
);
`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists projection_checkpoints, domain_events, usage_records, tool_calls, messages,
      conversations, customer_identities, customers, channel_connections, assistants, api_keys, tenants cascade;`);
  }
}
