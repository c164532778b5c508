import { Logger } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { AlertStateChanged } from '@confab/metrics';
import { WebhookDispatcher } from './webhook-dispatcher';

/** alert.firing and alert.resolved: an alert rule changed state (stored in its history in the same transaction). */
@EventsHandler(AlertStateChanged)
export class AlertWebhooksHandler implements IEventHandler<AlertStateChanged> {
  private readonly logger = new Logger('AlertWebhooks');

  constructor(private readonly dispatcher: WebhookDispatcher) {}

  async handle(event: AlertStateChanged): Promise<void> {
    if (event.eventId === undefined) return;
    const type = event.state === 'firing' ? 'alert.firing' : 'alert.resolved';
    try {
      await this.dispatcher.dispatch(event.tenantId, type, event.eventId, {
        ruleId: event.ruleId, alertEventId: event.alertEventId, name: event.name, metric: event.metric, value: event.value, threshold: event.threshold,
        windowMinutes: event.windowMinutes, assistantId: event.assistantId, channel: event.channel, at: event.at,
      }, new Date(event.at));
    } catch (err) {
      // Rethrown so the outbox relay retries the event; deliveries already queued are not doubled on the retry.
      this.logger.warn({ msg: 'Could not queue webhook deliveries; the event will be retried', type, error: (err as Error).message });
      throw err;
    }
  }
}
