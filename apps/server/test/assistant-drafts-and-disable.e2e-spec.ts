import OpenAI from 'openai';
import { Client } from 'pg';
import { text } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/** The dashboard's "try it" (a test chat with an unsaved draft) and switching an assistant off. */
describe('Assistant drafts in test chats, and disabled assistants', () => {
  let server: TestServer;
  let api: ApiClient;
  let other: ApiClient;
  let apiKey: string;
  let assistantId: string;

  const intake = { name: 'collect_data', config: { fields: [{ key: 'email', type: 'email', required: true }] } };
  const say = (id: string, t: string) => api.post(`/api/v1/conversations/${id}/messages`, { text: t, wait: true });
  const lastModelRequest = () => server.openai.calls('/chat/completions').at(-1)!.body;

  beforeAll(async () => {
    server = await startTestServer();
    const tenant = await createTenant(server.url, server.platformKey, 'Shop');
    api = tenant.api;
    apiKey = tenant.apiKey;
    other = (await createTenant(server.url, server.platformKey, 'Other')).api;
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop Helper', systemPrompt: 'Stored prompt.', model: 'gpt-4o-mini' })).body.id;
  });
  afterAll(() => server?.close());
  beforeEach(() => server.openai.reset());

  it('answers a test chat with the draft prompt, model, temperature and tools, and never saves the draft', async () => {
    const draft = { systemPrompt: 'Draft prompt: be brief.', model: 'gpt-draft', temperature: 0.3, tools: [intake] };
    const started = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { draft });
    expect(started.status).toBe(201);
    server.openai.enqueue(text('Draft answer.'));
    const reply = await say(started.body.id, 'hello');
    expect(reply.body.replies[0].text).toBe('Draft answer.');
    const seen = lastModelRequest();
    expect(seen.messages[0].content).toMatch(/^Draft prompt: be brief\./);
    expect(seen.messages[0].content).not.toContain('Stored prompt.');
    expect(seen).toMatchObject({ model: 'gpt-draft', temperature: 0.3 });
    expect(seen.tools.map((t: any) => t.function.name)).toEqual(['collect_data']);

    const stored = (await api.get(`/api/v1/assistants/${assistantId}`)).body;
    expect(stored).toMatchObject({ systemPrompt: 'Stored prompt.', model: 'gpt-4o-mini', tools: [] });
    // A test chat without a draft still uses the stored settings.
    const plain = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    server.openai.enqueue(text('Stored answer.'));
    await say(plain, 'hello');
    expect(lastModelRequest().messages[0].content).toMatch(/^Stored prompt\./);
    expect(lastModelRequest().model).toBe('gpt-4o-mini');
  });

  it('refuses a draft whose tool config is invalid, naming the field under draft.tools', async () => {
    const bad = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { draft: { tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'nonsense' }] } }] } });
    expect(bad.status).toBe(400);
    const fields = bad.body.details.fields?.map((f: { field: string }) => f.field) ?? [bad.body.details.field];
    expect(fields.join(' ')).toMatch(/^draft\.tools\.0\.config\.fields\.0/);
    const unknown = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { draft: { tools: [{ name: 'no_such_tool' }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.field).toBe('draft.tools.0.name');
    const tooHot = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, { draft: { temperature: 3 } });
    expect(tooHot.status).toBe(400);
    expect(JSON.stringify(tooHot.body.details)).toContain('draft.temperature');
  });

  it('puts a retrieval number back to the platform default when it is saved as null (the dashboard clears a field so)', async () => {
    const set = await api.patch(`/api/v1/assistants/${assistantId}`, { retrieval: { topK: 7, scoreThreshold: 0.4 } });
    expect(set.body.retrieval).toMatchObject({ topK: 7, scoreThreshold: 0.4 });
    const cleared = await api.patch(`/api/v1/assistants/${assistantId}`, { retrieval: { topK: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.retrieval).toMatchObject({ scoreThreshold: 0.4 });
    expect(cleared.body.retrieval).not.toHaveProperty('topK');
    const created = await api.post('/api/v1/assistants', { name: 'Defaults', systemPrompt: 'x', model: 'gpt-4o-mini', retrieval: { topK: null, hybrid: true } });
    expect(created.body.retrieval).toEqual({ hybrid: true });
  });

  it("answers 404 for another tenant's assistant, draft or not", async () => {
    const res = await other.post(`/api/v1/assistants/${assistantId}/test-chats`, { draft: { systemPrompt: 'x' } });
    expect(res.status).toBe(404);
    expect((await other.patch(`/api/v1/assistants/${assistantId}`, { enabled: false })).status).toBe(404);
    expect((await other.get('/api/v1/assistants')).body).toEqual([]);
  });

  it('a disabled assistant answers no customer but still answers test chats, until it is enabled again', async () => {
    const off = await api.post('/api/v1/assistants', { name: 'Night Shift', systemPrompt: 'Off hours.', model: 'gpt-4o-mini', enabled: false });
    expect(off.status).toBe(201);
    expect(off.body.enabled).toBe(false);
    expect((await api.get('/api/v1/assistants')).body.find((a: any) => a.id === off.body.id).enabled).toBe(false);
    expect((await api.patch(`/api/v1/assistants/${off.body.id}`, { enabled: 'no' })).status).toBe(400);

    const sdk = new OpenAI({ apiKey, baseURL: `${server.url}/v1`, maxRetries: 0 });
    await expect(sdk.chat.completions.create({ model: off.body.id, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 409, code: 'model_disabled' });
    const offered = [];
    for await (const model of sdk.models.list()) offered.push(model.id);
    expect(offered).not.toContain(off.body.id);
    expect(server.openai.calls('/chat/completions')).toHaveLength(0);

    const chat = (await api.post(`/api/v1/assistants/${off.body.id}/test-chats`, {})).body.id;
    server.openai.enqueue(text('Trying it out.'));
    expect((await say(chat, 'hi')).body.replies[0].text).toBe('Trying it out.');

    expect((await api.patch(`/api/v1/assistants/${off.body.id}`, { enabled: true })).body.enabled).toBe(true);
    server.openai.enqueue(text('Back on.'));
    const answer = await sdk.chat.completions.create({ model: off.body.id, messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0].message.content).toBe('Back on.');
  });

  // Replies take their assistant from memory (AssistantCache); a trigger on the table signals every change, so a
  // change that bypasses the API (here SQL by hand; in the product a knowledge base's deletion) shows at once too.
  it('answers with an assistant changed outside the API from the next message on, not with a cached copy', async () => {
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    server.openai.enqueue(text('First.'));
    await say(chat, 'hello');
    expect(lastModelRequest().messages[0].content).toMatch(/^Stored prompt\./);

    const sql = new Client({ connectionString: server.db.url });
    await sql.connect();
    try {
      await sql.query("update assistants set system_prompt = 'Changed by hand.' where id = $1", [assistantId]);
      // The signal is delivered after the commit, asynchronously: give it the moment a real next message would.
      await new Promise((r) => setTimeout(r, 200));
      server.openai.enqueue(text('Second.'));
      await say(chat, 'and now?');
      expect(lastModelRequest().messages[0].content).toMatch(/^Changed by hand\./);
    } finally {
      await sql.query("update assistants set system_prompt = 'Stored prompt.' where id = $1", [assistantId]);
      await sql.end();
    }
  });

  it('answers with the saved prompt right after an edit through the API', async () => {
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    server.openai.enqueue(text('Before.'));
    await say(chat, 'hello');
    expect((await api.patch(`/api/v1/assistants/${assistantId}`, { systemPrompt: 'Edited prompt.' })).status).toBe(200);
    server.openai.enqueue(text('After.'));
    await say(chat, 'again');
    expect(lastModelRequest().messages[0].content).toMatch(/^Edited prompt\./);
    await api.patch(`/api/v1/assistants/${assistantId}`, { systemPrompt: 'Stored prompt.' });
  });
});
