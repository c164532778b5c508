import { Migration } from '@mikro-orm/migrations';

/** Provider-side facts: connection state (synced templates), edits and deletions, one channel fee per message. */
export class Migration20261125010000ProviderEvents extends Migration {
  override name = 'Migration20261125010000ProviderEvents';

  override async up(): Promise<void> {
    this.addSql(`
alter table channel_connections add column state jsonb not null default '{}';
alter table messages add column edited_at timestamptz null;
alter table messages add column revoked_at timestamptz null;
create unique index usage_records_channel_fee_unique on usage_records (message_id) where kind = 'channel_fee';
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop index if exists usage_records_channel_fee_unique;
alter table messages drop column if exists revoked_at;
alter table messages drop column if exists edited_at;
alter table channel_connections drop column if exists state;
`);
  }
}
