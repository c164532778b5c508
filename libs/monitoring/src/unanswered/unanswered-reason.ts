/** Why a customer message got no AI reply (the unanswered queue, docs/monitoring.md). */
export const UNANSWERED_REASONS = [
  'llm_failed', 'timeout', 'tool_failed', 'delivery_failed', 'handed_over', 'window_closed', 'ai_disabled', 'budget_exhausted', 'rate_limited', 'pending',
] as const;
export type UnansweredReason = (typeof UNANSWERED_REASONS)[number];

/** What is stored about a customer message's reply, and about the reply that answered it. */
export interface ReplyFacts {
  replyState: string | null;
  replyError: string | null;
  /** The stable failure code generate-reply writes (timeout, llm_failed, tool_failed). */
  replyReason: string | null;
  createdAt: Date;
  /** Delivery status of the reply message that answered it, if any. */
  replyDeliveryStatus: string | null;
}

const FAILURE_CODES: ReadonlySet<string> = new Set(['timeout', 'llm_failed', 'tool_failed']);

/** Skips record their reason as a code in reply_error already; these are the ones the queue names differently. */
const SKIP_REASONS: Record<string, UnansweredReason> = {
  handed_over: 'handed_over',
  service_window_closed: 'window_closed',
  assistant_deleted: 'ai_disabled',
  assistant_disabled: 'ai_disabled',
  ai_disabled: 'ai_disabled',
  budget_exhausted: 'budget_exhausted',
  rate_limited: 'rate_limited',
};

/**
 * The reason a customer message is in the unanswered queue, or null when it is not (answered and delivered, no
 * reply expected, or still within `pendingAfterMs` of arriving). A failed reply's code wins over its text; rows
 * written before the code existed fall back to reading the text.
 */
export function unansweredReason(facts: ReplyFacts, now: Date, pendingAfterMs: number): UnansweredReason | null {
  if (facts.replyError === 'budget_exhausted') return 'budget_exhausted';
  switch (facts.replyState) {
    case 'answered':
      return facts.replyDeliveryStatus === 'failed' ? 'delivery_failed' : null;
    case 'failed':
      if (facts.replyReason && FAILURE_CODES.has(facts.replyReason)) return facts.replyReason as UnansweredReason;
      return /did not answer within|reply budget/i.test(facts.replyError ?? '') ? 'timeout' : 'llm_failed';
    case 'skipped':
      return SKIP_REASONS[facts.replyError ?? ''] ?? 'ai_disabled';
    case 'pending':
      return now.getTime() - facts.createdAt.getTime() > pendingAfterMs ? 'pending' : null;
    default:
      return null;
  }
}

export interface RetryLink {
  method: 'POST';
  path: string;
}

/** The API call that retries it: a new AI reply for a failed one, a new send for an undelivered reply; else none. */
export function retryFor(reason: UnansweredReason, conversationId: string, replyMessageId: string | null): RetryLink | null {
  if (reason === 'llm_failed' || reason === 'timeout' || reason === 'tool_failed') {
    return { method: 'POST', path: `/api/v1/conversations/${conversationId}/retry-reply` };
  }
  if (reason === 'delivery_failed' && replyMessageId) return { method: 'POST', path: `/api/v1/messages/${replyMessageId}/retry-delivery` };
  return null;
}
