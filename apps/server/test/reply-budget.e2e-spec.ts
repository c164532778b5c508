import { eventually, queryDatabase, text } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const ATTEMPT_MS = 1_500;
const BUDGET_MS = 5_000;

/**
 * A model that never answers must not leave the customer waiting through every retry of every call: each attempt is
 * cut off, and once no retry fits in the reply budget the fallback goes out with the reason recorded. Eight
 * attempts with a long backoff would take minutes; the budget ends it in seconds.
 */
describe('a hanging language model is bounded by the reply budget', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({
      conversations: { replyAttempts: 8, replyBackoffMs: 300, replyAttemptTimeoutMs: ATTEMPT_MS, replyBudgetMs: BUDGET_MS },
    });
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());
  beforeEach(() => server.openai.reset());

  async function chat(assistant: { tools?: unknown[] } = {}) {
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'Be brief.', model: 'gpt-4o-mini', ...assistant })).body.id;
    const created = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    return created.body.id as string;
  }

  it('sends the fallback within the budget, marks the message failed with the reason, and a retry by hand still works', async () => {
    server.openai.respondWith(() => ({ kind: 'hang' }));
    const id = await chat();
    const sentAt = Date.now();
    await api.post(`/api/v1/conversations/${id}/messages`, { text: 'are you there?' });
    const detail = await eventually(
      async () => {
        const res = await api.get(`/api/v1/conversations/${id}`);
        expect(res.body.messages[0].replyState).toBe('failed');
        return res.body;
      },
      { timeoutMs: 20_000 },
    );
    const waitedMs = Date.now() - sentAt;
    // The budget plus the offline answer and the polling (with room for a loaded machine), never the 8 attempts
    // of 1.5 s plus their backoff.
    expect(waitedMs).toBeLessThan(BUDGET_MS + 4_000);
    const calls = server.openai.calls('/chat/completions').length;
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThan(8);
    expect(detail.messages[0].replyError).toContain('did not answer within 1.5 s');
    const fallback = detail.messages[1];
    expect(fallback).toMatchObject({ author: 'assistant', metadata: expect.objectContaining({ fallback: true, offline: true }) });
    expect(fallback.text).toContain('temporarily unavailable');

    const events = await queryDatabase<{ payload: { reason: string; willRetry: boolean } }>(
      server.db.url,
      `select payload from domain_events where type = 'ReplyFailed' and aggregate_id = $1 order by id`,
      [id],
    );
    expect(events.at(-1)!.payload).toMatchObject({ willRetry: false, reason: expect.stringContaining('did not answer') });
    expect(events.slice(0, -1).every((e) => e.payload.willRetry)).toBe(true);

    server.openai.respondWith(() => text('Back again.'));
    expect((await api.post(`/api/v1/conversations/${id}/retry-reply`)).status).toBe(202);
    await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${id}`);
      expect(res.body.messages[0].replyState).toBe('answered');
      expect(res.body.messages.at(-1).text).toBe('Back again.');
    });
  });

  it('hands the conversation over when the assistant can hand over', async () => {
    server.openai.respondWith(() => ({ kind: 'hang' }));
    const id = await chat({ tools: [{ name: 'handoff_to_human' }] });
    await api.post(`/api/v1/conversations/${id}/messages`, { text: 'what are your prices?' });
    const detail = await eventually(
      async () => {
        const res = await api.get(`/api/v1/conversations/${id}`);
        expect(res.body.messages[0].replyState).toBe('failed');
        return res.body;
      },
      { timeoutMs: 20_000 },
    );
    expect(detail.owner).toBe('human');
    expect(detail.handoffReason).toContain('The assistant could not answer');
    expect(detail.messages[1].metadata.fallback).toBe(true);
  });
});
