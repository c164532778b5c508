import { retryFor, unansweredReason, type ReplyFacts } from './unanswered-reason';

const now = new Date('2026-12-06T12:00:00Z');
const facts = (over: Partial<ReplyFacts>): ReplyFacts => ({
  replyState: 'failed', replyError: null, replyReason: null, replyDeliveryStatus: null, createdAt: new Date('2026-12-06T11:59:00Z'), ...over,
});

describe('unansweredReason', () => {
  it('uses the stored failure code of a failed reply', () => {
    expect(unansweredReason(facts({ replyReason: 'timeout', replyError: 'Reply failed: x' }), now, 60_000)).toBe('timeout');
    expect(unansweredReason(facts({ replyReason: 'tool_failed' }), now, 60_000)).toBe('tool_failed');
    expect(unansweredReason(facts({ replyReason: 'llm_failed' }), now, 60_000)).toBe('llm_failed');
  });

  it('reads the text of failures recorded before the code existed', () => {
    expect(unansweredReason(facts({ replyError: 'The language model did not answer within 20 s' }), now, 60_000)).toBe('timeout');
    expect(unansweredReason(facts({ replyError: 'No reply within the 20 s reply budget' }), now, 60_000)).toBe('timeout');
    expect(unansweredReason(facts({ replyError: 'OpenAI 500: model exploded' }), now, 60_000)).toBe('llm_failed');
  });

  it('maps the skip codes', () => {
    const skipped = (replyError: string) => unansweredReason(facts({ replyState: 'skipped', replyError }), now, 60_000);
    expect(skipped('handed_over')).toBe('handed_over');
    expect(skipped('service_window_closed')).toBe('window_closed');
    expect(skipped('assistant_deleted')).toBe('ai_disabled');
    expect(skipped('budget_exhausted')).toBe('budget_exhausted');
    expect(skipped('something new')).toBe('ai_disabled');
  });

  it('counts an answered message only when its reply failed to deliver', () => {
    expect(unansweredReason(facts({ replyState: 'answered', replyDeliveryStatus: 'failed' }), now, 60_000)).toBe('delivery_failed');
    expect(unansweredReason(facts({ replyState: 'answered', replyDeliveryStatus: 'delivered' }), now, 60_000)).toBeNull();
    expect(unansweredReason(facts({ replyState: 'answered', replyDeliveryStatus: 'pending' }), now, 60_000)).toBeNull();
  });

  it('counts a pending message only once it has waited longer than the threshold', () => {
    expect(unansweredReason(facts({ replyState: 'pending' }), now, 60_000)).toBeNull();
    expect(unansweredReason(facts({ replyState: 'pending' }), now, 59_999)).toBe('pending');
  });

  it('leaves out messages that expect no reply', () => {
    expect(unansweredReason(facts({ replyState: null }), now, 60_000)).toBeNull();
  });
});

describe('retryFor', () => {
  it('points failed replies at retry-reply and failed deliveries at retry-delivery', () => {
    expect(retryFor('timeout', 'c1', null)).toEqual({ method: 'POST', path: '/api/v1/conversations/c1/retry-reply' });
    expect(retryFor('tool_failed', 'c1', 'r1')).toEqual({ method: 'POST', path: '/api/v1/conversations/c1/retry-reply' });
    expect(retryFor('delivery_failed', 'c1', 'r1')).toEqual({ method: 'POST', path: '/api/v1/messages/r1/retry-delivery' });
    for (const reason of ['handed_over', 'window_closed', 'ai_disabled', 'budget_exhausted', 'rate_limited', 'pending'] as const) {
      expect(retryFor(reason, 'c1', 'r1')).toBeNull();
    }
  });
});
