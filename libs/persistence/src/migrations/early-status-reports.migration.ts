import { Migration } from '@mikro-orm/migrations';

/**
 * A provider can report a status before the send that produced the message id has committed it (WhatsApp answers the
 * send, then posts "failed" within milliseconds). Such reports wait here and are applied when the id is recorded,
 * instead of being dropped as "unknown message".
 */
export class Migration20261206200000EarlyStatusReports extends Migration {
  override name = 'Migration20261206200000EarlyStatusReports';

  override async up(): Promise<void> {
    this.addSql(`
create table early_status_reports (
  id bigserial primary key,
  tenant_id uuid not null,
  connection_id uuid not null,
  provider_message_id text not null,
  report jsonb not null,
  received_at timestamptz not null default now()
);
create index early_status_reports_message_idx on early_status_reports (connection_id, provider_message_id);
create index early_status_reports_age_idx on early_status_reports (received_at);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists early_status_reports;');
  }
}
