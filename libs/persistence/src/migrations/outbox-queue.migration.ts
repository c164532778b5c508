import { Migration } from '@mikro-orm/migrations';

/**
 * Splits the event log from the relay's queue. `domain_events` stays the append-only log (read models are rebuilt
 * from it, so nothing is ever deleted or updated there); `outbox` holds one small row per event not yet delivered,
 * which the relay deletes once the event's reactions succeeded. A trigger on the log adds the outbox rows in the
 * inserting statement, so every way of appending (ORM flush, native SQL) queues the event in the same transaction
 * and no caller can forget it. It does not NOTIFY: PostgreSQL serialises the commits of notifying transactions on
 * one lock, which capped event-appending commits at about 300/s here (1,100/s without); processes that do not
 * relay announce their commits after the fact instead (OutboxRelay.committed). The queue stays a handful of live rows, so claims do not slow down as
 * the log grows; fillfactor leaves room on each page for the claim's lease update to stay a HOT update.
 */
export class Migration20261206000000OutboxQueue extends Migration {
  override name = 'Migration20261206000000OutboxQueue';

  override async up(): Promise<void> {
    this.addSql(`
create table outbox (
  event_id bigint primary key references domain_events (id),
  attempts integer not null default 0,
  next_attempt_at timestamptz null,
  last_error text null,
  failed_at timestamptz null
) with (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
-- Claims walk this in id order; rows the relay gave up on are not in it.
create index outbox_pending_idx on outbox (event_id) where failed_at is null;

insert into outbox (event_id, attempts, next_attempt_at, last_error, failed_at)
  select id, attempts, next_attempt_at, last_error, failed_at from domain_events where published_at is null;

drop index if exists domain_events_unpublished_idx;
drop index if exists domain_events_failed_idx;
alter table domain_events drop column published_at, drop column attempts, drop column next_attempt_at, drop column last_error, drop column failed_at;

create function confab_queue_events() returns trigger language plpgsql as $$
begin
  insert into outbox (event_id) select id from appended;
  return null;
end $$;
create trigger domain_events_queue after insert on domain_events
  referencing new table as appended for each statement execute function confab_queue_events();
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger if exists domain_events_queue on domain_events;
drop function if exists confab_queue_events();
alter table domain_events
  add column published_at timestamptz null,
  add column attempts integer not null default 0,
  add column next_attempt_at timestamptz null,
  add column last_error text null,
  add column failed_at timestamptz null;
update domain_events e set published_at = e.occurred_at where not exists (select 1 from outbox o where o.event_id = e.id);
update domain_events e set attempts = o.attempts, next_attempt_at = o.next_attempt_at, last_error = o.last_error, failed_at = o.failed_at
  from outbox o where o.event_id = e.id;
create index domain_events_unpublished_idx on domain_events (id) where published_at is null and failed_at is null;
create index domain_events_failed_idx on domain_events (failed_at) where failed_at is not null;
drop table outbox;
`);
  }
}
