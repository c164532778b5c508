import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { money, Assistant } from '@confab/assistants';
import { NotFound } from '@confab/plugin-sdk';
import { BudgetGuard, WARNING_SHARE } from './budget-guard';
import { decimalToMicros, type BudgetView, type PutBudgetDto } from './budgets.dto';

interface BudgetRow {
  id: string;
  scope: 'tenant' | 'assistant';
  assistant_id: string | null;
  monthly_limit_micros: string;
  currency: string;
  include_test: boolean;
  updated_at: Date;
  month: string;
  spent: string;
}

const SELECT = `
  with m as (select to_char(now() at time zone timezone, 'YYYY-MM') as month from tenants where id = ?)
  select b.id, b.scope, b.assistant_id, b.monthly_limit_micros, b.currency, b.include_test, b.updated_at, m.month,
         coalesce(s.spent_micros, 0) + case when b.include_test then coalesce(s.spent_test_micros, 0) else 0 end as spent
  from budgets b cross join m
  left join lateral (select sum(x.spent_micros) as spent_micros, sum(x.spent_test_micros) as spent_test_micros from budget_spend x
                   where x.tenant_id = b.tenant_id and x.scope_key = coalesce(b.assistant_id::text, 'tenant') and x.month = m.month) s on true
  where b.tenant_id = ?`;

/** Setting, reading and removing the monthly caps; enforcement is the BudgetGuard's. */
@Injectable()
export class BudgetService {
  constructor(
    private readonly db: Db,
    private readonly guard: BudgetGuard,
  ) {}

  async list(tenantId: string): Promise<BudgetView[]> {
    const rows = await this.db.forTenant(tenantId).execute<BudgetRow[]>(`${SELECT} order by b.scope desc, b.updated_at`, [tenantId, tenantId]);
    return rows.map(view);
  }

  async get(tenantId: string, assistantId: string | null): Promise<BudgetView> {
    const found = await this.find(tenantId, assistantId);
    if (!found) throw new NotFound('budget', assistantId ?? 'tenant');
    return found;
  }

  /**
   * Sets the cap. Takes effect on the next message on every worker (the guard reads the row, no cache). A cap
   * raised above the spend re-arms its notices, so crossing the new line is announced again.
   */
  async put(tenantId: string, assistantId: string | null, dto: PutBudgetDto): Promise<BudgetView> {
    await this.assertAssistant(tenantId, assistantId);
    const limit = decimalToMicros(dto.monthlyLimit);
    await this.db.transaction(tenantId, async (tx) => {
      await tx.execute(
        `insert into budgets (id, tenant_id, scope, assistant_id, monthly_limit_micros, currency, include_test)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (tenant_id, coalesce(assistant_id, '00000000-0000-0000-0000-000000000000'::uuid)) do update
         set monthly_limit_micros = excluded.monthly_limit_micros, currency = excluded.currency, include_test = excluded.include_test, updated_at = now()`,
        [randomUUID(), tenantId, assistantId ? 'assistant' : 'tenant', assistantId, limit, dto.currency, dto.includeTest ?? false],
        'run',
      );
      const current = await this.findIn(tx, tenantId, assistantId);
      const spent = Number(current!.spent.micros);
      await tx.execute(
        `update budgets set warned_month = case when ? then null else warned_month end,
                            exhausted_month = case when ? then null else exhausted_month end
         where id = ?`,
        [spent < limit * WARNING_SHARE, spent < limit, current!.id],
        'run',
      );
    });
    // Replies in any process that believed this tenant had no budget check again from the next message.
    await this.guard.changed(tenantId);
    return this.get(tenantId, assistantId);
  }

  async remove(tenantId: string, assistantId: string | null): Promise<void> {
    await this.assertAssistant(tenantId, assistantId);
    const res = await this.db.forTenant(tenantId).execute<{ affectedRows?: number }>(
      `delete from budgets where tenant_id = ? and assistant_id is not distinct from ?`, [tenantId, assistantId], 'run',
    );
    if (!res.affectedRows) throw new NotFound('budget', assistantId ?? 'tenant');
  }

  private async find(tenantId: string, assistantId: string | null): Promise<BudgetView | null> {
    return this.findIn(this.db.forTenant(tenantId), tenantId, assistantId);
  }

  private async findIn(em: ReturnType<Db['forTenant']>, tenantId: string, assistantId: string | null): Promise<BudgetView | null> {
    const rows = await em.execute<BudgetRow[]>(`${SELECT} and b.assistant_id is not distinct from ?`, [tenantId, tenantId, assistantId]);
    return rows[0] ? view(rows[0]) : null;
  }

  /** Another tenant's assistant, or a deleted one, is not found here. */
  private async assertAssistant(tenantId: string, assistantId: string | null): Promise<void> {
    if (!assistantId) return;
    const found = await this.db.forTenant(tenantId).findOne(Assistant, { id: assistantId, deletedAt: null });
    if (!found) throw new NotFound('assistant', assistantId);
  }
}

function view(row: BudgetRow): BudgetView {
  const limit = Number(row.monthly_limit_micros);
  const spent = Number(row.spent);
  return {
    id: row.id,
    scope: row.scope,
    assistantId: row.assistant_id,
    monthlyLimit: money(limit, row.currency),
    spent: money(spent, row.currency),
    month: row.month,
    includeTest: row.include_test,
    status: spent >= limit ? 'exhausted' : spent >= limit * WARNING_SHARE ? 'warning' : 'ok',
    updatedAt: new Date(row.updated_at),
  };
}
