import { eventually } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('with no language model configured, the offline responder answers', () => {
  let server: TestServer;
  let api: ApiClient;
  let assistantId: string;

  beforeAll(async () => {
    server = await startTestServer({ openai: null });
    ({ api } = await createTenant(server.url, server.platformKey));
    assistantId = (
      await api.post('/api/v1/assistants', {
        name: 'Offline', systemPrompt: 'x', model: 'gpt-4o-mini',
        tools: [{ name: 'handoff_to_human' }, { name: 'collect_data', config: { fields: [{ key: 'email', type: 'email' }] } }],
      })
    ).body.id;
  });
  afterAll(() => server?.close());

  it('answers honestly and labels the reply offline', async () => {
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    const res = await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'What are your opening hours?', wait: true });
    expect(res.body.replies).toHaveLength(1);
    expect(res.body.replies[0]).toMatchObject({ offline: true, text: expect.stringContaining('without a language model') });
    const reply = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body.messages[1];
    expect(reply).toMatchObject({ metadata: expect.objectContaining({ offline: true, llm: 'offline' }), cost: { micros: 0 } });
    expect(server.openai.requests).toHaveLength(0);
  });

  it('routes a request for a human to the hand-over tool and an email to collect_data', async () => {
    const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'my mail is kim@example.org', wait: true });
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'Can I talk to a human please?', wait: true });
    const detail = await eventually(async () => {
      const res = await api.get(`/api/v1/conversations/${chat.body.id}`);
      expect(res.body.owner).toBe('human');
      return res.body;
    });
    expect(detail.variables.email).toMatchObject({ value: 'kim@example.org', source: 'ai' });
    expect(detail.toolCalls.map((c: any) => c.name)).toEqual(['collect_data', 'handoff_to_human']);
  });
});

describe('conversation list: filters and cursor pagination', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ openai: null });
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());

  it('pages through every conversation once, newest activity first, and filters by assistant and tag', async () => {
    const one = (await api.post('/api/v1/assistants', { name: 'one', systemPrompt: 'x', model: 'm' })).body.id;
    const two = (await api.post('/api/v1/assistants', { name: 'two', systemPrompt: 'x', model: 'm' })).body.id;
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await api.post(`/api/v1/assistants/${i % 2 ? two : one}/test-chats`, {})).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/api/v1/conversations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((c: any) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(created));
    expect(seen[0]).toBe(created[6]);

    const byAssistant = await api.get(`/api/v1/conversations?assistantId=${two}`);
    expect(byAssistant.body.items).toHaveLength(3);
    expect(byAssistant.body.items.every((c: any) => c.assistantId === two)).toBe(true);
    expect((await api.get('/api/v1/conversations?tag=test&limit=200')).body.items).toHaveLength(7);
    expect((await api.get('/api/v1/conversations?channel=whatsapp')).body.items).toHaveLength(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await api.get(`/api/v1/conversations?from=${future}`)).body.items).toHaveLength(0);
    expect((await api.get(`/api/v1/conversations?to=${future}&limit=200`)).body.items).toHaveLength(7);
  });
});
