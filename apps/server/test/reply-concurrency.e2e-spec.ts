import { eventually, text } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

// A slow model must not cap the replies in flight at a fixed number: REPLY_CONCURRENCY says how many one worker
// runs at once. Shown by when the model is asked, not by a timing budget: with 24 conversations, a 1.5 s model
// and room for 32, every request reaches the model before the first answer comes back; a cap of 16 would hold
// the last 8 until the first replies finished.
describe('reply concurrency (REPLY_CONCURRENCY)', () => {
  const MODEL_MS = 1500;
  const CONVERSATIONS = 24;
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ conversations: { replyConcurrency: 32, replyDebounceMs: 0 } });
    ({ api } = await createTenant(server.url, server.platformKey, 'Busy'));
  });
  afterAll(() => server?.close());

  it('asks the model for every waiting conversation at once, beyond 16', async () => {
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Support', systemPrompt: 'You help.', model: 'gpt-4o-mini' })).body.id;
    const chats: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) chats.push((await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id);
    server.openai.setLatency(MODEL_MS);
    server.openai.respondWith(() => text('Answered.'));
    await Promise.all(chats.map((id, i) => api.post(`/api/v1/conversations/${id}/messages`, { text: `Question ${i}` })));
    await eventually(async () => {
      for (const id of chats) {
        const res = await api.get(`/api/v1/conversations/${id}`);
        expect(res.body.messages.filter((m: any) => m.author === 'assistant')).toHaveLength(1);
      }
    }, { timeoutMs: 30_000 });
    const asked = server.openai.calls('/chat/completions').map((c) => c.at);
    expect(asked).toHaveLength(CONVERSATIONS);
    // Every request arrived while the first was still being answered.
    expect(Math.max(...asked) - Math.min(...asked)).toBeLessThan(MODEL_MS);
  }, 60_000);
});
