import { addSample } from '../histogram/log-histogram';
import { localBucket } from './local-time';
import { COUNTERS, type Author, type ConversationState, type Counter, type LogEvent, type MessageState, type RollupDelta } from './projection-state';

export const DEFAULT_TIMEZONE = 'Europe/Berlin';

/** What a batch needs besides its events: state rows loaded in bulk, and what old events did not carry. */
export interface BatchInput {
  conversations: Map<string, ConversationState>;
  messages: Map<string, MessageState>;
  timezones: Map<string, string>;
  /** For CustomerMessageReceived logged before `expectsReply` existed: did the message expect an answer? */
  expectsReply: Map<string, boolean>;
  /** For AssistantReplied logged before `llmCostMicros` existed: the reply's ledger rows by kind. */
  ledger: Map<string, { llm: number; embedding: number }>;
}

/**
 * Applies a batch of events, in log order, to the projection's state and collects what changes in the rollups.
 * Every effect is a state transition of one conversation or message (counted, answered, sent, failed, handed over),
 * so an event that appears twice in the log changes nothing the second time. The caller writes the changed rows
 * and the deltas in the transaction that advances the checkpoint.
 */
export class BatchProjection {
  readonly dirtyConversations = new Set<string>();
  readonly dirtyMessages = new Set<string>();
  private readonly deltas = new Map<string, RollupDelta>();
  private readonly byReply = new Map<string, Set<string>>();

  constructor(private readonly input: BatchInput) {
    for (const m of input.messages.values()) if (m.replyId) this.link(m.replyId, m.messageId);
  }

  rollupDeltas(): RollupDelta[] {
    return [...this.deltas.values()];
  }

  apply(event: LogEvent): void {
    const p = event.payload;
    const conversation = this.input.conversations.get(p.conversationId ?? event.aggregateId);
    switch (event.type) {
      case 'ConversationStarted':
        return this.started(event);
      case 'CustomerMessageReceived':
        return conversation && this.customerMessage(conversation, event);
      case 'AssistantReplied':
        return conversation && this.replied(conversation, event);
      case 'ReplyFailed':
        return p.willRetry === false ? this.fellBack(p.messageIds ?? []) : undefined;
      case 'OutboundMessageSent':
        return conversation && this.sent(conversation, p.messageId, new Date(p.sentAt ?? event.occurredAt));
      case 'OutboundMessageFailed':
        return conversation && this.failed(conversation, p.messageId, String(p.code ?? 'UNKNOWN'), event.occurredAt);
      case 'AgentMessageSent':
        return conversation && this.outboundByPlatform(conversation, p.messageId, (p.author ?? 'agent') as Author, event.occurredAt);
      case 'AgentEchoRecorded':
        return conversation && this.outboundByPlatform(conversation, p.messageId, 'agent', event.occurredAt);
      case 'TemplateMessageQueued':
        if (!conversation) return;
        this.outboundByPlatform(conversation, p.messageId, 'system', event.occurredAt);
        return this.channelFee(conversation, p.messageId, Number(p.feeMicros ?? 0), event.occurredAt);
      case 'UnansweredTurnBilled':
        // Model calls billed without a reply (a dropped burst turn, a turn broken off): cost, but no message.
        return conversation && this.add(conversation, event.occurredAt, { llmCostMicros: Number(p.costMicros ?? 0) });
      case 'ChannelFeeRecorded':
        return conversation && this.channelFee(conversation, p.messageId, Number(p.costMicros ?? 0), event.occurredAt);
      case 'ConversationHandedOver':
        if (!conversation || conversation.handedOver) return;
        conversation.handedOver = true;
        this.dirtyConversations.add(conversation.conversationId);
        return this.add(conversation, event.occurredAt, { handoffs: 1 });
      case 'AiResumed':
        if (!conversation || !conversation.handedOver) return;
        conversation.handedOver = false;
        this.dirtyConversations.add(conversation.conversationId);
        return;
      default:
        return;
    }
  }

  private started(event: LogEvent): void {
    const p = event.payload;
    let conversation = this.input.conversations.get(p.conversationId);
    if (conversation?.counted) return;
    if (!conversation) {
      conversation = {
        conversationId: p.conversationId, tenantId: event.tenantId, assistantId: p.assistantId, channel: p.channel,
        isTest: Array.isArray(p.tags) && p.tags.includes('test'), counted: false, handedOver: false,
      };
      this.input.conversations.set(conversation.conversationId, conversation);
    }
    conversation.counted = true;
    this.dirtyConversations.add(conversation.conversationId);
    this.add(conversation, new Date(p.startedAt ?? event.occurredAt), { chats: 1 });
  }

  private customerMessage(conversation: ConversationState, event: LogEvent): void {
    const p = event.payload;
    if (this.input.messages.has(p.messageId)) return;
    const awaitsReply = typeof p.expectsReply === 'boolean' ? p.expectsReply : (this.input.expectsReply.get(p.messageId) ?? p.wantsReply !== false);
    const message = this.newMessage(conversation, p.messageId, 'customer', new Date(p.sentAt ?? event.occurredAt));
    message.awaitsReply = awaitsReply;
    this.add(conversation, message.at, awaitsReply ? { customerMessages: 1, awaitingReply: 1, unanswered: 1 } : { customerMessages: 1 });
  }

  private replied(conversation: ConversationState, event: LogEvent): void {
    const p = event.payload;
    if (this.input.messages.has(p.messageId)) return;
    this.newMessage(conversation, p.messageId, 'assistant', event.occurredAt);
    const total = Number(p.costMicros ?? 0);
    const llm = typeof p.llmCostMicros === 'number' ? p.llmCostMicros : (this.input.ledger.get(p.messageId)?.llm ?? total);
    this.add(conversation, event.occurredAt, { assistantMessages: 1, llmCostMicros: llm, embeddingCostMicros: total - llm });
    // A fallback after the model failed for good is not an AI answer: its messages stay unanswered.
    if (p.fallback === true) return;
    for (const id of p.answeredMessageIds ?? []) {
      const answered = this.input.messages.get(id);
      if (!answered || answered.author !== 'customer' || answered.answer || answered.replyId) continue;
      answered.replyId = p.messageId;
      this.link(p.messageId, id);
      this.dirtyMessages.add(id);
    }
  }

  /** ReplyFailed(willRetry: false): the reply logged with it was a fallback (events logged before `fallback` existed). */
  private fellBack(messageIds: string[]): void {
    for (const id of messageIds) {
      const message = this.input.messages.get(id);
      if (!message?.replyId || message.answer) continue;
      const reply = this.input.messages.get(message.replyId);
      if (reply?.sentAt) continue;
      this.byReply.get(message.replyId)?.delete(id);
      message.replyId = null;
      this.dirtyMessages.add(id);
    }
  }

  /**
   * An outbound message reached the channel. For an AI reply, the customer messages it answers count as answered
   * by the AI, and one response time is measured: from the earliest of them to this send.
   */
  private sent(conversation: ConversationState, messageId: string, sentAt: Date): void {
    const message = this.input.messages.get(messageId);
    if (!message) return;
    // Sent before and not failed since, or this very send again: a copy of an event already applied.
    if (message.sentAt && (!message.failedCode || message.sentAt.getTime() === sentAt.getTime())) return;
    message.sentAt = sentAt;
    this.dirtyMessages.add(messageId);
    if (message.failedCode) {
      // Sent after all (a retried delivery): it no longer counts as failed.
      this.add(conversation, message.failedAt!, { failedDeliveries: -1 }, { code: message.failedCode, times: -1 });
      message.failedCode = null;
      message.failedAt = null;
    }
    const answered = [...(this.byReply.get(messageId) ?? [])]
      .map((id) => this.input.messages.get(id)!)
      .filter((m) => m && !m.answer)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    answered.forEach((m, i) => {
      m.answer = 'ai';
      this.dirtyMessages.add(m.messageId);
      const counts: Partial<Record<Counter, number>> = { answeredAi: 1, unanswered: -1 };
      if (i === 0) {
        m.responseMs = Math.max(0, sentAt.getTime() - m.at.getTime());
        Object.assign(counts, { responseCount: 1, responseSumMs: m.responseMs });
      }
      this.add(conversation, m.at, counts, undefined, i === 0 ? m.responseMs! : undefined);
    });
  }

  /** Delivery failed, at send time or reported later by the provider: counted once per message by its code. */
  private failed(conversation: ConversationState, messageId: string, code: string, at: Date): void {
    let message = this.input.messages.get(messageId);
    if (!message) message = this.newMessage(conversation, messageId, 'outbound', at);
    // Already failed, or a copy of a failure the message has since been re-sent after.
    if (message.failedCode || (message.sentAt && at < message.sentAt)) return;
    message.failedCode = code;
    message.failedAt = at;
    this.dirtyMessages.add(messageId);
    this.add(conversation, at, { failedDeliveries: 1 }, { code, times: 1 });
    if (!message.sentAt) return;
    // The provider lost a reply it had accepted: what it answered is unanswered again until it is sent once more.
    for (const id of this.byReply.get(messageId) ?? []) {
      const m = this.input.messages.get(id);
      if (m?.answer !== 'ai') continue;
      m.answer = null;
      this.dirtyMessages.add(id);
      const counts: Partial<Record<Counter, number>> = { answeredAi: -1, unanswered: 1 };
      const sample = m.responseMs;
      if (sample !== null) Object.assign(counts, { responseCount: -1, responseSumMs: -sample });
      m.responseMs = null;
      this.add(conversation, m.at, counts, undefined, sample ?? undefined, -1);
    }
  }

  /** A colleague's message (dashboard, API, or typed on the phone) answers every customer message still open. */
  private outboundByPlatform(conversation: ConversationState, messageId: string, author: Author, at: Date): void {
    if (this.input.messages.has(messageId)) return;
    this.newMessage(conversation, messageId, author, at);
    if (author === 'assistant') return this.add(conversation, at, { assistantMessages: 1 });
    if (author === 'system') return this.add(conversation, at, { systemMessages: 1 });
    this.add(conversation, at, { agentMessages: 1 });
    for (const m of this.input.messages.values()) {
      if (m.conversationId !== conversation.conversationId || m.author !== 'customer' || !m.awaitsReply || m.answer) continue;
      m.answer = 'human';
      this.dirtyMessages.add(m.messageId);
      this.add(conversation, m.at, { answeredHuman: 1, unanswered: -1 });
    }
  }

  /** The event carries the message's fee so far; the projection adds what changed since it last saw it. */
  private channelFee(conversation: ConversationState, messageId: string, costMicros: number, at: Date): void {
    let message = this.input.messages.get(messageId);
    if (!message) message = this.newMessage(conversation, messageId, 'outbound', at);
    const delta = costMicros - message.channelFeeMicros;
    if (!delta) return;
    message.channelFeeMicros = costMicros;
    this.dirtyMessages.add(messageId);
    this.add(conversation, at, { channelFeeMicros: delta });
  }

  private newMessage(conversation: ConversationState, messageId: string, author: Author, at: Date): MessageState {
    const message: MessageState = {
      messageId, tenantId: conversation.tenantId, conversationId: conversation.conversationId, author, at, awaitsReply: false,
      answer: null, replyId: null, responseMs: null, sentAt: null, failedCode: null, failedAt: null, channelFeeMicros: 0,
    };
    this.input.messages.set(messageId, message);
    this.dirtyMessages.add(messageId);
    return message;
  }

  private link(replyId: string, messageId: string): void {
    let set = this.byReply.get(replyId);
    if (!set) this.byReply.set(replyId, (set = new Set()));
    set.add(messageId);
  }

  private add(
    conversation: ConversationState,
    at: Date,
    counts: Partial<Record<Counter, number>>,
    failure?: { code: string; times: number },
    responseMs?: number,
    responseTimes = 1,
  ): void {
    const timezone = this.input.timezones.get(conversation.tenantId) ?? DEFAULT_TIMEZONE;
    const { day, hour } = localBucket(at, timezone);
    const key = [conversation.tenantId, day, hour, conversation.assistantId, conversation.channel, conversation.isTest].join('|');
    let delta = this.deltas.get(key);
    if (!delta) {
      delta = {
        tenantId: conversation.tenantId, day, hour, assistantId: conversation.assistantId, channel: conversation.channel, isTest: conversation.isTest,
        responseHist: {}, failedByCode: {}, ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>),
      };
      this.deltas.set(key, delta);
    }
    for (const [name, value] of Object.entries(counts)) delta[name as Counter] += value;
    if (failure) delta.failedByCode[failure.code] = (delta.failedByCode[failure.code] ?? 0) + failure.times;
    if (responseMs !== undefined) addSample(delta.responseHist, responseMs, responseTimes);
  }
}
