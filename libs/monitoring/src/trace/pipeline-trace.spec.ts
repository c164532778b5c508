import { assembleTrace } from './pipeline-trace';

const t = (ms: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, 0) + ms);

describe('assembleTrace', () => {
  it('orders milestones and work by time, with the time until the next milestone or the work it waited for', () => {
    const stages = assembleTrace({
      receivedAt: t(0), queuedAt: t(40), turnStartedAt: t(440),
      retrieval: { at: t(450), durationMs: 30 },
      llmCalls: [{ at: t(480), durationMs: 200, model: 'gpt-4o-mini' }, { at: t(700), durationMs: 100, model: 'gpt-4o-mini' }],
      toolCalls: [{ at: t(685), durationMs: 10, name: 'collect_data' }, { at: t(681), durationMs: 2, name: 'search_knowledge' }],
      reply: { storedAt: t(810), sentAt: t(830), deliveredAt: t(1830), readAt: null, failedAt: null },
    });
    expect(stages.map((s) => [s.name, s.durationMs, s.detail])).toEqual([
      ['received', 40, undefined], ['queued', 400, undefined], ['retrieval', 30, undefined], ['llm', 200, 'gpt-4o-mini'],
      ['retrieval', 2, 'search_knowledge'], ['tool', 10, 'collect_data'], ['llm', 100, 'gpt-4o-mini'],
      ['stored', 20, undefined], ['sent', 1000, undefined], ['delivered', 0, undefined],
    ]);
    expect(stages[0].at).toBe(t(0).toISOString());
  });

  it('is just the receipt for a message that got no reply yet', () => {
    expect(assembleTrace({ receivedAt: t(0), queuedAt: null, turnStartedAt: null, retrieval: null, llmCalls: [], toolCalls: [], reply: null }))
      .toEqual([{ name: 'received', at: t(0).toISOString(), durationMs: 0 }]);
  });

  it('ends a failed delivery with failed', () => {
    const stages = assembleTrace({
      receivedAt: t(0), queuedAt: t(5), turnStartedAt: t(10), retrieval: null, llmCalls: [{ at: t(12), durationMs: null, model: 'm' }], toolCalls: [],
      reply: { storedAt: t(50), sentAt: null, deliveredAt: null, readAt: null, failedAt: t(90) },
    });
    expect(stages.map((s) => [s.name, s.durationMs])).toEqual([['received', 5], ['queued', 5], ['llm', 0], ['stored', 40], ['failed', 0]]);
  });
});
