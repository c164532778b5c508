import { Migration } from '@mikro-orm/migrations';

/**
 * Monthly spending caps per tenant and per assistant, and the running spend they are checked against. The spend
 * counter is kept by a trigger on the usage ledger, so every ledger row (model calls, embeddings, channel fees,
 * knowledge indexing) counts in the same transaction that writes it and the reply path reads one row per scope
 * instead of summing a month of ledger rows. Months are the tenant's own (its timezone).
 */
export class Migration20261206100000Budgets extends Migration {
  override name = 'Migration20261206100000Budgets';

  override async up(): Promise<void> {
    this.addSql(`
create table budgets (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  scope text not null check (scope in ('tenant', 'assistant')),
  assistant_id uuid null,
  monthly_limit_micros bigint not null check (monthly_limit_micros >= 0),
  currency text not null,
  include_test boolean not null default false,
  warned_month text null,
  exhausted_month text null,
  updated_at timestamptz not null default now(),
  check ((scope = 'tenant') = (assistant_id is null))
);
create unique index budgets_scope_unique on budgets (tenant_id, coalesce(assistant_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- scope_key: 'tenant' or the assistant's id. Test-chat spend is kept apart so the tenant can count it or not.
create table budget_spend (
  tenant_id uuid not null references tenants (id) on delete cascade,
  scope_key text not null,
  month text not null,
  spent_micros bigint not null default 0,
  spent_test_micros bigint not null default 0,
  primary key (tenant_id, scope_key, month)
);

create function budget_spend_count() returns trigger language plpgsql as $$
declare
  m text;
  is_test boolean := false;
begin
  if new.cost_micros is null or new.cost_micros = 0 then return null; end if;
  select to_char(new.created_at at time zone coalesce(t.timezone, 'Europe/Berlin'), 'YYYY-MM') into m from tenants t where t.id = new.tenant_id;
  if m is null then m := to_char(new.created_at at time zone 'Europe/Berlin', 'YYYY-MM'); end if;
  if new.conversation_id is not null then
    select coalesce('test' = any (c.tags), false) into is_test from conversations c where c.id = new.conversation_id;
  end if;
  insert into budget_spend as s (tenant_id, scope_key, month, spent_micros, spent_test_micros)
    values (new.tenant_id, 'tenant', m, case when is_test then 0 else new.cost_micros end, case when is_test then new.cost_micros else 0 end)
    on conflict (tenant_id, scope_key, month) do update
    set spent_micros = s.spent_micros + excluded.spent_micros, spent_test_micros = s.spent_test_micros + excluded.spent_test_micros;
  if new.assistant_id is not null then
    insert into budget_spend as s (tenant_id, scope_key, month, spent_micros, spent_test_micros)
      values (new.tenant_id, new.assistant_id::text, m, case when is_test then 0 else new.cost_micros end, case when is_test then new.cost_micros else 0 end)
      on conflict (tenant_id, scope_key, month) do update
      set spent_micros = s.spent_micros + excluded.spent_micros, spent_test_micros = s.spent_test_micros + excluded.spent_test_micros;
  end if;
  return null;
end $$;
create trigger usage_records_budget_spend after insert on usage_records for each row execute function budget_spend_count();

-- Spend already in the ledger for the current months, so a cap set today sees this month's costs.
insert into budget_spend (tenant_id, scope_key, month, spent_micros, spent_test_micros)
select u.tenant_id, k.scope_key, to_char(u.created_at at time zone t.timezone, 'YYYY-MM'),
       sum(case when 'test' = any (coalesce(c.tags, '{}')) then 0 else u.cost_micros end),
       sum(case when 'test' = any (coalesce(c.tags, '{}')) then u.cost_micros else 0 end)
from usage_records u
join tenants t on t.id = u.tenant_id
left join conversations c on c.id = u.conversation_id
cross join lateral (values ('tenant'), (u.assistant_id::text)) k (scope_key)
where k.scope_key is not null and u.created_at >= now() - interval '32 days'
group by 1, 2, 3;
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists usage_records_budget_spend on usage_records; drop function if exists budget_spend_count(); drop table if exists budget_spend, budgets;');
  }
}
