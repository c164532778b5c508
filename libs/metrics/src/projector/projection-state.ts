import type { HistogramCounts } from '../histogram/log-histogram';

/** One event of the log as the projector reads it. */
export interface LogEvent {
  id: string;
  txId: string;
  tenantId: string;
  aggregateId: string;
  type: string;
  payload: Record<string, any>;
  occurredAt: Date;
}

/** A conversation's dimensions as the projection knows them (metrics_conversations). */
export interface ConversationState {
  conversationId: string;
  tenantId: string;
  assistantId: string;
  channel: string;
  isTest: boolean;
  /** Its ConversationStarted was counted as a chat. */
  counted: boolean;
  handedOver: boolean;
}

export type Author = 'customer' | 'assistant' | 'agent' | 'system' | 'outbound';

/** What the projection remembers about one message (metrics_messages), so each event changes the figures once. */
export interface MessageState {
  messageId: string;
  tenantId: string;
  conversationId: string;
  author: Author;
  /** The instant whose local hour the message counts in. */
  at: Date;
  /** A customer message that expects an answer (from the AI or a human). */
  awaitsReply: boolean;
  answer: 'ai' | 'human' | null;
  /** The AI reply that will answer it once sent (customer messages). */
  replyId: string | null;
  /** Its response-time sample, kept on the first message of a burst so a later delivery failure can take it back. */
  responseMs: number | null;
  /** When the message (an outbound one) was handed to the channel. */
  sentAt: Date | null;
  failedCode: string | null;
  failedAt: Date | null;
  channelFeeMicros: number;
}

export const COUNTERS = [
  'chats', 'customerMessages', 'assistantMessages', 'agentMessages', 'systemMessages', 'awaitingReply', 'answeredAi', 'answeredHuman',
  'unanswered', 'responseCount', 'responseSumMs', 'llmCostMicros', 'embeddingCostMicros', 'channelFeeMicros', 'failedDeliveries', 'handoffs',
] as const;
export type Counter = (typeof COUNTERS)[number];

/** Changes to one rollup row: tenant x day x hour x assistant x channel x test. */
export interface RollupDelta extends Record<Counter, number> {
  tenantId: string;
  day: string;
  hour: number;
  assistantId: string;
  channel: string;
  isTest: boolean;
  responseHist: HistogramCounts;
  failedByCode: Record<string, number>;
}

export const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
