import { Migration } from '@mikro-orm/migrations';

/**
 * The running spend was one row per tenant (and assistant) and month, so every reply transaction of a tenant queued
 * on that row's lock until the one before it committed: under load the reply leg ran one commit at a time (each
 * ledger insert waited ~130 ms at 40 replies/s). The counter is now split by the writing backend: a connection runs
 * one transaction at a time, so two transactions on different connections never touch the same row unless their
 * backend ids meet modulo SHARDS. Readers sum the shards of a scope and month.
 */
export class Migration20261207000000BudgetSpendShards extends Migration {
  override name = 'Migration20261207000000BudgetSpendShards';

  override async up(): Promise<void> {
    this.addSql(`
alter table budget_spend add column shard smallint not null default 0;
alter table budget_spend drop constraint budget_spend_pkey;
alter table budget_spend add primary key (tenant_id, scope_key, month, shard);

create or replace function budget_spend_count() returns trigger language plpgsql as $$
declare
  m text;
  is_test boolean := false;
  -- 64 shards: more than the connections an installation's pools open against one database in practice.
  k smallint := pg_backend_pid() % 64;
begin
  if new.cost_micros is null or new.cost_micros = 0 then return null; end if;
  select to_char(new.created_at at time zone coalesce(t.timezone, 'Europe/Berlin'), 'YYYY-MM') into m from tenants t where t.id = new.tenant_id;
  if m is null then m := to_char(new.created_at at time zone 'Europe/Berlin', 'YYYY-MM'); end if;
  if new.conversation_id is not null then
    select coalesce('test' = any (c.tags), false) into is_test from conversations c where c.id = new.conversation_id;
  end if;
  insert into budget_spend as s (tenant_id, scope_key, month, shard, spent_micros, spent_test_micros)
    values (new.tenant_id, 'tenant', m, k, case when is_test then 0 else new.cost_micros end, case when is_test then new.cost_micros else 0 end)
    on conflict (tenant_id, scope_key, month, shard) do update
    set spent_micros = s.spent_micros + excluded.spent_micros, spent_test_micros = s.spent_test_micros + excluded.spent_test_micros;
  if new.assistant_id is not null then
    insert into budget_spend as s (tenant_id, scope_key, month, shard, spent_micros, spent_test_micros)
      values (new.tenant_id, new.assistant_id::text, m, k, case when is_test then 0 else new.cost_micros end, case when is_test then new.cost_micros else 0 end)
      on conflict (tenant_id, scope_key, month, shard) do update
      set spent_micros = s.spent_micros + excluded.spent_micros, spent_test_micros = s.spent_test_micros + excluded.spent_test_micros;
  end if;
  return null;
end $$;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
create temporary table budget_spend_merged as
  select tenant_id, scope_key, month, sum(spent_micros)::bigint as spent_micros, sum(spent_test_micros)::bigint as spent_test_micros
  from budget_spend group by 1, 2, 3;
delete from budget_spend;
alter table budget_spend drop constraint budget_spend_pkey;
alter table budget_spend drop column shard;
alter table budget_spend add primary key (tenant_id, scope_key, month);
insert into budget_spend select * from budget_spend_merged;
drop table budget_spend_merged;`);
  }
}
