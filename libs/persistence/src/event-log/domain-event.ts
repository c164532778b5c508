import type { IEvent } from '@nestjs/cqrs';

/**
 * Base of every logged event. Fields are plain JSON so the relay can rebuild the instance from the log;
 * `eventId` is the log's id, set when the event is published, and makes handlers idempotent.
 */
export abstract class DomainEvent implements IEvent {
  eventId?: number;
  abstract readonly tenantId: string;
  abstract readonly aggregateId: string;
  static readonly aggregateType: string = 'conversation';

  /**
   * Whether the relay must deliver this event to reactions. An event that nothing reacts to is still logged (read
   * models read the log), but gets no outbox row: each one cost a claim, a dispatch and a delete for nothing. A
   * class that answers false must have no @EventsHandler (the dispatcher refuses to start with one) and no saga
   * that maps it to a command in that case (each saga's tests show it).
   */
  relayed(): boolean {
    return true;
  }
}

type EventClass = (abstract new (...args: any[]) => DomainEvent) & { aggregateType: string };

const eventClasses = new Map<string, EventClass>();

/** Registers event classes by name so the relay can turn log rows back into instances. */
export function LoggedEvent(): ClassDecorator {
  return (target) => {
    eventClasses.set(target.name, target as unknown as EventClass);
  };
}

export function eventClassOf(type: string): EventClass | undefined {
  return eventClasses.get(type);
}
