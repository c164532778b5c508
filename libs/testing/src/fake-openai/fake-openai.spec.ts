import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { eventually } from '../eventually';
import { startFakeOpenAI, text, toolCalls, type FakeOpenAI } from './index';

describe('fake-openai chat completions through the openai SDK', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const user = (content: string): ChatCompletionMessageParam[] => [{ role: 'user', content }];

  it('answers a text reply with the scripted usage, echoing the model', async () => {
    fake.enqueue(text('Hello there', { promptTokens: 30, completionTokens: 12, cachedTokens: 16, reasoningTokens: 4 }));
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('hi') });

    expect(res.id).toBe('chatcmpl-1');
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o-mini');
    expect(res._request_id).toMatch(/^req_\d+$/);
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.choices[0].message).toMatchObject({ role: 'assistant', content: 'Hello there', refusal: null });
    expect(res.usage).toEqual({
      prompt_tokens: 30,
      completion_tokens: 12,
      total_tokens: 42,
      prompt_tokens_details: { cached_tokens: 16, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 4,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
    const [recorded] = fake.calls('/chat/completions');
    expect(recorded.method).toBe('POST');
    expect(recorded.headers.authorization).toBe('Bearer test');
    expect(recorded.body).toEqual({ model: 'gpt-4o-mini', messages: user('hi') });
  });

  it('derives small deterministic usage when none is scripted', async () => {
    fake.enqueue(text('abcdefgh'));
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'be brief' }, ...user('hello world!')],
    });
    // 8 + 12 chars -> 5 prompt tokens; 8 chars -> 2 completion tokens.
    expect(res.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
  });

  it('answers two parallel tool calls, then a text turn that sees the tool results', async () => {
    fake.enqueue(
      toolCalls(
        { name: 'get_weather', arguments: { city: 'Berlin' } },
        { name: 'get_time', arguments: '{"tz":"CET"}', id: 'call_x' },
      ),
      text('21°C in Berlin, 14:00 CET'),
    );
    const messages = user('weather and time?');
    const first = await client.chat.completions.create({ model: 'gpt-4o', messages });

    const choice = first.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Berlin"}' } },
      { id: 'call_x', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
    ]);

    messages.push(choice.message, { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' });
    messages.push({ role: 'tool', tool_call_id: 'call_x', content: '{"time":"14:00"}' });
    const second = await client.chat.completions.create({ model: 'gpt-4o', messages });

    expect(second.choices[0].message.content).toBe('21°C in Berlin, 14:00 CET');
    const sent = fake.calls('/chat/completions')[1].body.messages;
    expect(sent[1]).toMatchObject({ role: 'assistant', content: null, tool_calls: choice.message.tool_calls });
    expect(sent.slice(2).map((m: { tool_call_id: string }) => m.tool_call_id)).toEqual(['call_1', 'call_x']);
  });

  it('streams text with include_usage through the raw iterator', async () => {
    fake.enqueue(text('Hello streaming world', { promptTokens: 9, completionTokens: 4 }));
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: user('hi'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const pieces = chunks.flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('Hello streaming world');
    expect(chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0].finish_reason)).toEqual(['stop']);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    // The SDK asks for JSON even when streaming, so the fake must go by body.stream.
    expect(fake.requests[0].headers.accept).toBe('application/json');
  });

  it('omits usage entirely from a stream without include_usage', async () => {
    fake.enqueue(text('no usage here'));
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('hi'), stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
  });

  it('satisfies the strict stream helper for text', async () => {
    fake.enqueue(text('Strict helpers are happy', { promptTokens: 5, completionTokens: 6 }));
    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: user('hi'),
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    runner.on('content.delta', ({ delta }) => deltas.push(delta));
    const final = await runner.finalChatCompletion();

    expect(final.choices[0].message.content).toBe('Strict helpers are happy');
    expect(final.choices[0].finish_reason).toBe('stop');
    expect(final.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 });
    expect(deltas.join('')).toBe('Strict helpers are happy');
    expect(fake.requests[0].body.stream).toBe(true);
  });

  it('streams parallel tool calls that the strict helper reassembles', async () => {
    fake.enqueue(
      toolCalls({ name: 'get_weather', arguments: { city: 'Berlin' } }, { name: 'get_time', arguments: { tz: 'CET' } }),
    );
    const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: user('both please') });
    const done: string[] = [];
    runner.on('tool_calls.function.arguments.done', (e) => done.push(`${e.name}:${e.arguments}`));
    const final = await runner.finalChatCompletion();

    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(final.choices[0].message.content).toBeNull();
    const calls = final.choices[0].message.tool_calls ?? [];
    expect(calls.map((c) => c.type === 'function' && [c.id, c.function.name, c.function.arguments])).toEqual([
      ['call_1', 'get_weather', '{"city":"Berlin"}'],
      ['call_2', 'get_time', '{"tz":"CET"}'],
    ]);
    expect(done).toEqual(['get_weather:{"city":"Berlin"}', 'get_time:{"tz":"CET"}']);
    expect(final.usage).toBeUndefined();
  });

  it('uses the queue first, then the responder, and records every request in order', async () => {
    fake.respondWith((req) => text(`echo: ${req.body.messages.at(-1).content}`));
    fake.enqueue(text('from the queue'));
    const ask = async (q: string) =>
      (await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user(q) })).choices[0].message.content;

    expect(await ask('one')).toBe('from the queue');
    expect(await ask('two')).toBe('echo: two');
    expect(fake.requests.map((r) => r.body.messages[0].content)).toEqual(['one', 'two']);
  });

  it('holds answers until released, so requests in flight can be counted', async () => {
    fake.respondWith(() => text('released'));
    const release = fake.hold();
    let answered = 0;
    const asks = [1, 2, 3].map(() => client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('hi') }).then((r) => (answered++, r)));
    await eventually(() => expect(fake.calls('/chat/completions')).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(0);
    release();
    expect((await Promise.all(asks)).map((r) => r.choices[0].message.content)).toEqual(['released', 'released', 'released']);
  });

  it('applies latency and reset() clears it with the rest of the state', async () => {
    fake.setLatency(150);
    fake.enqueue(text('slow'), text('left over'));
    const started = Date.now();
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('hi') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    fake.reset();
    expect(fake.requests).toHaveLength(0);
    const err = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('hi') }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError); // the queued 'left over' is gone
  });
});
