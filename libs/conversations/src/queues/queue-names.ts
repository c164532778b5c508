export const AI_REPLY_QUEUE = 'ai-reply';
export const OUTBOUND_SEND_QUEUE = 'outbound-send';

export interface AiReplyJob {
  tenantId: string;
  conversationId: string;
}

export interface OutboundSendJob {
  tenantId: string;
  messageId: string;
  /** Groups the send queue's rate limit: each connection (business number) has its own throughput budget. */
  connectionId: string;
}

/** Sends per second per connection; WhatsApp's default is 80 per number (coexistence numbers: 20). */
export const SENDS_PER_SECOND_PER_CONNECTION = 80;
