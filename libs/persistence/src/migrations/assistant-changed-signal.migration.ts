import { Migration } from '@mikro-orm/migrations';

/**
 * Every process keeps the assistants it answers with in memory (libs/assistants, assistant-cache.ts). A trigger,
 * rather than each writer, signals a change: assistants are also changed by a knowledge base's deletion and by
 * tenant deletion, and a writer that forgot to signal would leave replies on a stale prompt until the cache's TTL.
 * NOTIFY is delivered at commit, and not at all on rollback, so a listener never drops for a change that did not happen.
 */
export class Migration20261207060000AssistantChangedSignal extends Migration {
  override name = 'Migration20261207060000AssistantChangedSignal';

  override async up(): Promise<void> {
    this.addSql(`
create or replace function assistant_changed_signal() returns trigger language plpgsql as $$
begin
  perform pg_notify('confab_assistant_changed', coalesce(new.id, old.id)::text);
  return null;
end $$;
create trigger assistants_changed_signal after update or delete on assistants
  for each row execute function assistant_changed_signal();
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger if exists assistants_changed_signal on assistants;
drop function if exists assistant_changed_signal();
`);
  }
}
