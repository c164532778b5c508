import { Migration } from '@mikro-orm/migrations';

/**
 * The metrics read-model: the log's transaction ids (so a reader never skips an event that commits late), the
 * projector's position in them, the tenant's timezone, and the rollup and state tables the projector writes.
 */
export class Migration20261206000000Metrics extends Migration {
  override name = 'Migration20261206000000Metrics';

  override async up(): Promise<void> {
    this.addSql(`
alter table domain_events add column tx_id xid8 not null default pg_current_xact_id();
create index domain_events_tx_idx on domain_events (tx_id, id);
alter table projection_checkpoints add column last_tx_id xid8 not null default '0';

alter table tenants add column timezone text not null default 'Europe/Berlin';

-- The dimensions of each conversation as the projector saw them, and whether a human owns it.
create table metrics_conversations (
  conversation_id uuid primary key,
  tenant_id uuid not null,
  assistant_id uuid not null,
  channel text not null,
  is_test boolean not null,
  counted boolean not null default false,
  handed_over boolean not null default false
);
create index metrics_conversations_tenant_idx on metrics_conversations (tenant_id);

-- Per message state: whether it was counted, answered, sent, failed; makes every event's effect happen once.
create table metrics_messages (
  message_id uuid primary key,
  tenant_id uuid not null,
  conversation_id uuid not null,
  author text not null,
  at timestamptz not null,
  awaits_reply boolean not null default false,
  answer text null,
  reply_id uuid null,
  response_ms integer null,
  sent_at timestamptz null,
  failed_code text null,
  failed_at timestamptz null,
  channel_fee_micros bigint not null default 0
);
create index metrics_messages_tenant_idx on metrics_messages (tenant_id);
create index metrics_messages_open_idx on metrics_messages (conversation_id) where awaits_reply and answer is null;
create index metrics_messages_reply_idx on metrics_messages (reply_id) where reply_id is not null;

create table metrics_rollups (
  tenant_id uuid not null,
  day date not null,
  hour smallint not null,
  assistant_id uuid not null,
  channel text not null,
  is_test boolean not null,
  chats integer not null default 0,
  customer_messages integer not null default 0,
  assistant_messages integer not null default 0,
  agent_messages integer not null default 0,
  system_messages integer not null default 0,
  awaiting_reply integer not null default 0,
  answered_ai integer not null default 0,
  answered_human integer not null default 0,
  unanswered integer not null default 0,
  response_count integer not null default 0,
  response_sum_ms bigint not null default 0,
  response_hist jsonb not null default '{}',
  llm_cost_micros bigint not null default 0,
  embedding_cost_micros bigint not null default 0,
  channel_fee_micros bigint not null default 0,
  currency text not null default 'USD',
  failed_deliveries integer not null default 0,
  failed_by_code jsonb not null default '{}',
  handoffs integer not null default 0,
  primary key (tenant_id, day, assistant_id, channel, is_test, hour)
);

-- The same figures per local day: what day-level queries read (24 times fewer rows than the hours).
create table metrics_daily (like metrics_rollups including defaults);
alter table metrics_daily drop column hour;
alter table metrics_daily add primary key (tenant_id, day, assistant_id, channel, is_test);

-- Adds two {key: count} objects key by key, dropping keys that reach zero: merges histograms and code counts on upsert.
create function metrics_jsonb_add(a jsonb, b jsonb) returns jsonb language sql immutable as $$
  select coalesce(jsonb_object_agg(k, total), '{}'::jsonb)
  from (
    select k, sum(v::bigint) as total
    from (select * from jsonb_each_text(coalesce(a, '{}'::jsonb)) union all select * from jsonb_each_text(coalesce(b, '{}'::jsonb))) as kv(k, v)
    group by k
  ) sums
  where total <> 0
$$;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop function if exists metrics_jsonb_add(jsonb, jsonb);
drop table if exists metrics_daily, metrics_rollups, metrics_messages, metrics_conversations;
alter table tenants drop column if exists timezone;
alter table projection_checkpoints drop column if exists last_tx_id;
drop index if exists domain_events_tx_idx;
alter table domain_events drop column if exists tx_id;
`);
  }
}
