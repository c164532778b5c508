import type { ToolPlugin } from '@confab/plugin-sdk';
import { createToolContext } from '@confab/plugin-sdk/testing';
import { apiError, startFakeOpenAI, text, toolCalls, type FakeOpenAI } from '@confab/testing';
import { LlmError } from '../llm/llm.port';
import { OpenAiLlm } from '../llm/openai-llm';
import { runTurn } from './run-turn';
import type { ResolvedTool, TurnRequest } from './tool-loop.types';

function tool(name: string, execute: ToolPlugin['execute'], timeoutMs = 1000): ResolvedTool {
  const parameters = { type: 'object' as const, properties: { n: { type: 'number' } }, required: ['n'] };
  return { spec: { name, description: `${name} tool`, parameters }, risk: 'read', timeoutMs, config: {}, plugin: { description: `${name} tool`, parameters, execute } };
}

describe('runTurn through the real openai SDK against the loopback server', () => {
  let fake: FakeOpenAI;
  let llm: OpenAiLlm;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    llm = new OpenAiLlm({ apiKey: 'sk-test', baseUrl: fake.url, timeoutMs: 5000, maxRetries: 0 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const request = (tools: ResolvedTool[], maxIterations = 4): TurnRequest => ({
    llm,
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hi' }],
    tools,
    maxIterations,
    contextFor: (_t, signal) => ({ ...createToolContext({}), signal }),
  });

  it('runs parallel tool calls concurrently and sums the usage of every model call', async () => {
    // Concurrency shown by overlap, not by wall time (which a loaded machine stretches): each call waits until
    // both have started, so run one after the other they would never finish.
    let started = 0;
    let release!: () => void;
    const bothStarted = new Promise<void>((r) => (release = r));
    const slow = (label: string) => tool(label, async (args: any) => {
      if (++started === 2) release();
      await bothStarted;
      return { content: { label, doubled: args.n * 2 } };
    }, 5_000);
    fake.enqueue(
      toolCalls({ id: 'a', name: 'left', arguments: { n: 1 } }, { id: 'b', name: 'right', arguments: { n: 2 } }),
      text('done', { promptTokens: 40, completionTokens: 5, cachedTokens: 10 }),
    );
    const result = await runTurn(request([slow('left'), slow('right')]));
    expect(result.toolCalls.every((c) => !c.error)).toBe(true);
    expect(result.text).toBe('done');
    expect(result.toolCalls.map((c) => [c.name, c.result])).toEqual([['left', { label: 'left', doubled: 2 }], ['right', { label: 'right', doubled: 4 }]]);
    expect(result.llmCalls).toHaveLength(2);
    expect(result.llmCalls[1].usage).toEqual({ promptTokens: 40, completionTokens: 5, cachedTokens: 10 });
    const second = fake.calls('/chat/completions')[1].body.messages;
    expect(second.filter((m: any) => m.role === 'tool').map((m: any) => JSON.parse(m.content).doubled)).toEqual([2, 4]);
  });

  it('aborts a tool at its timeout and tells the model', async () => {
    let aborted = false;
    const stuck = tool('stuck', (_args, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => { aborted = true; resolve({ content: 'late' }); })), 100);
    fake.enqueue(toolCalls({ name: 'stuck', arguments: { n: 1 } }), text('sorry'));
    const result = await runTurn(request([stuck]));
    expect(result.toolCalls[0].error).toBe('Tool timed out after 100 ms');
    expect(aborted).toBe(true);
    expect(JSON.parse(fake.calls('/chat/completions')[1].body.messages.at(-1).content)).toEqual({ error: 'Tool timed out after 100 ms' });
  });

  it('bounds the rounds: the last round offers no tools, so the model must answer in words', async () => {
    fake.respondWith((req) => (req.body.tools ? toolCalls({ name: 'echo', arguments: { n: 1 } }) : text('final words')));
    const result = await runTurn(request([tool('echo', async () => ({ content: 'again' }))], 3));
    const calls = fake.calls('/chat/completions');
    expect(calls).toHaveLength(3);
    expect(calls[2].body.tools).toBeUndefined();
    expect(result.text).toBe('final words');
    expect(result.toolCalls).toHaveLength(2);
  });

  it('stops offering tools once the turn has used its time budget', async () => {
    fake.respondWith((req) => (req.body.tools ? toolCalls({ name: 'slow', arguments: { n: 1 } }) : text('out of time')));
    const slow = tool('slow', async () => {
      await new Promise((r) => setTimeout(r, 150));
      return { content: 'done' };
    });
    const result = await runTurn({ ...request([slow], 10), turnBudgetMs: 200 });
    expect(result.text).toBe('out of time');
    expect(result.toolCalls.length).toBeLessThanOrEqual(2);
    expect(fake.calls('/chat/completions').at(-1)!.body.tools).toBeUndefined();
  });

  it('catches a tool that throws and records the error without failing the turn', async () => {
    fake.enqueue(toolCalls({ name: 'boom', arguments: { n: 1 } }), text('recovered'));
    const result = await runTurn(request([tool('boom', async () => { throw new Error('database down'); })]));
    expect(result.toolCalls[0]).toMatchObject({ error: 'Tool failed: database down', validation: 'ok' });
    expect(result.text).toBe('recovered');
  });

  it('classifies provider errors: rate limits and 5xx retryable, bad requests and exhausted quota not', async () => {
    const cases: Array<[ReturnType<typeof apiError>, boolean]> = [
      [apiError(429, { code: 'rate_limit_exceeded' }), true],
      [apiError(500), true],
      [apiError(400, { code: 'context_length_exceeded' }), false],
      [apiError(429, { code: 'insufficient_quota', type: 'insufficient_quota' }), false],
    ];
    for (const [reply, retryable] of cases) {
      fake.enqueue(reply);
      const err = await runTurn(request([])).catch((e) => e);
      expect(err).toBeInstanceOf(LlmError);
      expect((err as LlmError).retryable).toBe(retryable);
    }
  });
});
