import OpenAI from 'openai';
import { text, toolCalls } from '@confab/testing';
import { apiClient, createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('OpenAI-compatible endpoint: the real openai SDK against /v1', () => {
  let server: TestServer;
  let api: ApiClient;
  let client: OpenAI;
  let other: OpenAI;
  let assistantId: string;
  let intakeId: string;

  const sdk = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${server.url}/v1`, maxRetries: 0 });

  beforeAll(async () => {
    server = await startTestServer();
    const tenant = await createTenant(server.url, server.platformKey, 'Shop');
    api = tenant.api;
    client = sdk(tenant.apiKey);
    other = sdk((await createTenant(server.url, server.platformKey, 'Other')).apiKey);
    assistantId = (await api.post('/api/v1/assistants', { name: 'Shop Helper', systemPrompt: 'You help shoppers.', model: 'gpt-4o-mini' })).body.id;
    intakeId = (await api.post('/api/v1/assistants', {
      name: 'Intake', systemPrompt: 'Collect details.', model: 'gpt-4o-mini', tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email', required: true }] } }],
    })).body.id;
  });
  afterAll(() => server?.close());
  beforeEach(() => server.openai.reset());

  it("lists the tenant's assistants as models, by id, with the slug as an alias", async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m);
    expect(models.map((m) => m.id)).toEqual([assistantId, intakeId]);
    expect(models[0]).toMatchObject({ object: 'model', name: 'Shop Helper', slug: 'shop-helper' });
    expect((await client.models.retrieve(assistantId)).id).toBe(assistantId);
    await expect(client.models.retrieve('nope')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    // The dashboard's catch-all leaves /v1 alone even for a browser-like Accept.
    const raw = await fetch(`${server.url}/v1/models`, { headers: { accept: 'text/html', authorization: `Bearer ${client.apiKey!}` } });
    expect(raw.headers.get('content-type')).toContain('application/json');
  });

  it('answers non-streaming through the pipeline, with usage, and records an api conversation continued by user', async () => {
    server.openai.enqueue(text('We ship in two days.'), text('Yes, to Austria too.'));
    const first = await client.chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'How fast do you ship?' }], user: 'shopper-7' });
    expect(first).toMatchObject({ object: 'chat.completion', model: assistantId, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'We ship in two days.' } }] });
    expect(first.usage!.total_tokens).toBeGreaterThan(0);
    expect(first.usage!.total_tokens).toBe(first.usage!.prompt_tokens + first.usage!.completion_tokens);
    // The assistant's own prompt is what the model saw, not the client's.
    expect(server.openai.calls('/chat/completions')[0].body.messages[0].content).toContain('You help shoppers.');

    const { data: second, response } = await client.chat.completions
      .create({ model: 'shop-helper', user: 'shopper-7', messages: [{ role: 'user', content: 'How fast do you ship?' }, { role: 'assistant', content: 'We ship in two days.' }, { role: 'user', content: 'To Austria?' }] })
      .withResponse();
    expect(second.choices[0].message.content).toBe('Yes, to Austria too.');
    const conversationId = response.headers.get('x-conversation-id')!;
    // The platform keeps the history: the second model call saw the first exchange from the conversation.
    const seen = server.openai.calls('/chat/completions')[1].body.messages.map((m: any) => m.content);
    expect(seen).toEqual(expect.arrayContaining(['How fast do you ship?', 'We ship in two days.', 'To Austria?']));

    const list = (await api.get('/api/v1/conversations?channel=api')).body.items;
    expect(list.map((c: any) => c.id)).toContain(conversationId);
    const detail = (await api.get(`/api/v1/conversations/${conversationId}`)).body;
    expect(detail).toMatchObject({ channel: 'api', assistantId, customer: { identifier: 'shopper-7' } });
    expect(detail.messages.map((m: any) => m.author)).toEqual(['customer', 'assistant', 'customer', 'assistant']);
    expect(Number(detail.totalCost.micros)).toBeGreaterThan(0);

    // X-Conversation-Id continues a conversation too.
    server.openai.enqueue(text('Anything else?'));
    await client.chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'Thanks' }] }, { headers: { 'X-Conversation-Id': conversationId } });
    expect((await api.get(`/api/v1/conversations/${conversationId}`)).body.messages).toHaveLength(6);
  });

  it('streams OpenAI chunks with the role first, a finish chunk and the usage chunk', async () => {
    server.openai.enqueue(text('Streaming works fine today.'));
    const stream = await client.chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'Stream please' }], stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Streaming works fine today.');
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
    expect(chunks.at(-1)!.usage!.total_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    // The text arrived in pieces as the model wrote it (the live deltas), not as one block at the end.
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);

    // The strict helper accumulates the same answer.
    server.openai.enqueue(text('Second stream.'));
    const final = await client.chat.completions.stream({ model: assistantId, messages: [{ role: 'user', content: 'again' }] }).finalChatCompletion();
    expect(final.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Second stream.' } });
    expect(final.usage).toBeUndefined();
  });

  it("runs the assistant's own tools server-side: the client only sees the text", async () => {
    server.openai.enqueue(toolCalls({ name: 'collect_data', arguments: { email: 'anna@example.org' } }), text('Saved your email.'));
    const { data, response } = await client.chat.completions.create({ model: intakeId, messages: [{ role: 'user', content: 'My email is anna@example.org' }] }).withResponse();
    expect(data.choices[0].message).toMatchObject({ content: 'Saved your email.' });
    expect(data.choices[0].message.tool_calls).toBeUndefined();
    const detail = (await api.get(`/api/v1/conversations/${response.headers.get('x-conversation-id')}`)).body;
    expect(detail.variables.email).toMatchObject({ value: 'anna@example.org' });
  });

  it("returns calls of the client's own tools as tool_calls, then answers from the results the client sends", async () => {
    const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
    server.openai.enqueue(toolCalls({ name: 'get_weather', arguments: { city: 'Berlin' } }), text('It is 21 °C in Berlin.'));
    const question = { role: 'user' as const, content: 'Weather in Berlin?' };
    const { data: first, response } = await client.chat.completions.create({ model: assistantId, messages: [question], tools: [weather] }).withResponse();
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const call = first.choices[0].message.tool_calls![0] as any;
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Berlin"}' } });
    expect(server.openai.calls('/chat/completions')[0].body.tools.map((t: any) => t.function.name)).toEqual(['get_weather']);
    const conversationId = response.headers.get('x-conversation-id')!;

    const second = await client.chat.completions.create(
      { model: assistantId, tools: [weather], messages: [question, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '{"tempC":21}' }] },
      { headers: { 'X-Conversation-Id': conversationId } },
    );
    expect(second.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'It is 21 °C in Berlin.' } });
    // The model saw its own call and the client's result, in order.
    const seen = server.openai.calls('/chat/completions')[1].body.messages.slice(-2);
    expect(seen[0]).toMatchObject({ role: 'assistant', tool_calls: [expect.objectContaining({ id: call.id })] });
    expect(seen[1]).toMatchObject({ role: 'tool', tool_call_id: call.id, content: '{"tempC":21}' });

    // Streamed, the call arrives as a tool_calls delta and finish_reason tool_calls; the strict helper accepts it.
    server.openai.enqueue(toolCalls({ name: 'get_weather', arguments: { city: 'Rome' } }));
    const final = await client.chat.completions.stream({ model: assistantId, messages: [{ role: 'user', content: 'And Rome?' }], tools: [weather] }).finalChatCompletion();
    expect(final.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [expect.objectContaining({ function: { name: 'get_weather', arguments: '{"city":"Rome"}' } })] } });
  });

  it('reports errors in the OpenAI shape: 401, 404, 400 with param, 429 with Retry-After', async () => {
    await expect(sdk('cfb_wrong').chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    await expect(client.chat.completions.create({ model: assistantId, messages: [] })).rejects.toMatchObject({ status: 400, param: 'messages' });
    await expect(client.chat.completions.create({ model: assistantId, messages: [{ role: 'robot', content: 'hi' } as any] })).rejects.toMatchObject({ status: 400, param: 'messages[0].role' });
    await expect(client.chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'X-Conversation-Id': '00000000-0000-4000-8000-000000000000' } })).rejects.toMatchObject({ status: 404, code: 'conversation_not_found' });
    const raw = await apiClient(server.url, client.apiKey!).raw('POST', '/v1/chat/completions', { model: assistantId, messages: [{ role: 'user', content: 'hi' }], n: 2 });
    expect(raw.status).toBe(400);
    expect(raw.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: 'n', code: 'unsupported_value' } });
    const reader = (await api.post('/api/v1/api-keys', { name: 'reader', scopes: ['read'] })).body.apiKey;
    await expect(sdk(reader).chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 403 });

    const limited = await startTestServer({ rateLimits: { apiKeyBurstPer10s: 2 } });
    try {
      const t = await createTenant(limited.url, limited.platformKey);
      const limitedSdk = new OpenAI({ apiKey: t.apiKey, baseURL: `${limited.url}/v1`, maxRetries: 0 });
      await limitedSdk.models.list();
      await limitedSdk.models.list();
      const refused = await limitedSdk.models.list().then(() => null, (e) => e);
      expect(refused).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });

  it('answers 429 insufficient_quota (not to be retried) once the monthly budget is used up', async () => {
    const capped = await createTenant(server.url, server.platformKey, 'Capped');
    const bot = (await capped.api.post('/api/v1/assistants', { name: 'Capped', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    expect((await capped.api.raw('PUT', '/api/v1/budgets/tenant', { monthlyLimit: '0.000001', currency: 'USD' })).status).toBe(200);
    const cappedSdk = sdk(capped.apiKey);
    server.openai.enqueue(text('This one is still paid for.'));
    expect((await cappedSdk.chat.completions.create({ model: bot, messages: [{ role: 'user', content: 'one' }] })).choices[0].message.content).toBe('This one is still paid for.');
    const refused = await cappedSdk.chat.completions.create({ model: bot, messages: [{ role: 'user', content: 'two' }] }).then(() => null, (e) => e);
    expect(refused).toMatchObject({ status: 429, code: 'insufficient_quota', type: 'insufficient_quota' });
    expect(refused.headers.get('x-should-retry')).toBe('false');
    expect(server.openai.calls('/chat/completions')).toHaveLength(1);
  });

  it("keeps tenants apart: another tenant's key cannot see or use these assistants or conversations", async () => {
    const models = [];
    for await (const m of other.models.list()) models.push(m);
    expect(models).toEqual([]);
    await expect(other.chat.completions.create({ model: assistantId, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    await expect(other.models.retrieve(assistantId)).rejects.toMatchObject({ status: 404 });
    expect(server.openai.calls('/chat/completions')).toHaveLength(0);
  });
});
