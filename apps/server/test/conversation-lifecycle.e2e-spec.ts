import { eventually, text, toolCalls } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('conversation lifecycle (HTTP in, loopback OpenAI out, real PostgreSQL and Redis)', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey, 'Bakery'));
  });
  afterAll(() => server?.close());
  beforeEach(() => server.openai.reset());

  async function assistantWithTools() {
    const res = await api.post('/api/v1/assistants', {
      name: 'Support',
      systemPrompt: 'You help bakery customers.',
      model: 'gpt-4o-mini',
      tools: [
        { name: 'collect_data', config: { fields: [{ key: 'email', type: 'email', required: true }] } },
        { name: 'handoff_to_human' },
      ],
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('answers a test chat with a reply that used a tool, and records tokens, cost and the tool call', async () => {
    const assistantId = await assistantWithTools();
    server.openai.enqueue(
      toolCalls({ id: 'call_1', name: 'collect_data', arguments: { email: 'Jane@Example.COM' } }),
      text('Thanks Jane, I saved your email.', { promptTokens: 1000, cachedTokens: 200, completionTokens: 50 }),
    );
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    expect(chat.status).toBe(201);
    const sent = await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'My email is Jane@Example.COM' });
    expect(sent.status).toBe(202);

    const detail = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages.filter((m: any) => m.author === 'assistant')).toHaveLength(1);
      expect(res.body.messages.find((m: any) => m.author === 'assistant').deliveryStatus).toBe('delivered');
      return res.body;
    });

    const [customerMessage, reply] = detail.messages;
    expect(customerMessage).toMatchObject({ author: 'customer', text: 'My email is Jane@Example.COM', replyState: 'answered' });
    expect(reply).toMatchObject({ author: 'assistant', text: 'Thanks Jane, I saved your email.', direction: 'outbound' });
    expect(Date.parse(reply.createdAt)).toBeGreaterThanOrEqual(Date.parse(customerMessage.createdAt));
    // Two LLM calls: the tool round (default fake usage) and the answer (1000 prompt incl. 200 cached, 50 completion).
    const first = server.openai.calls('/chat/completions')[0].body;
    expect(first.tools.map((t: any) => t.function.name).sort()).toEqual(['collect_data', 'handoff_to_human']);
    expect(first.messages[0].content).toContain('You help bakery customers.');
    expect(first.messages[0].content).toContain('text chat');
    expect(reply.usage.llmCalls).toBe(2);
    expect(reply.usage.cachedTokens).toBe(200);
    expect(reply.usage.completionTokens).toBeGreaterThanOrEqual(50);
    expect(reply.cost.micros).toBeGreaterThan(0);
    expect(Number.isInteger(reply.cost.micros)).toBe(true);
    expect(detail.totalCost.micros).toBe(reply.cost.micros);

    expect(detail.toolCalls).toHaveLength(1);
    expect(detail.toolCalls[0]).toMatchObject({ name: 'collect_data', arguments: { email: 'Jane@Example.COM' }, error: null, validation: 'ok', messageId: reply.id });
    expect(detail.variables.email).toMatchObject({ value: 'Jane@example.com', source: 'ai' });

    const list = await api.get('/api/v1/conversations');
    const item = list.body.items.find((c: any) => c.id === chat.body.id);
    expect(item).toMatchObject({ channel: 'test', assistantId, messageCount: 2, tags: ['test'] });
    expect(item.totalCost.micros).toBe(reply.cost.micros);
  });

  it('hands over to a human when the model calls the hand-over tool, and stops answering until resumed', async () => {
    const assistantId = await assistantWithTools();
    server.openai.enqueue(toolCalls({ name: 'handoff_to_human', arguments: { reason: 'Customer wants a person', summary: 'Refund question' } }), text('A colleague will take over.'));
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'I want to talk to a person' });
    await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.owner).toBe('human');
      expect(res.body.handoffReason).toBe('Customer wants a person');
    });
    const humanList = await api.get('/api/v1/conversations?owner=human');
    expect(humanList.body.items.map((c: any) => c.id)).toContain(chat.body.id);
    // The needs-a-human list says why and since when, without opening each conversation.
    const listed = humanList.body.items.find((c: any) => c.id === chat.body.id);
    expect(listed).toMatchObject({ owner: 'human', handoffReason: 'Customer wants a person', handedOverAt: expect.any(String) });
    expect(Date.now() - Date.parse(listed.handedOverAt)).toBeLessThan(60_000);

    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'hello?' });
    await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages.at(-1)).toMatchObject({ text: 'hello?', replyState: 'skipped', replyError: 'handed_over' });
    });
    expect(server.openai.calls('/chat/completions')).toHaveLength(2);

    const resumed = await api.post(`/api/v1/conversations/${chat.body.id}/resume-ai`);
    expect(resumed.body).toMatchObject({ owner: 'ai', handoffReason: null, handedOverAt: null });
    server.openai.enqueue(text('Back with you.'));
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'still there?' });
    await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages.at(-1)).toMatchObject({ author: 'assistant', text: 'Back with you.' });
    });
  });

  it('gives the conversation back to the AI after the configured silence, and not while a colleague keeps writing', async () => {
    const bot = await api.post('/api/v1/assistants', { name: 'R', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'handoff_to_human', config: { resumeAfterMinutes: 0.03 } }] });
    server.openai.enqueue(toolCalls({ name: 'handoff_to_human', arguments: { reason: 'Needs a person' } }), text('A colleague will take over.'));
    const chat = await api.post(`/api/v1/assistants/${bot.body.id}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'a person please', wait: true });
    expect((await api.get(`/api/v1/conversations/${chat.body.id}`)).body.owner).toBe('human');
    await new Promise((r) => setTimeout(r, 1000));
    await api.post(`/api/v1/conversations/${chat.body.id}/agent-messages`, { text: 'Hi, Tom here.' });
    await new Promise((r) => setTimeout(r, 1200));
    expect((await api.get(`/api/v1/conversations/${chat.body.id}`)).body.owner).toBe('human');
    await eventually(async () => expect((await api.get(`/api/v1/conversations/${chat.body.id}`)).body.owner).toBe('ai'), { timeoutMs: 8000 });
  });

  it('pauses the AI when an agent writes, and delivers the agent message', async () => {
    const assistantId = await assistantWithTools();
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    const sent = await api.post(`/api/v1/conversations/${chat.body.id}/agent-messages`, { text: 'Hi, Anna here.', agentName: 'Anna' });
    expect(sent.status).toBe(202);
    await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.owner).toBe('human');
      expect(res.body.messages[0]).toMatchObject({ author: 'agent', text: 'Hi, Anna here.', deliveryStatus: 'delivered' });
    });
  });

  it('lists tools with their parameters', async () => {
    const res = await api.get('/api/v1/tools');
    expect(res.status).toBe(200);
    const names = res.body.map((t: any) => t.name);
    expect(names).toEqual(expect.arrayContaining(['collect_data', 'handoff_to_human']));
    for (const tool of res.body) expect(tool.parameters.type).toBe('object');
  });

  it('serves health and the OpenAPI document without a key', async () => {
    const health = await apiClient(server.url).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: { ok: true }, redis: { ok: true } });
    const doc = await apiClient(server.url).get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/conversations', '/api/v1/assistants/{id}/test-chats', '/api/v1/conversations/{id}']));
  });
});

// The debounce is the production default's order of magnitude here: three concurrent posts commit one after
// the other (each waits for the conversation row), which on a loaded machine can take longer than the 50 ms the
// other tests use.
describe('a burst of customer messages', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ conversations: { replyDebounceMs: 800 } });
    ({ api } = await createTenant(server.url, server.platformKey, 'Burst'));
  });
  afterAll(() => server?.close());

  it('gets one reply', async () => {
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Support', systemPrompt: 'You help bakery customers.', model: 'gpt-4o-mini' })).body.id;
    server.openai.respondWith(() => text('One answer for all three.'));
    // The first message is answered at once; the model takes long enough that the other two arrive while it writes,
    // however loaded the machine (with a 7 ms model, posts spread over 100 ms would each get a reply of their own).
    server.openai.setLatency(1_000);
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await Promise.all(['Hi', 'are you', 'open today?'].map((t) => api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: t })));
    const detail = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.messages.filter((m: any) => m.replyState === 'answered')).toHaveLength(3);
      return res.body;
    });
    await new Promise((r) => setTimeout(r, 300));
    const again = await api.get(`/api/v1/conversations/${chat.body.id}`);
    expect(again.body.messages.filter((m: any) => m.author === 'assistant')).toHaveLength(1);
    // The first message is answered at once; when the others arrive while that text is generated, it is dropped
    // (one model call billed, nothing sent) and the burst's reply answers all three.
    const calls = server.openai.calls('/chat/completions');
    expect(calls.length).toBeLessThanOrEqual(2);
    const userTurns = calls.at(-1)!.body.messages.filter((m: any) => m.role === 'user');
    expect(userTurns.map((m: any) => m.content)).toEqual(expect.arrayContaining(['Hi', 'are you', 'open today?']));
    expect(detail.messageCount).toBe(4);
  });
});
