import { LoggedEvent } from '@confab/persistence';
import { ConversationEvent } from './conversation-event';

@LoggedEvent()
export class ConversationStarted extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly channel: string,
    readonly assistantId: string,
    readonly customerId: string,
    readonly tags: string[],
    /** When the conversation was created (ISO 8601); absent in events logged before metrics existed. */
    readonly startedAt: string | null = null,
  ) {
    super();
  }

  /**
   * Read models take it from the log. A customer's first message is published live with the message, and a chat
   * opened before any message (StartConversation) is published by its command: nothing reacts to it.
   */
  override relayed(): boolean {
    return false;
  }
}

@LoggedEvent()
export class CustomerMessageReceived extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    /** False for reactions, system notices and conversations a human owns. */
    readonly wantsReply: boolean,
    readonly sentAt: string,
    /** False for reactions and system notices only: the customer expects an answer, from the AI or a human. */
    readonly expectsReply: boolean = true,
    /** The conversation's assistant, so scheduling the reply reads its burst window from memory. Absent in older events. */
    readonly assistantId: string | null = null,
    /**
     * The process that received the message queued its reply right after the commit (ReceiveInboundMessageHandler),
     * so the relay has nothing to do; PendingWorkSweeper queues it if that process died first. False in older events.
     */
    readonly scheduledOnReceipt: boolean = false,
  ) {
    super();
  }

  /** The lifecycle saga schedules a wanted reply that was not queued on receipt; nothing else reacts to it. */
  override relayed(): boolean {
    return this.wantsReply && !this.scheduledOnReceipt;
  }
}

@LoggedEvent()
export class ToolCallRecorded extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly toolCallId: string,
    readonly name: string,
    readonly ok: boolean,
    readonly durationMs: number,
  ) {
    super();
  }
}

@LoggedEvent()
export class AssistantReplied extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    readonly answeredMessageIds: string[],
    /** First unanswered customer message to the stored reply. */
    readonly latencyMs: number,
    readonly costMicros: number,
    readonly offline: boolean,
    /** The model failed for good and the offline responder's fallback went out instead: not an AI answer. */
    readonly fallback: boolean = false,
    /** The part of costMicros spent on model calls (the rest is question embeddings). */
    readonly llmCostMicros: number | null = null,
    /** The connection the reply goes out on, so the send is queued without reading the reply back (null in older events). */
    readonly connectionId: string | null = null,
    /**
     * The reply job sends this reply itself after the commit (reply-sender.ts), so no send job is queued for it; a
     * worker that dies in between leaves it to PendingWorkSweeper. False in older events.
     */
    readonly sentByReplyJob: boolean = false,
  ) {
    super();
  }

  /** The lifecycle saga sends the replies the reply job did not send itself; nothing else reacts to it. */
  override relayed(): boolean {
    return !this.sentByReplyJob;
  }
}

@LoggedEvent()
export class ReplyFailed extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageIds: string[],
    readonly reason: string,
    readonly willRetry: boolean,
  ) {
    super();
  }
}

@LoggedEvent()
export class AgentMessageSent extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    /** 'agent' for a colleague; follow-ups the platform sends on its own are 'assistant' or 'system' (templates). */
    readonly author: 'agent' | 'assistant' | 'system' = 'agent',
    /** The dashboard operator who wrote it; null for an API key. */
    readonly operator: { id: string; name: string } | null = null,
  ) {
    super();
  }
}

@LoggedEvent()
export class OutboundMessageSent extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    readonly providerMessageId: string,
    readonly sentAt: string | null = null,
  ) {
    super();
  }

  /** Read models take it from the log; nothing reacts to it. */
  override relayed(): boolean {
    return false;
  }
}

@LoggedEvent()
export class OutboundMessageFailed extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    readonly code: string,
    readonly reason: string,
  ) {
    super();
  }
}

@LoggedEvent()
export class DeliveryStatusChanged extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    readonly status: string,
    readonly at: string,
  ) {
    super();
  }

  /** Read models take it from the log; nothing reacts to it. */
  override relayed(): boolean {
    return false;
  }
}

@LoggedEvent()
export class ConversationHandedOver extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly reason: string,
    readonly by: 'ai' | 'agent' | 'channel',
    /** Give the conversation back to the AI after this much silence from colleagues (none: only explicitly). */
    readonly resumeAfterMinutes: number | null = null,
    /** The dashboard operator who took over; null for the AI, the channel or an API key. */
    readonly operator: { id: string; name: string } | null = null,
  ) {
    super();
  }
}

@LoggedEvent()
export class AiResumed extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    /** The dashboard operator who handed back; null for an API key or the auto-resume timer. */
    readonly operator: { id: string; name: string } | null = null,
  ) {
    super();
  }
}

@LoggedEvent()
export class AgentEchoRecorded extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
  ) {
    super();
  }
}

@LoggedEvent()
export class TemplateMessageQueued extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    /** The channel fee estimated at send time (the provider's report may change it later: ChannelFeeRecorded). */
    readonly feeMicros: number = 0,
  ) {
    super();
  }
}

@LoggedEvent()
export class ChannelFeeRecorded extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly messageId: string,
    readonly costMicros: number,
    readonly deltaMicros: number,
    readonly category: string | null,
  ) {
    super();
  }
}

/**
 * Model calls that were billed without a reply to show for them: a turn dropped because the customer's burst went
 * on, a turn whose messages another job answered first, a turn broken off mid-way. The ledger has their rows; this
 * puts their cost into the metrics, which are built from the event log.
 */
@LoggedEvent()
export class UnansweredTurnBilled extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly costMicros: number,
    readonly reason: 'superseded' | 'answered_elsewhere' | 'interrupted',
  ) {
    super();
  }
}

@LoggedEvent()
export class TaskCreated extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly taskId: string,
    readonly kind: string,
    readonly title: string,
    readonly details: Record<string, unknown>,
    readonly dueAt: string | null,
  ) {
    super();
  }
}

@LoggedEvent()
export class FollowUpDue extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly taskId: string,
    /** 'sent' | 'sent_template' | 'needs_human' */
    readonly outcome: string,
  ) {
    super();
  }
}

/** An event a plugin announced for webhook subscribers (appointments booked or cancelled, ...). */
@LoggedEvent()
export class PluginEventEmitted extends ConversationEvent {
  static override readonly aggregateType: string = 'plugin';
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly type: string,
    readonly data: Record<string, unknown>,
  ) {
    super();
  }
}

@LoggedEvent()
export class ConversationEnded extends ConversationEvent {
  constructor(
    readonly tenantId: string,
    readonly conversationId: string,
    readonly reason: string | null,
    /** The dashboard operator who closed it; null otherwise. */
    readonly operator: { id: string; name: string } | null = null,
  ) {
    super();
  }
}
