import { eventually, startFakeGraph, text, toolCalls, type FakeGraph } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, pageProblems, screenshot, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedTenant, type SeededTenant } from './support/seed';

/**
 * The conversation view and the monitoring page in a real browser against the real server: a tool call with its
 * arguments, the variables with their source, a failed WhatsApp delivery with the provider's code, the pipeline
 * trace; take over, reply as an agent, hand back; a viewer sees no action and the API refuses one.
 */
describe('dashboard: conversation view and monitoring', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let browser: Browser;
  let tenant: SeededTenant;
  let toolChat: string;

  beforeAll(async () => {
    graph = await startFakeGraph({ templates: [
      { name: 'order_update', language: 'en_US', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' }] },
    ] });
    server = await startDashboardServer();
    tenant = await seedTenant(server, graph, 'conv');
    const { api } = tenant;

    // An assistant that saves the customer's email with the collect_data tool, then thanks them.
    const formHelper = (await api.post('/api/v1/assistants', {
      name: 'Form Helper', systemPrompt: 'You collect contact details.', model: 'gpt-4o-mini',
      tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email', required: true }] } }],
    })).body.id as string;
    server.openai.respondWith((req) => {
      if (req.path !== '/chat/completions') return undefined;
      const messages = (req.body as { messages: Array<{ role: string; content?: unknown }> }).messages;
      const last = messages.at(-1)!;
      if (last.role === 'tool') return text('Thanks, I saved your email address.');
      if (/email/i.test(JSON.stringify(last.content))) return toolCalls({ name: 'collect_data', arguments: { email: 'jane@example.com' } });
      return text('Hello from the assistant.');
    });
    const chat = await api.post(`/api/v1/assistants/${formHelper}/test-chats`, { name: 'Email check', variables: { plan: 'gold' } });
    toolChat = chat.body.id;
    await api.post(`/api/v1/conversations/${toolChat}/messages`, { text: 'My email is jane@example.com' });
    await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${toolChat}`)).body;
      if (!detail.messages.some((m: { author: string }) => m.author === 'assistant') || detail.toolCalls.length !== 1) throw new Error('no reply with a tool call yet');
    }, { timeoutMs: 15_000 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await graph?.close();
  });

  async function open(language: 'en' | 'de', theme: 'light' | 'dark', who: keyof SeededTenant['operators'], path: string, width = 1280): Promise<Page> {
    const { page } = await newPage(browser, { language, theme, width });
    await signIn(page, server.url, tenant.operators[who].email, tenant.operators[who].password);
    await page.goto(`${server.url}${path}`);
    return page;
  }

  it('shows a tool call with its arguments and result, the variables with their source, the cost and the pipeline trace', async () => {
    const page = await open('en', 'light', 'admin', `/chats/${toolChat}`);
    await page.getByRole('heading', { name: 'Conversation with Email check' }).waitFor();
    const call = page.getByTestId('tool-call');
    await call.getByText('collect_data').waitFor();
    await call.getByRole('button').click();
    await call.getByText('"jane@example.com"').first().waitFor();
    await call.getByText('Validation: passed').waitFor();

    const variables = page.getByTestId('variables');
    await variables.getByText('email', { exact: true }).waitFor();
    await variables.getByText(/set by the AI/).waitFor();
    await variables.getByText('plan', { exact: true }).waitFor();
    await variables.getByText(/set by the API/).waitFor();
    await page.getByTestId('message-assistant').getByText('Thanks, I saved your email address.').waitFor();
    await page.getByTestId('message-assistant').getByText(/gpt-4o-mini · .* tokens/).waitFor();
    expect(await page.getByTestId('total-cost').textContent()).toMatch(/^\$\d/);
    // A test chat's customer is known by no id worth reading: the card says "Test chat" and shows no generated id.
    const identity = page.getByRole('region', { name: 'Customer', exact: true }).getByTestId('customer-identity');
    expect(await identity.innerText()).toMatch(/^Test chat\s+this chat$/);

    await page.getByRole('button', { name: 'Pipeline trace' }).click();
    const trace = page.getByTestId('trace');
    await trace.getByText('Received').waitFor();
    await trace.getByText(/Model · gpt-4o-mini/).first().waitFor();
    await trace.getByText(/Tool · collect_data/).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'conversation-en-light');
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a failed WhatsApp delivery with the provider code and reason, the closed service window, and sends a template (German, dark)', async () => {
    const page = await open('de', 'dark', 'admin', `/chats/${tenant.conversations.whatsapp}`);
    await page.getByRole('heading', { name: 'Unterhaltung mit Lena Schmidt' }).waitFor();
    const reply = page.getByTestId('message-assistant');
    await reply.getByText('Wir öffnen um sieben Uhr.').waitFor();
    await reply.getByText('Nicht zugestellt · 131047').waitFor();
    await reply.getByText(/Re-engagement message/i).waitFor();
    await reply.getByRole('button', { name: 'Zustellung wiederholen' }).waitFor();
    await page.getByText('Bäckerei-Hilfe').waitFor();
    // 131047 means the 24-hour window is closed: no free-form reply, a template instead.
    await page.getByText('WhatsApp-Servicefenster geschlossen').waitFor();
    expect(await page.getByLabel('Als Mitarbeiter antworten').count()).toBe(0);
    await page.getByText(/Keine freigegebenen Vorlagen/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'conversation-de-dark');

    const detail = (await tenant.api.get(`/api/v1/conversations/${tenant.conversations.whatsapp}`)).body;
    expect((await tenant.api.post(`/api/v1/channels/${detail.connectionId}/templates/sync`)).status).toBe(200);
    await page.reload();
    await page.getByRole('combobox', { name: 'Vorlage' }).click();
    await page.getByRole('option', { name: 'order_update (en_US)' }).click();
    await page.getByLabel('Wert für 1').fill('Lena');
    await page.getByLabel('Wert für 2').fill('A-1042');
    await page.getByRole('button', { name: 'Vorlage senden' }).click();
    await page.getByText('Vorlage zum Senden eingereiht.').waitFor();
    await page.getByTestId('message-system').first().waitFor();
    await page.context().close();

    const phone = await open('en', 'light', 'admin', `/chats/${tenant.conversations.whatsapp}`, 375);
    await phone.getByText('Not delivered · 131047').waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(phone, 'conversation-en-light-375');
    await phone.context().close();
  });

  it('lets an agent take over, reply under their name and hand back to the AI', async () => {
    const page = await open('en', 'light', 'agent', `/chats/${tenant.conversations.api}`);
    await page.getByRole('heading', { name: 'Conversation with Jane Doe' }).waitFor();
    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByTestId('handover-banner').getByText('Taken over by Anna Agent').waitFor();

    await page.getByLabel('Reply as agent').fill('Hi Jane, this is Anna. Your parcel left today.');
    await page.getByRole('button', { name: 'Send' }).click();
    const agentMessage = page.getByTestId('message-agent');
    await agentMessage.getByText('Hi Jane, this is Anna. Your parcel left today.').waitFor();
    await agentMessage.getByText('Anna Agent', { exact: true }).waitFor();
    expect(await page.getByLabel('Reply as agent').inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'conversation-taken-over-en-light');

    await page.getByRole('button', { name: 'Hand back to AI' }).click();
    await page.getByRole('button', { name: 'Take over' }).waitFor();
    expect(await page.getByTestId('handover-banner').count()).toBe(0);

    const detail = (await tenant.api.get(`/api/v1/conversations/${tenant.conversations.api}`)).body;
    expect(detail.owner).toBe('ai');
    expect(detail.messages.find((m: { author: string }) => m.author === 'agent')).toMatchObject({ text: 'Hi Jane, this is Anna. Your parcel left today.', agent: { name: 'Anna Agent' } });
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a viewer no conversation action, and the API refuses one from their session', async () => {
    const page = await open('en', 'light', 'viewer', `/chats/${tenant.conversations.whatsapp}`);
    await page.getByRole('heading', { name: 'Conversation with Lena Schmidt' }).waitFor();
    await page.getByText('Not delivered · 131047').waitFor();
    for (const name of ['Take over', 'Hand back to AI', 'Close', 'Retry delivery', 'Send']) {
      expect({ name, count: await page.getByRole('button', { name, exact: true }).count() }).toEqual({ name, count: 0 });
    }
    expect(await page.getByRole('toolbar').count()).toBe(0);
    expect(await page.getByLabel('Reply as agent').count()).toBe(0);

    const refused = await page.evaluate(async (id) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1/conversations/${id}/handoff`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: '{}',
      });
      return res.status;
    }, tenant.conversations.whatsapp);
    expect(refused).toBe(403);

    // Another tenant's (or no) conversation: the API says 404 and the page says what failed.
    await page.goto(`${server.url}/chats/0b8c0000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').getByText(/^Loading the conversation: No conversation .* in this tenant/).waitFor();
    // Esc on a page opened directly goes to the list.
    await page.keyboard.press('Escape');
    await page.waitForURL(/\/chats$/);

    await page.goto(`${server.url}/test-chat`);
    await page.getByText('Viewers cannot start test chats.').waitFor();
    expect(await page.getByRole('button', { name: 'Start test chat' }).count()).toBe(0);
    await page.goto(`${server.url}/monitoring`);
    await page.getByRole('heading', { name: 'Unanswered messages' }).waitFor();
    await page.getByTestId('reason-delivery_failed').waitFor();
    expect(await page.getByRole('button', { name: 'Retry', exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it('lists unanswered messages by reason and the alert rules with their state', async () => {
    const rule = await tenant.api.post('/api/v1/alert-rules', { name: 'Replies slow', metric: 'response_time_p95', threshold: 5000, windowMinutes: 15 });
    expect(rule.status).toBe(201);
    for (const [language, theme] of [['en', 'light'], ['de', 'dark']] as const) {
      const page = await open(language, theme, 'admin', '/monitoring');
      await page.getByRole('heading', { name: language === 'en' ? 'Unanswered messages' : 'Unbeantwortete Nachrichten' }).waitFor();
      await page.getByTestId('reason-delivery_failed').getByText(language === 'en' ? 'Delivery failed: 1' : 'Zustellung fehlgeschlagen: 1').waitFor();
      await page.getByRole('link', { name: 'Wann öffnet die Bäckerei morgen früh?' }).waitFor();
      const ruleRow = page.getByTestId('alert-rule');
      await ruleRow.getByText('Replies slow').waitFor();
      await ruleRow.getByText(language === 'en' ? 'Response time p95' : 'Antwortzeit p95').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `monitoring-${language}-${theme}`);
      if (language === 'en') {
        // Filtering by reason is in the URL; the row links to its conversation.
        await page.getByTestId('reason-delivery_failed').click();
        await page.waitForURL(/\/monitoring\?reason=delivery_failed$/);
        await page.getByRole('link', { name: 'Wann öffnet die Bäckerei morgen früh?' }).click();
        await page.waitForURL(new RegExp(`/chats/${tenant.conversations.whatsapp}$`));
      }
      await page.context().close();
    }
  });
});
