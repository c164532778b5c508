import { buildTimeline, templatePlaceholders, waterfall, windowRemaining, type Message, type ToolCall } from './timeline';

const msg = (id: string, at: string, author: Message['author'] = 'customer'): Message => ({
  id, author, direction: author === 'customer' ? 'inbound' : 'outbound', createdAt: at, attachments: [], metadata: {}, citations: [],
  cost: { micros: 0, currency: 'USD', amount: '0.000000' },
} as Message);
const call = (id: string, at: string, messageId: string | null): ToolCall => ({ id, name: 'lookup', createdAt: at, messageId, validation: 'ok', durationMs: 5 } as unknown as ToolCall);

describe('buildTimeline', () => {
  it('puts messages in time order with their tool calls attached to the reply they led to', () => {
    const t = buildTimeline(
      [msg('r', '2026-12-06T10:00:05Z', 'assistant'), msg('c', '2026-12-06T10:00:00Z')],
      [call('t2', '2026-12-06T10:00:03Z', 'r'), call('t1', '2026-12-06T10:00:02Z', 'r')],
    );
    expect(t.map((e) => (e.kind === 'message' ? e.message.id : e.toolCall.id))).toEqual(['c', 'r']);
    const reply = t[1];
    expect(reply.kind === 'message' && reply.toolCalls.map((c) => c.id)).toEqual(['t1', 't2']);
  });

  it('shows tool calls without a stored reply on their own at the time they ran', () => {
    const t = buildTimeline([msg('c', '2026-12-06T10:00:00Z'), msg('a', '2026-12-06T10:05:00Z', 'agent')], [call('h', '2026-12-06T10:00:02Z', null), call('x', '2026-12-06T10:00:03Z', 'gone')]);
    expect(t.map((e) => (e.kind === 'message' ? e.message.id : e.toolCall.id))).toEqual(['c', 'h', 'x', 'a']);
  });
});

describe('windowRemaining', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  it('splits the time left into hours, minutes and seconds', () => {
    expect(windowRemaining('2026-12-07T09:58:30Z', now)).toEqual({ hours: 23, minutes: 58, seconds: 30, totalMs: 86_310_000 });
  });
  it('is null once the window closed or without an end', () => {
    expect(windowRemaining('2026-12-06T10:00:00Z', now)).toBeNull();
    expect(windowRemaining('2026-12-06T09:00:00Z', now)).toBeNull();
    expect(windowRemaining(null, now)).toBeNull();
  });
});

describe('waterfall', () => {
  it('places each stage on a common axis from the first stage to the end of the last', () => {
    const { totalMs, bars } = waterfall([
      { name: 'received', at: '2026-12-06T10:00:00.000Z', durationMs: 100 },
      { name: 'llm', at: '2026-12-06T10:00:00.100Z', durationMs: 800, detail: 'gpt-4o-mini' },
      { name: 'sent', at: '2026-12-06T10:00:00.900Z', durationMs: 100 },
    ]);
    expect(totalMs).toBe(1000);
    expect(bars.map((b) => [b.name, b.offset, b.width])).toEqual([['received', 0, 0.1], ['llm', 0.1, 0.8], ['sent', 0.9, 0.1]]);
    expect(bars[1].detail).toBe('gpt-4o-mini');
  });
  it('keeps zero-length milestones visible and copes with no stages', () => {
    const { bars } = waterfall([{ name: 'received', at: '2026-12-06T10:00:00Z', durationMs: 0 }]);
    expect(bars[0].width).toBeGreaterThan(0);
    expect(waterfall([])).toEqual({ totalMs: 0, bars: [] });
  });
});

describe('templatePlaceholders', () => {
  it('reads numbered and named placeholders of the body once each', () => {
    expect(templatePlaceholders([{ type: 'HEADER', text: '{{9}}' }, { type: 'BODY', text: 'Hi {{1}}, order {{2}} ({{1}})' }])).toEqual(['1', '2']);
    expect(templatePlaceholders([{ type: 'body', text: 'Hi {{customer_name}}' }])).toEqual(['customer_name']);
    expect(templatePlaceholders([])).toEqual([]);
  });
});
