import { eventually } from '@confab/testing';
import type { Browser } from 'playwright-core';
import { createTenant, type ApiClient, type TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, pageProblems, screenshot, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';

/**
 * The test chat against a server without an OpenAI key: the built-in offline responder writes its replies in
 * pieces with a pause between them, as a model does, so the browser can watch a reply grow over the live feed.
 */
describe('dashboard: test chat', () => {
  let server: TestServer;
  let browser: Browser;
  let api: ApiClient;
  let assistantId: string;
  const admin = { email: 'admin-testchat@example.com', password: 'pw-admin-testchat-long-enough' };

  beforeAll(async () => {
    server = await startDashboardServer({ openai: null, knowledge: { openaiEmbeddings: null } });
    ({ api } = await createTenant(server.url, server.platformKey, 'Streaming GmbH'));
    assistantId = (await api.post('/api/v1/assistants', {
      name: 'Concierge', systemPrompt: 'You help guests.', model: 'gpt-4o-mini',
      tools: [{ name: 'collect_data', config: { fields: [{ key: 'email', type: 'email', required: true }] } }],
    })).body.id;
    expect((await api.post('/api/v1/operators', { ...admin, name: 'Ada Admin', role: 'admin' })).status).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('streams the reply in growing steps, shows tool calls and cost as they happen, and lists the chat as Test', async () => {
    const { page } = await newPage(browser, { language: 'en', theme: 'light' });
    await signIn(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/test-chat`);
    await page.getByRole('heading', { name: 'Test chat', level: 1 }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Assistant' }).inputValue()).toBe('Concierge');
    await page.getByLabel('Name of the test').fill('Streaming check');
    await page.getByRole('button', { name: 'Start test chat' }).click();
    await page.waitForURL(/\/test-chat\?chat=/);
    const chatId = new URL(page.url()).searchParams.get('chat')!;
    await page.getByText('Live', { exact: true }).waitFor();

    // Every text the streaming bubble shows, in order, as the browser rendered it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (globalThis as unknown as { streamed: string[] }).streamed = seen;
      const doc = (globalThis as unknown as { document: { body: unknown; querySelector(s: string): { textContent: string | null } | null } }).document;
      const Observer = (globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void } }).MutationObserver;
      new Observer(() => {
        const text = doc.querySelector('[data-testid="streaming-reply"] p:last-child')?.textContent ?? null;
        if (text && text !== seen[seen.length - 1]) seen.push(text);
      }).observe(doc.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel('Message', { exact: true }).fill('What can you do for me?');
    await page.getByRole('button', { name: 'Send' }).click();
    const messages = page.getByTestId('test-chat-messages');
    await messages.getByTestId('message-customer').getByText('What can you do for me?').waitFor();
    const stored = messages.getByTestId('message-assistant').first();
    await stored.waitFor({ timeout: 20_000 });
    const finalText = ((await stored.locator('p').nth(1).textContent()) ?? '').trim();
    const streamed = await page.evaluate(() => (globalThis as unknown as { streamed: string[] }).streamed);
    expect(streamed.length).toBeGreaterThanOrEqual(3);
    streamed.forEach((text, i) => {
      if (i > 0) expect(text.startsWith(streamed[i - 1])).toBe(true);
    });
    expect(finalText.startsWith(streamed[streamed.length - 1].trim())).toBe(true);
    expect(await page.getByTestId('streaming-reply').count()).toBe(0);

    // A message with an email makes the assistant call collect_data; the call shows up with the reply.
    await page.getByLabel('Message', { exact: true }).fill('My email is guest@example.com');
    await page.getByRole('button', { name: 'Send' }).click();
    await messages.getByTestId('tool-call').getByText('collect_data').waitFor({ timeout: 20_000 });
    await messages.getByTestId('message-assistant').nth(1).getByText(/Thank you/).waitFor();
    await page.getByTestId('test-chat-cost').getByText(/^Cost so far: \$/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'test-chat-en-light');

    // It is a conversation like any other, tagged Test.
    const list = (await api.get('/api/v1/conversations?channel=test&includeTest=true')).body.items;
    expect(list.map((c: { id: string }) => c.id)).toContain(chatId);
    await page.getByRole('link', { name: 'Open in Chats' }).click();
    await page.waitForURL(new RegExp(`/chats/${chatId}$`));
    await page.getByRole('heading', { name: 'Conversation with Streaming check' }).waitFor();
    await page.goto(`${server.url}/chats?channel=test`);
    await page.getByRole('table').getByText('Streaming check').waitFor();
    expect(await page.getByRole('table').getByText('Test', { exact: true }).count()).toBeGreaterThan(0);
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('works in German and dark mode', async () => {
    const { page } = await newPage(browser, { language: 'de', theme: 'dark' });
    await signIn(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/test-chat`);
    await page.getByRole('heading', { name: 'Testchat', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Testchat starten' }).click();
    await page.waitForURL(/\/test-chat\?chat=/);
    await page.getByLabel('Nachricht', { exact: true }).fill('Hallo, was kannst du?');
    await page.getByRole('button', { name: 'Senden' }).click();
    await page.getByTestId('test-chat-messages').getByTestId('message-assistant').waitFor({ timeout: 20_000 });
    await page.getByText(/Bisherige Kosten:/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'test-chat-de-dark');
    await eventually(async () => expect((await api.get(`/api/v1/assistants/${assistantId}`)).status).toBe(200));
    await page.context().close();
  });
});
