import { seedDemo } from '../src/seed/demo-seed';
import { apiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

describe('the first-run demo (no keys: offline responder and embedded encoder)', () => {
  let server: TestServer;
  let seeded: Awaited<ReturnType<typeof seedDemo>> = null;

  beforeAll(async () => {
    server = await startTestServer({ openai: null, knowledge: { openaiEmbeddings: null } });
  });
  afterAll(() => server?.close());

  // The embedded encoder loads and indexes the FAQ on the CPU: past 30 s when the machine is busy.
  it('seeds once a tenant whose assistant answers a test chat from its knowledge base, with a citation', async () => {
    const seed = await seedDemo(server.app, 'gpt-4o-mini');
    expect(seed).not.toBeNull();
    seeded = seed;
    expect(await seedDemo(server.app, 'gpt-4o-mini')).toBeNull();
    const api = apiClient(server.url, seed!.apiKey);
    const [kb] = (await api.get('/api/v1/knowledge-bases')).body;
    // The seed returns only once the FAQ is indexed, so the first question right after start finds it.
    expect((await api.get(`/api/v1/knowledge-bases/${kb.id}/documents`)).body[0].status).toBe('ready');

    const chat = await api.post(`/api/v1/assistants/${seed!.assistantId}/test-chats`, {});
    const res = await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'Are you open on Sundays?', wait: true });
    expect(res.body.status).toBe('answered');
    expect(res.body.replies[0].text).toContain('closed');
    const reply = (await api.get(`/api/v1/conversations/${chat.body.id}`)).body.messages[1];
    expect(reply.citations[0]).toMatchObject({ documentTitle: 'Bakery FAQ', headingPath: ['Confab Demo Bakery', 'Opening hours'], cited: true });
  }, 90_000);

  it('seeds an admin operator who signs in to the dashboard with the generated password', async () => {
    const { email, password } = seeded!.dashboard;
    expect(email).toBe('demo@confab.local');
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await apiClient(server.url).post('/api/v1/auth/login', { email, password: 'not-the-password' })).status).toBe(401);
    const res = await apiClient(server.url).post('/api/v1/auth/login', { email, password });
    expect(res.status).toBe(200);
    expect(res.body.operator).toMatchObject({ email: 'demo@confab.local', role: 'admin' });
    expect(res.body.tenant.name).toBe('Demo tenant');
  });
});
