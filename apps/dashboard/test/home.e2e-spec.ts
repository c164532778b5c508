import { eventually, text } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import { createTenant, type ApiClient, type TestServer } from '@confab/server-test-support';
import { formatNumber } from '../src/format/numbers';
import { axeViolations, launchBrowser, newPage, pageProblems, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { shot } from './support/shots';

/** The home page's first-run checklist follows what really exists, step by step, then makes way for today's figures. */
describe('dashboard: home and onboarding', () => {
  let server: TestServer;
  let browser: Browser;
  let api: ApiClient;
  const admin = { email: 'new-admin-home@example.com', password: 'home-admin-password' };

  beforeAll(async () => {
    server = await startDashboardServer();
    ({ api } = await createTenant(server.url, server.platformKey, 'Neue Bäckerei'));
    const op = await api.post('/api/v1/operators', { email: admin.email, name: 'Nora Neu', role: 'admin', password: admin.password });
    if (op.status !== 201) throw new Error(`operator: ${op.status}`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function doneSteps(page: Page): Promise<string[]> {
    const out: string[] = [];
    for (const key of ['assistant', 'knowledge', 'testChat', 'channel']) {
      if ((await page.getByTestId(`step-${key}`).getAttribute('data-done')) === 'true') out.push(key);
    }
    return out;
  }

  it('ticks each step only when it is really done, links to where to do it, and then shows today (English and German)', async () => {
    const { page } = await newPage(browser, { language: 'en', theme: 'light' });
    await signIn(page, server.url, admin.email, admin.password);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    const checklist = page.getByRole('region', { name: 'Get started' });
    await checklist.getByText('0 of 4 done').waitFor();
    expect(await doneSteps(page)).toEqual([]);
    // Every step says where to do it.
    const links = { assistant: '/assistants', knowledge: '/knowledge', testChat: '/test-chat', channel: '/channels' };
    for (const [key, href] of Object.entries(links)) expect(await page.getByTestId(`step-${key}`).getByRole('link').getAttribute('href')).toBe(href);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'home-checklist-en-light');

    const assistant = (await api.post('/api/v1/assistants', { name: 'Helper', systemPrompt: 'Help.', model: 'gpt-4o-mini' })).body.id;
    await page.reload();
    await checklist.getByText('1 of 4 done').waitFor();
    expect(await doneSteps(page)).toEqual(['assistant']);

    // A knowledge base alone is not knowledge: the step waits for a document that is ready.
    const kb = (await api.post('/api/v1/knowledge-bases', { name: 'FAQ' })).body.id;
    await page.reload();
    await checklist.getByText('1 of 4 done').waitFor();
    const doc = await api.post(`/api/v1/knowledge-bases/${kb}/documents`, { title: 'Hours', text: 'We open at seven.' });
    expect(doc.status).toBeLessThan(300);
    await eventually(async () => {
      expect((await api.get(`/api/v1/knowledge-bases/${kb}/documents/${doc.body.id}`)).body.status).toBe('ready');
    }, { timeoutMs: 20_000 });
    await page.reload();
    await checklist.getByText('2 of 4 done').waitFor();
    expect(await doneSteps(page)).toEqual(['assistant', 'knowledge']);

    server.openai.respondWith((req) => (req.path === '/chat/completions' ? text('We open at seven.') : undefined));
    const chat = await api.post(`/api/v1/assistants/${assistant}/test-chats`, {});
    await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'When do you open?', wait: true });
    await page.reload();
    await checklist.getByText('3 of 4 done').waitFor();
    expect(await doneSteps(page)).toEqual(['assistant', 'knowledge', 'testChat']);
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();

    const de = await newPage(browser, { language: 'de', theme: 'dark' });
    await signIn(de.page, server.url, admin.email, admin.password);
    await de.page.goto(server.url);
    await de.page.getByRole('heading', { name: 'Start', level: 1 }).waitFor();
    await de.page.getByRole('region', { name: 'Erste Schritte' }).getByText('3 von 4 erledigt').waitFor();
    await de.page.getByTestId('step-channel').getByRole('link', { name: 'Kanäle' }).waitFor();
    expect(await axeViolations(de.page)).toEqual([]);
    await shot(de.page, 'home-checklist-de-dark');

    // A real channel and a customer's chat: the checklist is done and gives way to today's figures.
    const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId: assistant, config: {} })).body.id;
    await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'c-1', customerName: 'Jana', text: 'Hi' });
    await eventually(async () => expect((await api.get('/api/v1/metrics')).body.totals.chats).toBe(1), { timeoutMs: 15_000 });
    await de.page.reload();
    const today = de.page.getByRole('region', { name: 'Heute' });
    await today.getByTestId('today-chats').getByText(formatNumber(1, 'de-DE'), { exact: true }).waitFor();
    expect(await de.page.getByRole('region', { name: 'Erste Schritte' }).count()).toBe(0);
    await today.getByRole('navigation', { name: 'Weiter zu' }).getByRole('link', { name: 'Chats' }).waitFor();
    expect(await axeViolations(de.page)).toEqual([]);
    await shot(de.page, 'home-today-de-dark');
    expect(pageProblems(de.page)).toEqual([]);
    await de.context.close();
  });
});
