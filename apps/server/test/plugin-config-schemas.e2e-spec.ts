import Ajv2020 from 'ajv/dist/2020';
import { createTenant, apiClient, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { whatsappConfig } from './support/whatsapp-helpers';

type Schema = { type: string; properties: Record<string, Record<string, unknown>>; required?: string[] };

/**
 * The dashboard builds channel and tool settings forms from these schemas alone, so they must say what the server
 * really accepts: a config the schema passes is accepted by the API, and what the API refuses the schema refuses too.
 */
describe('config schemas of channel types and tools', () => {
  let server: TestServer;
  let api: ApiClient;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(async () => server?.close());

  it('lists every channel type with its config schema, secrets write-only', async () => {
    const res = await api.get('/api/v1/channel-types');
    expect(res.status).toBe(200);
    const byType = Object.fromEntries(res.body.map((t: { type: string }) => [t.type, t]));
    expect(Object.keys(byType)).toEqual(expect.arrayContaining(['whatsapp', 'api', 'test', 'web_widget']));
    const wa = byType.whatsapp as { configSchema: Schema; hasWebhook: boolean; displayName: string; capabilities: Record<string, unknown> };
    expect(wa).toMatchObject({ displayName: 'WhatsApp', hasWebhook: true, capabilities: { templates: true, formatting: 'whatsapp' } });
    for (const secret of ['accessToken', 'appSecret', 'verifyToken']) expect(wa.configSchema.properties[secret].writeOnly).toBe(true);
    expect(wa.configSchema.properties.phoneNumberId.writeOnly).toBeUndefined();
    expect(wa.configSchema.required).toEqual(expect.arrayContaining(['phoneNumberId', 'businessAccountId', 'accessToken']));
    expect(JSON.stringify(res.body)).not.toContain('$ref');
  });

  it('agrees with the API on what a WhatsApp config may be', async () => {
    const schema = (await api.get('/api/v1/channel-types')).body.find((t: { type: string }) => t.type === 'whatsapp').configSchema;
    const validate = ajv.compile(schema);
    const good = whatsappConfig('https://graph.example.com');
    expect(validate(good)).toBe(true);
    const bad = { ...good, accessToken: 'short' };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0].instancePath).toBe('/accessToken');
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Schema check', systemPrompt: 'Hi', model: 'gpt-4o-mini' })).body.id;
    const refused = await api.post('/api/v1/channels', { type: 'whatsapp', assistantId, config: bad });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('accessToken');
  });

  it('gives each configurable tool the JSON Schema of its per-assistant settings', async () => {
    const res = await api.get('/api/v1/tools');
    expect(res.status).toBe(200);
    const collect = res.body.find((t: { name: string }) => t.name === 'collect_data');
    expect(collect.configurable).toBe(true);
    expect(collect.configSchema).toMatchObject({ type: 'object', properties: expect.objectContaining({ fields: expect.objectContaining({ type: 'array' }) }) });
    for (const tool of res.body) {
      expect(Boolean(tool.configSchema)).toBe(tool.configurable);
      if (tool.configSchema) expect(() => ajv.compile(tool.configSchema)).not.toThrow();
    }
  });

  it('answers only a signed-in caller', async () => {
    expect((await apiClient(server.url).get('/api/v1/channel-types')).status).toBe(401);
  });
});
