import { Command } from '@nestjs/cqrs';
import type { OutboundSend } from './outbound-send-rows';

/** Queues a stored outbound message for delivery through its channel. */
export class SendOutboundMessage extends Command<void> {
  constructor(
    readonly tenantId: string,
    readonly messageId: string,
    /** When the event names it: the message is not read back just to learn it. */
    readonly connectionId?: string,
    /** The conversation, whose customer a channel may pace (sendRate.perRecipient). */
    readonly conversationId?: string,
  ) {
    super();
  }
}

/** Performs one delivery attempt (the outbound-send worker runs it). */
export class DeliverOutboundMessage extends Command<{ status: 'sent' | 'failed' | 'skipped' | 'retry'; reason?: string }> {
  constructor(
    readonly tenantId: string,
    readonly messageId: string,
    readonly finalAttempt: boolean,
    /** Attempts of this job before this one: with the queue's base backoff it says when the next attempt runs. */
    readonly attemptsMade = 0,
    /** The message as its reply job just wrote it (it holds the conversation's lock): not read back. */
    readonly preloaded?: OutboundSend,
  ) {
    super();
  }
}
