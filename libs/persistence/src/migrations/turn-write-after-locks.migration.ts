import { Migration } from '@mikro-orm/migrations';

/**
 * `confab_turn_write(tenant, conversation, turn, expected, statement)`: a reply turn's commit in one round trip.
 * It takes the locks the turn's transaction takes, in the same order (the conversation, then the turn's messages
 * still pending), counts the conversation's other pending messages, and runs the turn's write statement only when
 * nothing moved while the model was answering: every turn message still pending, no newer one waiting, and the
 * conversation's owner, assistant and connection as the turn read them. Then it answers {written: true, state: the
 * statement's row}; otherwise {written: false} with nothing changed, and the caller takes the transaction's path,
 * which decides what a moved turn becomes (answered elsewhere, superseded by a burst, more to answer). Each
 * statement of a PL/pgSQL function takes a fresh snapshot, so the write sees every commit made before its locks
 * were granted, as it would in a transaction. Called as a statement of its own it is a whole transaction: BEGIN,
 * two locking statements, the write and COMMIT were five round trips. The statement is the caller's own SQL
 * (turn-writes.ts), never text from a request.
 */
export class Migration20261207120000TurnWriteAfterLocks extends Migration {
  override name = 'Migration20261207120000TurnWriteAfterLocks';

  override async up(): Promise<void> {
    this.addSql(`
create or replace function confab_turn_write(p_tenant uuid, p_conversation uuid, p_turn uuid[], p_expected jsonb, p_statement text)
returns jsonb language plpgsql volatile as $$
declare
  conv record;
  locked int;
  newer boolean;
  written record;
begin
  select owner, assistant_id, connection_id into conv from conversations where tenant_id = p_tenant and id = p_conversation for update;
  if not found then
    return jsonb_build_object('written', false);
  end if;
  select count(*) into locked from (
    select 1 from messages where tenant_id = p_tenant and id = any(p_turn) and reply_state = 'pending' order by id for update
  ) turn;
  select exists (
    select 1 from messages where tenant_id = p_tenant and conversation_id = p_conversation and reply_state = 'pending' and id <> all(p_turn)
  ) into newer;
  if locked <> cardinality(p_turn) or newer
     or conv.owner is distinct from p_expected->>'owner'
     or conv.assistant_id::text is distinct from p_expected->>'assistantId'
     or conv.connection_id::text is distinct from p_expected->>'connectionId' then
    return jsonb_build_object('written', false);
  end if;
  execute p_statement into written;
  return jsonb_build_object('written', true, 'state', to_jsonb(written));
end $$;
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists confab_turn_write(uuid, uuid, uuid[], jsonb, text);');
  }
}
