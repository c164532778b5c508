import { DomainEvent, LoggedEvent } from '@confab/persistence';

/** A rule went from ok to firing or back; logged with the rule's change so the webhook goes out exactly once. */
@LoggedEvent()
export class AlertStateChanged extends DomainEvent {
  static override readonly aggregateType: string = 'alert_rule';

  constructor(
    readonly tenantId: string,
    readonly ruleId: string,
    readonly alertEventId: string,
    readonly name: string,
    readonly metric: string,
    readonly state: 'firing' | 'resolved',
    readonly value: number,
    readonly threshold: number,
    readonly windowMinutes: number,
    readonly assistantId: string | null,
    readonly channel: string | null,
    readonly at: string,
  ) {
    super();
  }

  get aggregateId(): string {
    return this.ruleId;
  }
}
