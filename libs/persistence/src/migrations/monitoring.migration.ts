import { Migration } from '@mikro-orm/migrations';

/**
 * The unanswered queue and the pipeline trace. A stable code for why a reply failed (reply_error stays the human
 * text), when the reply job was queued, when each model call started and how long it took; and the partial indexes
 * that keep the unanswered list and a message's trace to index scans over the few rows that matter.
 */
export class Migration20261206100000Monitoring extends Migration {
  override name = 'Migration20261206100000Monitoring';

  override async up(): Promise<void> {
    this.addSql(`
alter table messages add column reply_reason text null, add column reply_queued_at timestamptz null;
alter table usage_records add column started_at timestamptz null, add column duration_ms integer null;

create index messages_unanswered_idx on messages (tenant_id, created_at, id)
  where author = 'customer' and reply_state in ('pending', 'failed', 'skipped');
create index messages_undelivered_replies_idx on messages (tenant_id, created_at)
  where author = 'assistant' and delivery_status = 'failed';
create index messages_answered_by_idx on messages (answered_by_message_id) where answered_by_message_id is not null;
create index usage_records_message_idx on usage_records (message_id) where message_id is not null;
create index tool_calls_message_idx on tool_calls (message_id) where message_id is not null;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop index if exists tool_calls_message_idx;
drop index if exists usage_records_message_idx;
drop index if exists messages_answered_by_idx;
drop index if exists messages_undelivered_replies_idx;
drop index if exists messages_unanswered_idx;
alter table usage_records drop column started_at, drop column duration_ms;
alter table messages drop column reply_reason, drop column reply_queued_at;
`);
  }
}
