import { DomainEvent, LoggedEvent } from '@confab/persistence';

export type BudgetScope = 'tenant' | 'assistant';

/** Events of one budget (a tenant's or an assistant's monthly cap); the budget's id is the aggregate id. */
abstract class BudgetEvent extends DomainEvent {
  static override readonly aggregateType: string = 'budget';
  abstract readonly budgetId: string;
  get aggregateId(): string {
    return this.budgetId;
  }
}

/** Spend reached 80% of the cap; logged once per budget and month. */
@LoggedEvent()
export class BudgetWarningReached extends BudgetEvent {
  constructor(
    readonly tenantId: string,
    readonly budgetId: string,
    readonly scope: BudgetScope,
    readonly assistantId: string | null,
    /** The tenant's month (its timezone), YYYY-MM. */
    readonly month: string,
    readonly limitMicros: number,
    readonly spentMicros: number,
    readonly currency: string,
  ) {
    super();
  }
}

/** Spend reached the cap: the AI stops calling the model for the scope until the month ends or the cap is raised. */
@LoggedEvent()
export class BudgetExhausted extends BudgetEvent {
  constructor(
    readonly tenantId: string,
    readonly budgetId: string,
    readonly scope: BudgetScope,
    readonly assistantId: string | null,
    readonly month: string,
    readonly limitMicros: number,
    readonly spentMicros: number,
    readonly currency: string,
  ) {
    super();
  }
}
