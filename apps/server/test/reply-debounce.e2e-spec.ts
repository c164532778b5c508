import { eventually, text } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The burst window (REPLY_DEBOUNCE_MS, per assistant replyDebounceMs): a single message is answered at once, a
 * burst once, after the window that starts at its second message.
 */
describe('reply debounce', () => {
  const WINDOW_MS = 800;
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ conversations: { replyDebounceMs: WINDOW_MS } });
    ({ api } = await createTenant(server.url, server.platformKey, 'Debounce'));
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server.openai.reset();
    server.openai.setLatency(0);
  });

  const assistant = async (extra: Record<string, unknown> = {}) =>
    (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'You help.', model: 'gpt-4o-mini', ...extra })).body.id as string;
  const repliesOf = async (chatId: string) => (await api.get(`/api/v1/conversations/${chatId}`)).body.messages.filter((m: any) => m.author === 'assistant');

  it('answers a single message without waiting for a window', async () => {
    // A single message that waited for the window would show it in the reply's latency. The bound is half that
    // window, not the suite's 800 ms: a busy machine can take longer than 800 ms to answer at once.
    const SLOW_WINDOW_MS = 20_000;
    const slowWindow = await assistant({ replyDebounceMs: SLOW_WINDOW_MS });
    server.openai.respondWith(() => text('At once.'));
    const chat = await api.post(`/api/v1/assistants/${slowWindow}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'hello' });
    const [reply] = await eventually(async () => {
      const replies = await repliesOf(chat.body.id);
      expect(replies).toHaveLength(1);
      return replies;
    }, { timeoutMs: SLOW_WINDOW_MS + 5_000 });
    expect(reply.latencyMs).toBeLessThan(SLOW_WINDOW_MS / 2);
  });

  it('gives a burst of three one reply when the model is slower than the burst', async () => {
    const assistantId = await assistant();
    server.openai.setLatency(1_000);
    server.openai.respondWith(() => text('One answer for everything.'));
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    for (const t of ['Hi', 'are you', 'open today?']) {
      await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: t });
      await new Promise((r) => setTimeout(r, 300));
    }
    await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages.filter((m: any) => m.replyState === 'answered')).toHaveLength(3);
    }, { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await repliesOf(chat.body.id)).toHaveLength(1);
    // The first message's turn started at once and was dropped when the burst went on; the reply saw all three.
    const calls = server.openai.calls('/chat/completions');
    expect(calls).toHaveLength(2);
    expect(calls[1].body.messages.filter((m: any) => m.role === 'user').map((m: any) => m.content)).toEqual(['Hi', 'are you', 'open today?']);
    // The dropped turn was billed (two model calls in the conversation's cost) and the metrics count it too.
    const detail = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
    const replyCost = (await repliesOf(chat.body.id))[0].cost.micros;
    expect(detail.totalCost.micros).toBeGreaterThan(replyCost);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await eventually(async () => {
      const metrics = (await api.get(`/api/v1/metrics?from=${day(-1)}&to=${day(1)}&assistantId=${assistantId}&includeTest=true`)).body;
      expect(metrics.totals.costByKind.llm.micros).toBe(detail.totalCost.micros);
    }, { timeoutMs: 10_000 });
  }, 40_000);

  it('answers every message on its own with replyDebounceMs 0, and refuses a negative window naming the field', async () => {
    const assistantId = await assistant({ replyDebounceMs: 0 });
    expect((await api.get(`/api/v1/assistants/${assistantId}`)).body.replyDebounceMs).toBe(0);
    server.openai.respondWith(() => text('Answered.'));
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'one' });
    await eventually(async () => expect(await repliesOf(chat.body.id)).toHaveLength(1));
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'two' });
    await eventually(async () => expect(await repliesOf(chat.body.id)).toHaveLength(2));

    const bad = await api.patch(`/api/v1/assistants/${assistantId}`, { replyDebounceMs: -1 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('replyDebounceMs');
    const reset = await api.patch(`/api/v1/assistants/${assistantId}`, { replyDebounceMs: null });
    expect(reset.body.replyDebounceMs).toBeNull();
  });
});
