import { Injectable, Logger } from '@nestjs/common';
import { appendEvents, Db, PgSignals } from '@confab/persistence';
import { BudgetExhausted, BudgetWarningReached, type BudgetScope } from './budget.events';

/** Spend at or above this share of the cap sends budget.warning. */
export const WARNING_SHARE = 0.8;

/** Signalled with the tenant id after a budget was set or changed (BudgetService.put). */
export const BUDGET_CHANGED = 'confab_budget_changed';

/**
 * How long "no budget covers this" is believed without asking again. Most tenants set no budget, and the check runs
 * for every reply; a budget being set drops the belief in every process at once (BUDGET_CHANGED), so this only
 * bounds how stale it can get when that signal is lost.
 */
const UNBUDGETED_MS = 10_000;

interface ScopeRow {
  id: string;
  scope: BudgetScope;
  assistant_id: string | null;
  monthly_limit_micros: string;
  currency: string;
  warned_month: string | null;
  exhausted_month: string | null;
  month: string;
  spent: string;
}

export interface BudgetVerdict {
  /** The scope whose cap is used up (the tenant's first), or null when the model may be called. */
  exhausted: { scope: BudgetScope; budgetId: string } | null;
  /** Whether any budget covers the conversation at all (without one, spending cannot cross a line). */
  budgeted: boolean;
}

/**
 * Checks a conversation's budgets (its tenant's and its assistant's) against this month's spend and logs the
 * warning and exhaustion events, each once per budget and month. One indexed query of at most two rows, with no
 * cache of what a budget allows: the spend counter is kept by a trigger on the ledger, and a raised cap counts from
 * the next message on every worker, not after a cache expires. Only "no budget covers this" is remembered (see
 * UNBUDGETED_MS), and forgotten everywhere the moment a budget is set.
 */
@Injectable()
export class BudgetGuard {
  private readonly logger = new Logger('BudgetGuard');
  /** Per tenant: `assistantId:isTest` scopes no budget covered when last read, until when that is believed. */
  private readonly unbudgeted = new Map<string, Map<string, number>>();
  /** Bumped by every drop, so a read that raced a budget being set does not store its stale answer. */
  private generation = 0;
  private listening = false;

  constructor(
    private readonly db: Db,
    private readonly signals: PgSignals,
  ) {}

  /** A budget of the tenant was set: forget what was believed about it (this process at once, the others by signal). */
  async changed(tenantId: string): Promise<void> {
    this.forget(tenantId);
    await this.signals.notify(BUDGET_CHANGED, tenantId);
  }

  async check(tenantId: string, assistantId: string, isTestChat: boolean): Promise<BudgetVerdict> {
    this.listen();
    const scope = `${assistantId}:${isTestChat}`;
    const now = Date.now();
    if ((this.unbudgeted.get(tenantId)?.get(scope) ?? 0) > now) return { exhausted: null, budgeted: false };
    const generation = this.generation;
    // One read on the common path (no budget, or nothing to announce); a transaction only to log a notice.
    const rows = await this.db.forTenant(tenantId).execute<ScopeRow[]>(
      `with m as (select to_char(now() at time zone timezone, 'YYYY-MM') as month from tenants where id = ?)
         select b.id, b.scope, b.assistant_id, b.monthly_limit_micros, b.currency, b.warned_month, b.exhausted_month, m.month,
                coalesce(s.spent_micros, 0) + case when b.include_test then coalesce(s.spent_test_micros, 0) else 0 end as spent
         from budgets b cross join m
         left join lateral (select sum(x.spent_micros) as spent_micros, sum(x.spent_test_micros) as spent_test_micros from budget_spend x
                   where x.tenant_id = b.tenant_id and x.scope_key = coalesce(b.assistant_id::text, 'tenant') and x.month = m.month) s on true
         where b.tenant_id = ? and (b.assistant_id is null or b.assistant_id = ?)
           and (not ? or b.include_test)
         order by b.scope desc`,
        [tenantId, tenantId, assistantId, isTestChat],
      );
    if (!rows.length && generation === this.generation) {
      let scopes = this.unbudgeted.get(tenantId);
      if (!scopes) this.unbudgeted.set(tenantId, (scopes = new Map()));
      scopes.set(scope, now + UNBUDGETED_MS);
    }
    const over = (row: ScopeRow, share: number) => Number(row.spent) >= Number(row.monthly_limit_micros) * share;
    const exhausted = rows.find((row) => over(row, 1));
    const toAnnounce = rows.filter((row) => (over(row, WARNING_SHARE) && row.warned_month !== row.month) || (over(row, 1) && row.exhausted_month !== row.month));
    if (toAnnounce.length) await this.announce(tenantId, toAnnounce);
    return { exhausted: exhausted ? { scope: exhausted.scope, budgetId: exhausted.id } : null, budgeted: rows.length > 0 };
  }

  private forget(tenantId: string | undefined): void {
    this.generation++;
    if (tenantId === undefined) this.unbudgeted.clear();
    else this.unbudgeted.delete(tenantId);
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.signals
      .subscribe(BUDGET_CHANGED, (tenantId) => this.forget(tenantId))
      .catch((err: Error) => this.logger.warn({ msg: 'Not listening for budget changes; "no budget" is re-read after 10 s', error: err.message }));
  }

  private async announce(tenantId: string, rows: ScopeRow[]): Promise<void> {
    await this.db.transaction(tenantId, async (tx) => {
      for (const row of rows) {
        const limit = Number(row.monthly_limit_micros);
        const spent = Number(row.spent);
        const args = [tenantId, row.id, row.scope, row.assistant_id, row.month, limit, spent, row.currency] as const;
        // The conditional update is the "once": of two workers crossing the line together, one changes the row.
        if (spent >= limit * WARNING_SHARE && row.warned_month !== row.month && (await this.mark(tx, row.id, 'warned_month', row.month))) {
          appendEvents(tx, new BudgetWarningReached(...args));
        }
        if (spent >= limit && row.exhausted_month !== row.month && (await this.mark(tx, row.id, 'exhausted_month', row.month))) {
          appendEvents(tx, new BudgetExhausted(...args));
        }
      }
    });
  }

  private async mark(tx: Parameters<Parameters<Db['transaction']>[1]>[0], id: string, column: 'warned_month' | 'exhausted_month', month: string): Promise<boolean> {
    const res = await tx.execute<{ affectedRows?: number; rows?: unknown[] }>(
      `update budgets set ${column} = ? where id = ? and ${column} is distinct from ?`, [month, id, month], 'run',
    );
    return (res.affectedRows ?? 0) > 0;
  }
}
