import { Command } from '@nestjs/cqrs';
import type { OutboundSend } from '../send-outbound-message/outbound-send-rows';

export type GenerateReplyOutcome = (
  | { status: 'replied'; messageId: string; connectionId: string; offline: boolean; send?: OutboundSend }
  | { status: 'nothing_pending' | 'handed_over' | 'assistant_missing' | 'window_closed' | 'superseded' }
  | { status: 'fell_back'; messageId: string; connectionId: string; reason: string; send?: OutboundSend }
) & {
  /** Whether customer messages outside this turn were pending when it committed; undefined when not counted. */
  morePending?: boolean;
};

export class GenerateReply extends Command<GenerateReplyOutcome> {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    /** On the last attempt a failing model is replaced by the offline responder, so the customer is not left waiting. */
    readonly finalAttempt: boolean,
    /** When Bull would run the next attempt; a retry that could not finish within the reply budget is not made. */
    readonly retryInMs = 0,
    /** Aborted when this worker lost the conversation (its lease expired): the work stops and commits nothing. */
    readonly signal?: AbortSignal,
    /**
     * The caller sends the reply itself right after the commit (the reply job does: reply-sender.ts), so the reply's
     * event queues no send job; without it the send goes through the send queue.
     */
    readonly sendsReply = false,
  ) {
    super();
  }
}
