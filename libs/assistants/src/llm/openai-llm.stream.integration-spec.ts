import { startFakeOpenAI, text, toolCalls, type FakeOpenAI } from '@confab/testing';
import { LlmError, type LlmRequest } from './llm.port';
import { OfflineResponder, offlinePieces } from './offline-responder';
import { OpenAiLlm } from './openai-llm';

describe('OpenAiLlm streaming (real SDK against the loopback OpenAI)', () => {
  let fake: FakeOpenAI;
  let llm: OpenAiLlm;
  const request: LlmRequest = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'When is bread fresh?' }],
    tools: [{ name: 'lookup', description: 'Looks something up', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    llm = new OpenAiLlm({ apiKey: 'sk-test', baseUrl: fake.url, timeoutMs: 5_000, maxRetries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  /** The same scripted answer, once without and once with streaming. */
  async function both(reply: Parameters<FakeOpenAI['enqueue']>[0]) {
    fake.enqueue(reply, reply);
    const plain = await llm.complete(request);
    const pieces: string[] = [];
    const streamed = await llm.complete({ ...request, onDelta: (t) => pieces.push(t) });
    return { plain, streamed, pieces };
  }

  it('assembles the same response for text, with usage, and hands each piece over as it arrives', async () => {
    const { plain, streamed, pieces } = await both(text('Fresh bread until six, every day.', { promptTokens: 40, completionTokens: 9, cachedTokens: 8 }));
    const { requestId: _a, ...plainRest } = plain;
    const { requestId: _b, ...streamedRest } = streamed;
    expect(streamedRest).toEqual(plainRest);
    expect(streamed.usage).toEqual({ promptTokens: 40, cachedTokens: 8, completionTokens: 9 });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Fresh bread until six, every day.');
    expect(streamed.requestId).toBeTruthy();
    const wire = fake.calls('/chat/completions')[1].body;
    expect(wire).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('puts parallel tool calls together by index, the same as without streaming', async () => {
    const { plain, streamed, pieces } = await both(
      toolCalls({ id: 'call_a', name: 'lookup', arguments: { q: 'bread' } }, { id: 'call_b', name: 'lookup', arguments: { q: 'rolls and pretzels' } }),
    );
    expect(streamed.toolCalls).toEqual(plain.toolCalls);
    expect(streamed.toolCalls.map((c) => JSON.parse(c.arguments).q)).toEqual(['bread', 'rolls and pretzels']);
    expect(streamed.content).toBe(plain.content);
    expect(streamed.finishReason).toBe('tool_calls');
    expect(streamed.usage).toEqual(plain.usage);
    expect(pieces).toEqual([]);
  });

  it('turns an error in the middle of the stream into a retryable LlmError', async () => {
    fake.enqueue({ kind: 'stream_error', afterChunks: 3, message: 'stream broke' });
    const pieces: string[] = [];
    const err = await llm.complete({ ...request, onDelta: (t) => pieces.push(t) }).catch((e) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('stream broke');
    expect(pieces.length).toBeGreaterThan(0);
  });
});

describe('OfflineResponder streaming', () => {
  it('streams its answer in small pieces with pauses, the same text as without streaming', async () => {
    const responder = new OfflineResponder('no_model', 10);
    const request: LlmRequest = { model: 'x', messages: [{ role: 'user', content: 'Hello' }], tools: [] };
    const plain = await responder.complete(request);
    const pieces: { text: string; at: number }[] = [];
    const began = Date.now();
    const streamed = await responder.complete({ ...request, onDelta: (t) => pieces.push({ text: t, at: Date.now() - began }) });
    expect(streamed).toEqual(plain);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.map((p) => p.text).join('')).toBe(plain.content);
    expect(pieces[pieces.length - 1].at).toBeGreaterThanOrEqual(5 * 10);
  });

  it('splits at word boundaries', () => {
    expect(offlinePieces('one two three four five', 2)).toEqual(['one two ', 'three four ', 'five']);
  });
});
