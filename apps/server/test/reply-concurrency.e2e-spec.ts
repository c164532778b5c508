import { eventually, startFakeOpenAI, text, type FakeOpenAI } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

// A slow model must not cap the replies in flight at a fixed number: REPLY_CONCURRENCY says how many one worker
// runs at once. Shown by counting the requests the model holds unanswered, not by a timing budget (which a busy
// machine could miss): with 24 conversations, room for 32 and every answer held back, all 24 requests reach the
// model; a cap of 16 would keep the last 8 waiting for answers that never come, and the count would stop at 16.
describe('reply concurrency (REPLY_CONCURRENCY)', () => {
  const CONVERSATIONS = 24;
  let server: TestServer;
  let model: FakeOpenAI;
  let api: ApiClient;

  beforeAll(async () => {
    // The model and attempt timeouts outlast the wait below: a held request given up and retried would free a slot.
    model = await startFakeOpenAI();
    server = await startTestServer({
      openai: { apiKey: 'sk-test', baseUrl: model.url, timeoutMs: 60_000, maxRetries: 0 },
      conversations: { replyConcurrency: 32, replyDebounceMs: 0, replyAttemptTimeoutMs: 60_000 },
    });
    ({ api } = await createTenant(server.url, server.platformKey, 'Busy'));
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  it('asks the model for every waiting conversation at once, beyond 16', async () => {
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Support', systemPrompt: 'You help.', model: 'gpt-4o-mini' })).body.id;
    const chats: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) chats.push((await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id);
    model.respondWith(() => text('Answered.'));
    const release = model.hold();
    // Not awaited before counting, in case a post waits for its reply.
    const posted = Promise.all(chats.map((id, i) => api.post(`/api/v1/conversations/${id}/messages`, { text: `Question ${i}` })));
    try {
      await eventually(() => expect(model.calls('/chat/completions')).toHaveLength(CONVERSATIONS), { timeoutMs: 30_000 });
    } finally {
      release();
    }
    for (const res of await posted) expect(res.status).toBeLessThan(300);
    await eventually(async () => {
      for (const id of chats) {
        const res = await api.get(`/api/v1/conversations/${id}`);
        expect(res.body.messages.filter((m: any) => m.author === 'assistant')).toHaveLength(1);
      }
    }, { timeoutMs: 30_000 });
    expect(model.calls('/chat/completions')).toHaveLength(CONVERSATIONS);
  }, 90_000);
});
