import { Migration } from '@mikro-orm/migrations';

/**
 * At-least-once relay: an event stays unpublished until its handlers succeeded. `attempts` counts dispatches,
 * `next_attempt_at` is the claim's lease or the retry backoff, `last_error` says why the last one failed, and
 * `failed_at` marks an event the relay gave up on (kept for inspection; clear it to retry).
 */
export class Migration20261128010000OutboxRetries extends Migration {
  override name = 'Migration20261128010000OutboxRetries';

  override async up(): Promise<void> {
    this.addSql(`
alter table domain_events
  add column attempts integer not null default 0,
  add column next_attempt_at timestamptz null,
  add column last_error text null,
  add column failed_at timestamptz null;
drop index if exists domain_events_unpublished_idx;
create index domain_events_unpublished_idx on domain_events (id) where published_at is null and failed_at is null;
create index domain_events_failed_idx on domain_events (failed_at) where failed_at is not null;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop index if exists domain_events_failed_idx;
drop index if exists domain_events_unpublished_idx;
alter table domain_events drop column attempts, drop column next_attempt_at, drop column last_error, drop column failed_at;
create index domain_events_unpublished_idx on domain_events (id) where published_at is null;
`);
  }
}
