import { text, toolCalls } from '@confab/testing';
import { createTenant, startPluginTestServer, type ApiClient, type TestServer } from '@confab/server-test-support';
import { CollectDataToolModule } from '../src';

/** collect_data through the real tool loop: what the model is told back, and what lands in the conversation. */
describe('collect_data: invalid values go back to the model with their rule, valid ones become variables', () => {
  let server: TestServer;
  let api: ApiClient;
  let assistantId: string;

  const fields = [
    { key: 'email', type: 'email', required: true },
    { key: 'order_no', type: 'pattern', pattern: '[A-Z]{2}-\\d{4}' },
  ];

  beforeAll(async () => {
    server = await startPluginTestServer({ plugins: [CollectDataToolModule] });
    ({ api } = await createTenant(server.url, server.platformKey));
    const bot = await api.post('/api/v1/assistants', { name: 'Intake', systemPrompt: 'Collect details.', model: 'gpt-4o-mini', tools: [{ name: 'collect_data', config: { fields } }] });
    expect(bot.status).toBe(201);
    assistantId = bot.body.id;
  });
  afterAll(() => server?.close());
  beforeEach(() => server.openai.reset());

  const say = (id: string, t: string) => api.post(`/api/v1/conversations/${id}/messages`, { text: t, wait: true });
  /** What the tool answered, as the model read it in its next request. */
  const toolMessageSeenByModel = () => {
    const [, followUp] = server.openai.calls('/chat/completions');
    return JSON.parse(followUp.body.messages.filter((m: any) => m.role === 'tool').at(-1).content);
  };

  it('tells the model which rule a bad email broke, stores nothing, and stores the corrected one with source ai', async () => {
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    server.openai.enqueue(toolCalls({ name: 'collect_data', arguments: { email: 'anna@gmail' } }), text('That email looks incomplete; could you check it?'));
    await say(chat, 'my email is anna@gmail');
    const told = toolMessageSeenByModel();
    expect(told.invalid).toEqual([{ field: 'email', value: 'anna@gmail', rule: 'not a valid email address' }]);
    expect(told.message).toContain('Ask again for email: not a valid email address');
    expect(told.missingRequired).toEqual(['email']);
    const afterBad = (await api.get(`/api/v1/conversations/${chat}`)).body;
    expect(afterBad.variables.email).toBeUndefined();
    expect(afterBad.toolCalls.at(-1)).toMatchObject({ name: 'collect_data', result: { saved: {} } });

    server.openai.reset();
    server.openai.enqueue(toolCalls({ name: 'collect_data', arguments: { email: ' Anna@Example.ORG ' } }), text('Thanks, saved.'));
    await say(chat, 'sorry, it is Anna@Example.ORG');
    expect(toolMessageSeenByModel()).toMatchObject({ saved: { email: 'Anna@example.org' }, invalid: [], missingRequired: [] });
    const variables = (await api.get(`/api/v1/conversations/${chat}`)).body.variables;
    expect(variables.email).toMatchObject({ value: 'Anna@example.org', source: 'ai' });
  });

  it('checks a pattern field in full and refuses an overlong value with the rule named', async () => {
    const chat = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    server.openai.enqueue(toolCalls({ name: 'collect_data', arguments: { order_no: 'AB-12345', email: 'a@example.org' } }), text('Which order number?'));
    await say(chat, 'order AB-12345');
    expect(toolMessageSeenByModel().invalid).toEqual([{ field: 'order_no', value: 'AB-12345', rule: 'does not match the required format /[A-Z]{2}-\\d{4}/' }]);

    server.openai.reset();
    server.openai.enqueue(toolCalls({ name: 'collect_data', arguments: { order_no: 'A'.repeat(201) } }), text('That is too long.'));
    await say(chat, 'here it is');
    expect(toolMessageSeenByModel().invalid[0]).toMatchObject({ field: 'order_no', rule: 'must be at most 200 characters for the format /[A-Z]{2}-\\d{4}/' });
    const variables = (await api.get(`/api/v1/conversations/${chat}`)).body.variables;
    expect(variables.order_no).toBeUndefined();
    expect(variables.email).toMatchObject({ value: 'a@example.org', source: 'ai' });
  });

  it('refuses an assistant whose pattern could backtrack catastrophically, naming the field', async () => {
    const res = await api.post('/api/v1/assistants', {
      name: 'Evil', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'collect_data', config: { fields: [{ key: 'code', type: 'pattern', pattern: '(a+)+$' }] } }],
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('fields.0.pattern');
    expect(JSON.stringify(res.body)).toContain('nests quantifiers in (a+)+');
  });
});
