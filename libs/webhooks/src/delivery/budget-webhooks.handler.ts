import { Logger } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { money } from '@confab/assistants';
import { BudgetExhausted, BudgetWarningReached } from '@confab/conversations';
import { WebhookDispatcher } from './webhook-dispatcher';

type Reported = BudgetWarningReached | BudgetExhausted;

/** budget.warning (80% of a monthly cap) and budget.exhausted (100%: the model is no longer called for the scope). */
@EventsHandler(BudgetWarningReached, BudgetExhausted)
export class BudgetWebhooksHandler implements IEventHandler<Reported> {
  private readonly logger = new Logger('BudgetWebhooks');

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  async handle(event: Reported): Promise<void> {
    if (event.eventId === undefined) return;
    const type = event instanceof BudgetExhausted ? 'budget.exhausted' : 'budget.warning';
    try {
      await this.dispatcher.dispatch(event.tenantId, type, event.eventId, {
        budgetId: event.budgetId, scope: event.scope, assistantId: event.assistantId, month: event.month,
        monthlyLimit: money(event.limitMicros, event.currency), spent: money(event.spentMicros, event.currency),
      });
    } catch (err) {
      // Rethrown so the outbox relay retries the event; deliveries already queued are not doubled on the retry.
      this.logger.warn({ msg: 'Could not queue webhook deliveries; the event will be retried', type, error: (err as Error).message });
      throw err;
    }
  }
}
