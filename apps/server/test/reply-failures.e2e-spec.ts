import { apiError, eventually, text, toolCalls } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('a failing language model leaves a recorded, retryable state and the customer is not left in silence', () => {
  let server: TestServer;
  let api: ApiClient;
  let assistantId: string;

  beforeAll(async () => {
    server = await startTestServer({ conversations: { replyAttempts: 3, replyBackoffMs: 30 } });
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(() => server?.close());
  beforeEach(() => server.openai.reset());

  async function chatWith(message: string) {
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: message });
    return chat.body.id as string;
  }

  it('records the model calls and tool calls of a turn the model broke off, with their cost, even without a reply', async () => {
    const withTool = (await api.post('/api/v1/assistants', {
      name: 'T', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email' }] } }],
    })).body.id;
    server.openai.enqueue(
      toolCalls({ id: 'call_mail', name: 'collect_data', arguments: { email: 'kim@example.org' } }),
      apiError(400, { message: 'context too long', code: 'context_length_exceeded' }),
    );
    const chat = await api.post(`/api/v1/assistants/${withTool}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'please note my address, it is kim at example dot org' });
    const detail = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages[0].replyState).toBe('failed');
      return res.body;
    });
    // The tool ran before the model failed: its call is audited (no reply message to hang it on) ...
    expect(detail.toolCalls).toEqual([expect.objectContaining({ name: 'collect_data', messageId: null, error: null, validation: 'ok' })]);
    // ... and the first model call, billed by the provider, is in the conversation's cost beside the fallback's zero.
    const fallback = detail.messages.find((m: any) => m.author === 'assistant');
    expect(fallback.metadata.fallback).toBe(true);
    expect(detail.totalCost.micros).toBeGreaterThan(fallback.cost.micros);
  });

  it('retries a transient error and answers once', async () => {
    server.openai.enqueue(apiError(503, { message: 'overloaded' }), text('Here I am.'));
    const id = await chatWith('hello');
    const detail = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${id}`);
      expect(res.body.messages[0].replyState).toBe('answered');
      return res.body;
    });
    expect(detail.messages.filter((m: any) => m.author === 'assistant').map((m: any) => m.text)).toEqual(['Here I am.']);
    expect(server.openai.calls('/chat/completions')).toHaveLength(2);
    // The failure stays visible on the event log even though the retry succeeded.
    expect(detail.messages[1].metadata.fallback).toBeUndefined();
  });

  it('after the last attempt marks the message failed with the reason, answers with the offline responder, and retries on request', async () => {
    server.openai.respondWith(() => apiError(500, { message: 'model exploded' }));
    const id = await chatWith('are you there?');
    const failed = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${id}`);
      expect(res.body.messages[0].replyState).toBe('failed');
      return res.body;
    });
    expect(server.openai.calls('/chat/completions')).toHaveLength(3);
    expect(failed.messages[0].replyError).toContain('500');
    expect(failed.messages[0].replyError).toContain('model exploded');
    const fallback = failed.messages[1];
    expect(fallback).toMatchObject({ author: 'assistant', metadata: expect.objectContaining({ fallback: true, offline: true }) });
    // A model is configured, it is only failing: the customer is not told it is missing.
    expect(fallback.text).toContain('temporarily unavailable');
    expect(fallback.text).not.toContain('without a language model');
    expect(fallback.cost.micros).toBe(0);

    server.openai.respondWith(() => text('Sorry for the wait - yes, I am here.'));
    const retry = await api.post(`/api/v1/conversations/${id}/retry-reply`);
    expect(retry.status).toBe(202);
    expect(retry.body.retried).toBe(1);
    const recovered = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${id}`);
      expect(res.body.messages[0].replyState).toBe('answered');
      return res.body;
    });
    expect(recovered.messages.at(-1)).toMatchObject({ author: 'assistant', text: 'Sorry for the wait - yes, I am here.' });
    expect(recovered.messages[0].replyError).toBeNull();
  });

  it('does not retry an error that cannot get better (bad key), and falls back at once', async () => {
    server.openai.respondWith(() => apiError(401, { message: 'Incorrect API key provided', code: 'invalid_api_key' }));
    const id = await chatWith('hi');
    const detail = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${id}`);
      expect(res.body.messages[0].replyState).toBe('failed');
      return res.body;
    });
    expect(server.openai.calls('/chat/completions')).toHaveLength(1);
    expect(detail.messages[0].replyError).toContain('invalid_api_key');
  });

  it('refuses to retry when there is nothing to retry', async () => {
    server.openai.respondWith(() => text('fine'));
    const id = await chatWith('hi');
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${id}`)).body.messages[0].replyState).toBe('answered'));
    const res = await api.post(`/api/v1/conversations/${id}/retry-reply`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NOTHING_TO_RETRY');
  });

  it('returns tool errors to the model and records them, without failing the reply', async () => {
    const toolAssistant = await api.post('/api/v1/assistants', {
      name: 'T', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'handoff_to_human' }],
    });
    const { toolCalls } = await import('@confab/testing');
    server.openai.enqueue(
      toolCalls({ id: 'call_bad', name: 'handoff_to_human', arguments: { summary: 'no reason given' } }, { id: 'call_ghost', name: 'no_such_tool', arguments: {} }),
      text('Let me try that differently.'),
    );
    const chat = await api.post(`/api/v1/assistants/${toolAssistant.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'human please' });
    const detail = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages[0].replyState).toBe('answered');
      return res.body;
    });
    const byName = Object.fromEntries(detail.toolCalls.map((c: any) => [c.name, c]));
    expect(byName.handoff_to_human).toMatchObject({ validation: 'invalid', error: expect.stringContaining('reason') });
    expect(byName.no_such_tool.error).toContain('Unknown tool');
    expect(detail.owner).toBe('ai');
    const second = server.openai.calls('/chat/completions')[1].body.messages;
    const toolMessages = second.filter((m: any) => m.role === 'tool');
    expect(toolMessages.map((m: any) => m.tool_call_id).sort()).toEqual(['call_bad', 'call_ghost']);
    expect(toolMessages.find((m: any) => m.tool_call_id === 'call_bad').content).toContain('Invalid arguments');

    const stats = await api.get('/api/v1/tools/stats');
    expect(stats.status).toBe(200);
    const handoff = stats.body.find((t: any) => t.name === 'handoff_to_human');
    expect(handoff).toMatchObject({ calls: 1, errors: 1, invalid: 1 });
    expect(handoff.p95DurationMs).toBeGreaterThanOrEqual(handoff.p50DurationMs);
    expect(stats.body.find((t: any) => t.name === 'no_such_tool')).toMatchObject({ calls: 1, errors: 1, invalid: 0 });
    expect((await api.get('/api/v1/tools/stats?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z')).body).toEqual([]);
    expect((await api.get('/api/v1/tools/stats?from=2030-02-01T00:00:00Z&to=2030-01-01T00:00:00Z')).status).toBe(400);
  });
});

describe('work whose job was lost in a crash is picked up again', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());

  it('answers a customer message committed without a reply job', async () => {
    const { PendingWorkSweeper } = await import('@confab/conversations');
    const { queryDatabase } = await import('@confab/testing');
    const assistantId = (await api.post('/api/v1/assistants', { name: 'S', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    const [conv] = await queryDatabase<{ tenant_id: string; connection_id: string }>(server.db.url, 'select tenant_id, connection_id from conversations where id = $1', [chat.body.id]);
    // The state a crash right after the inbound commit leaves behind: the message, but no event was relayed.
    await queryDatabase(
      server.db.url,
      `insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, reply_state, created_at)
       values (gen_random_uuid(), $1, $2, $3, 'inbound', 'customer', 'anyone there?', 'pending', now() - interval '5 minutes')`,
      [conv.tenant_id, chat.body.id, conv.connection_id],
    );
    server.openai.enqueue(text('Yes, here!'));
    expect(await server.app.get(PendingWorkSweeper).sweep()).toEqual({ replies: 1, sends: 0 });
    await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body;
      expect(detail.messages.map((m: any) => [m.author, m.replyState ?? m.deliveryStatus])).toEqual([['customer', 'answered'], ['assistant', 'delivered']]);
    });
    expect(await server.app.get(PendingWorkSweeper).sweep()).toEqual({ replies: 0, sends: 0 });
  });
});
