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
