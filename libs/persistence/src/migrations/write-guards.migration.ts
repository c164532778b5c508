import { Migration } from '@mikro-orm/migrations';

/**
 * Guards for the hot path's one-statement transactions, called from inside the statement they guard
 * (`with guard as materialized (select confab_..._guard(...))`, every write of the statement gated on it). A
 * PL/pgSQL function runs each of its statements with a fresh snapshot, so what a guard reads after taking its
 * locks includes every commit made before they were granted; the statement's own writes find the newest row
 * versions anyway (READ COMMITTED re-checks an updated row). The statement itself stays a named prepared statement
 * with bound values, planned once per connection. The functions they replace (confab_turn_write,
 * confab_after_lock) took the write as text and ran it with EXECUTE, which PostgreSQL parses and plans on every
 * call: 0.3-0.35 ms of each reply's and each send's statement (docs/benchmarks.md). Those stay for processes of the
 * previous version during a rolling update.
 *
 * confab_turn_guard: the reply turn's locks in the order a transaction takes them (the conversation, then the
 * turn's messages still pending) and whether nothing moved while the model answered: every turn message still
 * pending, no newer one waiting, and the conversation's owner, assistant and connection as the turn read them.
 *
 * confab_sent_guard: the early statuses' advisory lock for a provider message id, then whether a status report for
 * it was kept before the lock was granted (a report arriving later waits on the lock and then finds the message).
 *
 * Their few statements always take the same plan; the generic one is forced so PostgreSQL does not plan them anew
 * on each call, which it otherwise keeps doing for `id = any(array)`.
 */
export class Migration20261207180000WriteGuards extends Migration {
  override name = 'Migration20261207180000WriteGuards';

  override async up(): Promise<void> {
    this.addSql(`
create or replace function confab_turn_guard(p_tenant uuid, p_conversation uuid, p_turn uuid[], p_expected jsonb)
returns boolean language plpgsql volatile set plan_cache_mode = force_generic_plan as $$
declare
  conv record;
  locked int;
  newer boolean;
begin
  select owner, assistant_id, connection_id into conv from conversations where tenant_id = p_tenant and id = p_conversation for update;
  if not found then
    return false;
  end if;
  -- Every turn message is locked and its newest state counted: with reply_state in the condition, the plan
  -- intersected the index of all pending messages with the primary key's few rows.
  select count(*) filter (where reply_state = 'pending') into locked from (
    select reply_state from messages where tenant_id = p_tenant and id = any(p_turn) order by id for update
  ) turn;
  select exists (
    select 1 from messages where tenant_id = p_tenant and conversation_id = p_conversation and reply_state = 'pending' and id <> all(p_turn)
  ) into newer;
  return locked = cardinality(p_turn) and not newer
     and conv.owner is not distinct from p_expected->>'owner'
     and conv.assistant_id::text is not distinct from p_expected->>'assistantId'
     and conv.connection_id::text is not distinct from p_expected->>'connectionId';
end $$;

create or replace function confab_sent_guard(p_lock_key text, p_tenant uuid, p_connection uuid, p_provider_message_id text)
returns boolean language plpgsql volatile set plan_cache_mode = force_generic_plan as $$
begin
  perform pg_advisory_xact_lock(hashtext(p_lock_key));
  return exists (select 1 from early_status_reports where tenant_id = p_tenant and connection_id = p_connection and provider_message_id = p_provider_message_id);
end $$;
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists confab_turn_guard(uuid, uuid, uuid[], jsonb);');
    this.addSql('drop function if exists confab_sent_guard(text, uuid, uuid, text);');
  }
}
