import { DomainEvent } from '@confab/persistence';

/** Events of the conversation aggregate; the conversation id is the aggregate id. */
export abstract class ConversationEvent extends DomainEvent {
  abstract readonly conversationId: string;
  get aggregateId(): string {
    return this.conversationId;
  }
}
