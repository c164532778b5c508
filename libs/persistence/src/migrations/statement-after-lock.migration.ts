import { Migration } from '@mikro-orm/migrations';

/**
 * `confab_after_lock(key, statement)`: takes a transaction advisory lock, then runs one statement that returns one
 * jsonb value, and answers it; a null answer means the statement found nothing to change, and the function raises so
 * that everything the statement did rolls back. A single statement's snapshot is taken before it starts, so a lock taken inside it
 * cannot order it after other transactions' commits; a PL/pgSQL function runs each of its statements with a fresh
 * snapshot, so the statement run here sees every commit made before the lock was granted. Called as a statement of
 * its own it is a whole transaction in one round trip (the lock goes with the implicit commit), where BEGIN, the
 * lock, the statement and COMMIT were four. The statement is the caller's own SQL (outbound-send-rows.ts), never
 * text from a request.
 */
export class Migration20261207090000StatementAfterLock extends Migration {
  override name = 'Migration20261207090000StatementAfterLock';

  override async up(): Promise<void> {
    this.addSql(`
create or replace function confab_after_lock(lock_key text, statement text) returns jsonb language plpgsql volatile as $$
declare
  result jsonb;
begin
  perform pg_advisory_xact_lock(hashtext(lock_key));
  execute statement into result;
  if result is null then
    raise exception 'the statement run after lock % changed nothing', lock_key using errcode = 'no_data_found';
  end if;
  return result;
end $$;
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists confab_after_lock(text, text);');
  }
}
