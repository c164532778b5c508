export const AI_REPLY_QUEUE = 'ai-reply';
export const OUTBOUND_SEND_QUEUE = 'outbound-send';

export interface AiReplyJob {
  tenantId: string;
  conversationId: string;
}

export interface OutboundSendJob {
  tenantId: string;
  messageId: string;
  /** Each connection (business number) has its own throughput budget: its channel's sendRate (send-pacer.ts). */
  connectionId: string;
  /** The recipient, for channels that pace each customer (sendRate.perRecipient); without it only the connection is paced. */
  conversationId?: string;
  /**
   * Attempts made before this job existed: the reply job's own send (reply-sender.ts) is the first, so its retry job
   * has one attempt fewer and backs off from the second.
   */
  attemptsBefore?: number;
}
