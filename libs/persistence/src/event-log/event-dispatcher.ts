import type { ModuleRef } from '@nestjs/core';
import { DiscoveryService, type ModulesContainer } from '@nestjs/core';
import { type CommandBus, EventsHandler, Saga, type ICommand, type IEvent, type IEventHandler } from '@nestjs/cqrs';
import { lastValueFrom, of, toArray, type Observable } from 'rxjs';
import { DomainEvent } from './domain-event';

/** @nestjs/cqrs keeps its metadata keys private; read them off a class its own decorators marked. */
function metadataKeyOf(mark: (probe: abstract new () => unknown) => void): string {
  abstract class Probe {}
  mark(Probe);
  return Reflect.getOwnMetadataKeys(Probe)[0] as string;
}
const EVENTS_HANDLER_METADATA = metadataKeyOf((probe) => EventsHandler()(probe));
const SAGA_METADATA = metadataKeyOf((probe) => Saga()(probe.prototype as object, 'saga'));

interface Reaction {
  /** `Handler` or `Saga.property`, for logs and `last_error`. */
  name: string;
  /** The event classes it reacts to; undefined for sagas, which filter the stream themselves. */
  events?: ReadonlyArray<abstract new (...args: never[]) => unknown>;
  run(event: IEvent): Promise<unknown>;
}

export interface ReactionFailure {
  reaction: string;
  error: unknown;
}

/** One or more reactions to an event failed; the others ran. */
export class DispatchError extends Error {
  constructor(readonly failures: ReactionFailure[]) {
    super(failures.map((f) => `${f.reaction}: ${(f.error as Error)?.message ?? String(f.error)}`).join('; '));
  }
}

/**
 * Runs the reactions to one event and waits for them: every @EventsHandler registered for its class, and every
 * @Saga (fed the event alone; the commands it maps to are executed on the CommandBus). The CQRS EventBus starts
 * the same reactions without telling anyone whether they worked, so the relay dispatches through this instead;
 * nothing publishes logged events on the EventBus. Sagas must treat each event on its own (ofType, filter, map),
 * since each call sees a stream of one event.
 */
export class EventDispatcher {
  private reactions?: Reaction[];

  constructor(
    private readonly modules: ModulesContainer,
    private readonly moduleRef: ModuleRef,
    private readonly commands: CommandBus,
  ) {}

  /** Resolves when every reaction succeeded; otherwise rejects with a DispatchError naming each that failed. */
  async dispatch(event: IEvent): Promise<void> {
    const matching = this.discover().filter((r) => !r.events || r.events.includes(event.constructor as never));
    const outcomes = await Promise.allSettled(matching.map((r) => r.run(event)));
    const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ reaction: matching[i].name, error: o.reason as unknown }] : []));
    if (failures.length) throw new DispatchError(failures);
  }

  /** The reactions, found once; throws when a handler could miss events (assertRelayed). */
  discover(): Reaction[] {
    if (this.reactions) return this.reactions;
    const reactions: Reaction[] = [];
    for (const wrapper of new DiscoveryService(this.modules).getProviders()) {
      const cls = (wrapper.instance?.constructor ?? wrapper.metatype) as (abstract new (...args: never[]) => unknown) | undefined;
      const isStatic = wrapper.isDependencyTreeStatic();
      if (!cls || (isStatic && !wrapper.instance)) continue;
      const events = Reflect.getMetadata(EVENTS_HANDLER_METADATA, cls) as Reaction['events'] | undefined;
      if (events) {
        assertRelayed(cls.name, events);
        const handler = wrapper.instance as IEventHandler;
        reactions.push({
          name: cls.name,
          events,
          run: isStatic
            ? async (event) => handler.handle(event)
            : async (event) => ((await this.moduleRef.resolve(cls as never, undefined, { strict: false })) as IEventHandler).handle(event),
        });
      }
      const sagaKeys = isStatic ? ((Reflect.getMetadata(SAGA_METADATA, cls) as string[] | undefined) ?? []) : []; // as in @nestjs/cqrs
      for (const key of sagaKeys) {
        const saga = (wrapper.instance as Record<string, (events$: Observable<IEvent>) => Observable<ICommand>>)[key].bind(wrapper.instance);
        reactions.push({
          name: `${cls.name}.${key}`,
          run: async (event) => {
            const commands = await lastValueFrom(saga(of(event)).pipe(toArray()));
            for (const command of commands) if (command) await this.commands.execute(command);
          },
        });
      }
    }
    this.reactions = reactions;
    return reactions;
  }
}

/**
 * A handler for an event class that may skip the outbox (it overrides DomainEvent.relayed) would silently miss
 * those events: refuse to start instead. Such a class must relay whenever a handler needs it.
 */
function assertRelayed(handler: string, events: ReadonlyArray<abstract new (...args: never[]) => unknown>): void {
  for (const cls of events) {
    const relayed = (cls.prototype as Partial<DomainEvent>).relayed;
    if (relayed && relayed !== DomainEvent.prototype.relayed) {
      throw new Error(`${handler} handles ${cls.name}, which is not relayed when its relayed() is false: relay it for the handler (DomainEvent.relayed)`);
    }
  }
}
