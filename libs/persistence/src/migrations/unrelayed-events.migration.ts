import { Migration } from '@mikro-orm/migrations';

/**
 * Events nothing reacts to (DomainEvent.relayed: a reply the reply job sent itself, a send's record, a delivery
 * status, a message that wants no reply) stay in the log for the read models but get no outbox row: two of the
 * three events of an answered message had cost the relay a claim, a dispatch and a delete each, for no reaction.
 * A row appended without the column (a process of the previous version during a rolling update) is relayed, as
 * before.
 */
export class Migration20261208000000UnrelayedEvents extends Migration {
  override name = 'Migration20261208000000UnrelayedEvents';

  override async up(): Promise<void> {
    this.addSql(`
alter table domain_events add column relayed boolean not null default true;

create or replace function confab_queue_events() returns trigger language plpgsql as $$
begin
  insert into outbox (event_id) select id from appended where relayed;
  return null;
end $$;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
create or replace function confab_queue_events() returns trigger language plpgsql as $$
begin
  insert into outbox (event_id) select id from appended;
  return null;
end $$;

alter table domain_events drop column relayed;
`);
  }
}
