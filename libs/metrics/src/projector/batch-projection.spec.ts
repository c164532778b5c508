import { BatchProjection, type BatchInput } from './batch-projection';
import { COUNTERS, type LogEvent, type RollupDelta } from './projection-state';

const TENANT = 't-1';
const CONV = 'c-1';
let nextId = 1;

function event(type: string, payload: Record<string, unknown>, at = '2026-12-06T10:00:00Z'): LogEvent {
  const id = String(nextId++);
  return { id, txId: id, tenantId: TENANT, aggregateId: CONV, type, payload: { tenantId: TENANT, conversationId: CONV, ...payload }, occurredAt: new Date(at) };
}

function input(): BatchInput {
  return { conversations: new Map(), messages: new Map(), timezones: new Map([[TENANT, 'Europe/Berlin']]), expectsReply: new Map(), ledger: new Map() };
}

/** Applies events in one projection (state carried over, as across batches) and sums every delta. */
function project(state: BatchInput, events: LogEvent[]) {
  const projection = new BatchProjection(state);
  for (const e of events) projection.apply(e);
  return sum(projection.rollupDeltas());
}

function sum(deltas: RollupDelta[]) {
  const out: Record<string, any> = { ...Object.fromEntries(COUNTERS.map((c) => [c, 0])), responseHist: {}, failedByCode: {} };
  for (const d of deltas) {
    for (const [k, v] of Object.entries(d)) if (typeof v === 'number' && k !== 'hour') out[k] = (out[k] ?? 0) + v;
    for (const [k, v] of Object.entries(d.responseHist)) out.responseHist[k] = (out.responseHist[k] ?? 0) + v;
    for (const [k, v] of Object.entries(d.failedByCode)) out.failedByCode[k] = (out.failedByCode[k] ?? 0) + v;
  }
  for (const key of ['responseHist', 'failedByCode']) for (const [k, v] of Object.entries(out[key])) if (v === 0) delete out[key][k];
  return out;
}

const started = () => event('ConversationStarted', { channel: 'whatsapp', assistantId: 'a-1', customerId: 'x', tags: [], startedAt: '2026-12-06T09:59:00Z' });
const received = (messageId: string, sentAt: string) => event('CustomerMessageReceived', { messageId, wantsReply: true, sentAt, expectsReply: true });
const replied = (messageId: string, answered: string[], extra: Record<string, unknown> = {}) =>
  event('AssistantReplied', { messageId, answeredMessageIds: answered, latencyMs: 0, costMicros: 300, llmCostMicros: 200, offline: false, ...extra });
const sent = (messageId: string, sentAt: string) => event('OutboundMessageSent', { messageId, providerMessageId: 'w', sentAt }, sentAt);

describe('BatchProjection', () => {
  it('answers a burst with one reply once it is sent, measuring from the first message', () => {
    const state = input();
    const totals = project(state, [
      started(), received('m1', '2026-12-06T10:00:00Z'), received('m2', '2026-12-06T10:00:01Z'), replied('r1', ['m1', 'm2']), sent('r1', '2026-12-06T10:00:04Z'),
    ]);
    expect(totals).toMatchObject({ chats: 1, customerMessages: 2, awaitingReply: 2, answeredAi: 2, unanswered: 0, responseCount: 1, responseSumMs: 4000, llmCostMicros: 200, embeddingCostMicros: 100 });
  });

  it('leaves messages unanswered until the reply is sent, and for good when it was a fallback', () => {
    const state = input();
    expect(project(state, [started(), received('m1', '2026-12-06T10:00:00Z'), replied('r1', ['m1'])])).toMatchObject({ answeredAi: 0, unanswered: 1 });
    // A fallback (flagged, or an older event followed by ReplyFailed without retry) answers nothing when sent.
    const flagged = project(state, [received('m2', '2026-12-06T10:01:00Z'), replied('r2', ['m2'], { fallback: true }), sent('r2', '2026-12-06T10:01:02Z')]);
    expect(flagged).toMatchObject({ answeredAi: 0, unanswered: 1, assistantMessages: 1 });
    const old = project(state, [
      received('m3', '2026-12-06T10:02:00Z'), replied('r3', ['m3'], { llmCostMicros: undefined }),
      event('ReplyFailed', { messageIds: ['m3'], reason: 'x', willRetry: false }), sent('r3', '2026-12-06T10:02:02Z'),
    ]);
    expect(old).toMatchObject({ answeredAi: 0, unanswered: 1, llmCostMicros: 300, embeddingCostMicros: 0 });
  });

  it('takes an answer and its response time back when the provider fails a sent reply, and counts a re-send as the answer', () => {
    const state = input();
    project(state, [started(), received('m1', '2026-12-06T10:00:00Z'), replied('r1', ['m1']), sent('r1', '2026-12-06T10:00:02Z')]);
    const failed = project(state, [event('OutboundMessageFailed', { messageId: 'r1', code: '131049', reason: 'x' }, '2026-12-06T10:00:30Z')]);
    expect(failed).toMatchObject({ failedDeliveries: 1, failedByCode: { '131049': 1 }, answeredAi: -1, unanswered: 1, responseCount: -1, responseSumMs: -2000 });
    const resent = project(state, [sent('r1', '2026-12-06T10:05:00Z')]);
    expect(resent).toMatchObject({ failedDeliveries: -1, failedByCode: {}, answeredAi: 1, unanswered: -1, responseCount: 1, responseSumMs: 300_000 });
  });

  it('tells a re-send from a copy of the first send, and a new failure from a copy of an old one', () => {
    const state = input();
    const firstSend = sent('r1', '2026-12-06T10:00:02Z');
    const lateFailure = event('OutboundMessageFailed', { messageId: 'r1', code: '131049', reason: 'x' }, '2026-12-06T10:00:30Z');
    project(state, [started(), received('m1', '2026-12-06T10:00:00Z'), replied('r1', ['m1']), firstSend, lateFailure]);
    expect(project(state, [{ ...firstSend, id: 'copy-1' }])).toMatchObject({ answeredAi: 0, failedDeliveries: 0 });
    expect(project(state, [sent('r1', '2026-12-06T10:01:00Z')])).toMatchObject({ answeredAi: 1, failedDeliveries: -1 });
    expect(project(state, [{ ...lateFailure, id: 'copy-2' }])).toMatchObject({ answeredAi: 0, failedDeliveries: 0 });
  });

  it('changes nothing when an event appears twice', () => {
    const state = input();
    const events = [
      started(), received('m1', '2026-12-06T10:00:00Z'), replied('r1', ['m1']), sent('r1', '2026-12-06T10:00:02Z'),
      event('OutboundMessageFailed', { messageId: 'r1', code: '131049', reason: 'x' }),
      event('ConversationHandedOver', { reason: 'x', by: 'ai' }), event('AgentMessageSent', { messageId: 'g1' }),
      event('ChannelFeeRecorded', { messageId: 'r1', costMicros: 5000, deltaMicros: 5000, category: 'service' }),
    ];
    project(state, events);
    const again = project(state, events.map((e) => ({ ...e, id: String(nextId++) })));
    expect(Object.entries(again).filter(([k, v]) => typeof v === 'number' && v !== 0)).toEqual([]);
  });

  it('lets a colleague answer what is open, counts a hand-over once per takeover, and adds channel fees by their change', () => {
    const state = input();
    const totals = project(state, [
      started(), event('ConversationHandedOver', { reason: 'x', by: 'ai' }), received('m1', '2026-12-06T10:00:00Z'), received('m2', '2026-12-06T10:00:05Z'),
      event('ConversationHandedOver', { reason: 'again', by: 'agent' }), event('AgentMessageSent', { messageId: 'g1', author: 'agent' }),
      event('AiResumed', {}), event('ConversationHandedOver', { reason: 'third', by: 'agent' }),
      event('AgentMessageSent', { messageId: 'f1', author: 'assistant' }),
      event('ChannelFeeRecorded', { messageId: 'g1', costMicros: 5000 }), event('ChannelFeeRecorded', { messageId: 'g1', costMicros: 3000 }),
    ]);
    expect(totals).toMatchObject({ handoffs: 2, answeredHuman: 2, unanswered: 0, agentMessages: 1, assistantMessages: 1, channelFeeMicros: 3000 });
  });

  it('counts a template with its estimated fee, moved to the provider\'s price when it reports one', () => {
    const state = input();
    const queued = project(state, [started(), event('TemplateMessageQueued', { messageId: 't1', feeMicros: 8000 })]);
    expect(queued).toMatchObject({ systemMessages: 1, channelFeeMicros: 8000 });
    expect(project(state, [event('ChannelFeeRecorded', { messageId: 't1', costMicros: 7500 })])).toMatchObject({ channelFeeMicros: -500 });
  });

  it("buckets by the tenant's local day: 23:30 UTC is the next day in Berlin", () => {
    const state = input();
    const projection = new BatchProjection(state);
    projection.apply(started());
    projection.apply(received('m1', '2026-03-10T23:30:00Z'));
    const bucket = projection.rollupDeltas().find((d) => d.customerMessages === 1)!;
    expect(bucket).toMatchObject({ day: '2026-03-11', hour: 0 });
  });
});
