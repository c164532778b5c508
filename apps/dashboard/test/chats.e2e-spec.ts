import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { eventually, startFakeGraph, type FakeGraph } from '@confab/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTenant, type TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, overflowing, pageProblems, screenshot, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedTenant, type SeededTenant } from './support/seed';

/** The Chats list and its export in a real browser against the real server and seeded conversations. */
describe('dashboard: Chats list and export', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let browser: Browser;
  let tenant: SeededTenant;
  let other: SeededTenant;

  beforeAll(async () => {
    graph = await startFakeGraph();
    server = await startDashboardServer();
    tenant = await seedTenant(server, graph, 'main');
    // A second tenant whose chats must never show up in the first one's list.
    other = await seedTenant(server, graph, 'other');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await graph?.close();
  });

  const rows = (page: Page) => page.locator('table tbody tr');
  const rowIds = (page: Page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-conversation-id')));
  const open = async (opts: { language: 'de' | 'en'; theme?: 'light' | 'dark'; width?: number; as?: 'admin' | 'agent' | 'viewer' }) => {
    const { context, page } = await newPage(browser, { language: opts.language, theme: opts.theme ?? 'light', width: opts.width });
    const who = tenant.operators[opts.as ?? 'admin'];
    await signIn(page, server.url, who.email, who.password);
    await rows(page).first().waitFor();
    return { context, page };
  };

  it('shows every channel of the tenant in one table with badges, names and markers (English)', async () => {
    const { context, page } = await open({ language: 'en' });
    await page.getByRole('table', { name: 'Conversations' }).waitFor();
    expect((await rowIds(page)).sort()).toEqual(Object.values(tenant.conversations).sort());
    const table = page.getByRole('table');
    for (const badge of ['WhatsApp', 'API', 'Test']) await table.getByText(badge, { exact: true }).waitFor();
    const whatsapp = page.locator(`tr[data-conversation-id="${tenant.conversations.whatsapp}"]`);
    await whatsapp.getByText('Lena Schmidt').waitFor();
    await whatsapp.getByText('4915100000008').waitFor();
    await whatsapp.getByText('Bäckerei-Hilfe').waitFor();
    await whatsapp.getByText('1 failed delivery').waitFor();
    await whatsapp.getByText('Unanswered').waitFor();
    const apiRow = page.locator(`tr[data-conversation-id="${tenant.conversations.api}"]`);
    await apiRow.getByText('Jane Doe').waitFor();
    await apiRow.getByText('Shop Assistant').waitFor();
    await apiRow.getByText('AI: Your order ships today.').waitFor();
    // Names, never raw ids, where a name exists.
    const text = await table.innerText();
    for (const id of [tenant.assistants.shop, tenant.assistants.bakery, tenant.tenantId]) expect(text).not.toContain(id);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'chats-en-light');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('puts a filter in the URL with the API parameter names; it changes the rows, survives a reload, and Back undoes it', async () => {
    const { context, page } = await open({ language: 'en' });
    await page.getByLabel('Channel').selectOption('whatsapp');
    await page.waitForURL(/\/chats\?channel=whatsapp$/);
    await eventually(async () => expect(await rowIds(page)).toEqual([tenant.conversations.whatsapp]));
    await page.getByLabel('Assistant').selectOption(tenant.assistants.bakery);
    await page.waitForURL(new RegExp(`/chats\\?channel=whatsapp&assistantId=${tenant.assistants.bakery}$`));
    await page.reload();
    await eventually(async () => expect(await rowIds(page)).toEqual([tenant.conversations.whatsapp]));
    expect(await page.getByLabel('Channel').inputValue()).toBe('whatsapp');
    await page.goBack();
    await page.waitForURL(/\/chats\?channel=whatsapp$/);
    await page.goBack();
    await page.waitForURL(/\/chats$/);
    await eventually(async () => expect((await rowIds(page)).length).toBe(3));

    // Failed deliveries only; a link with the filter opens the same list.
    await page.getByLabel('Failed deliveries only').click();
    await page.waitForURL(/failedDelivery=true/);
    await eventually(async () => expect(await rowIds(page)).toEqual([tenant.conversations.whatsapp]));
    // A period preset becomes from/to instants in the URL; today's chats are all still there, yesterday's none.
    await page.goto(`${server.url}/chats`);
    await rows(page).first().waitFor();
    await page.getByLabel('Period').selectOption('today');
    await page.waitForURL(/from=.*&to=/);
    await eventually(async () => expect((await rowIds(page)).length).toBe(3));
    await page.getByLabel('Period').selectOption('yesterday');
    await page.getByText('No conversations match these filters.').waitFor();
    await page.goto(`${server.url}/chats?channel=api&customer=user-42`);
    await eventually(async () => expect(await rowIds(page)).toEqual([tenant.conversations.api]));
    expect(await page.getByLabel('Customer identifier').inputValue()).toBe('user-42');
    await context.close();
  });

  it('finds a German word with full-text search and highlights it (German UI)', async () => {
    const { context, page } = await open({ language: 'de' });
    await page.keyboard.press('/');
    await page.getByLabel('Nachrichten durchsuchen').pressSequentially('bäckerei');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=b%C3%A4ckerei/);
    await eventually(async () => expect(await rowIds(page)).toEqual([tenant.conversations.whatsapp]));
    const mark = page.locator('table mark');
    await mark.first().waitFor();
    expect((await mark.first().innerText()).toLowerCase()).toBe('bäckerei');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'chats-search-de-light');
    await context.close();
  });

  it('shows new conversations and messages without a reload (tenant live feed)', async () => {
    const { context, page } = await open({ language: 'en' });
    await page.locator('[data-live-state="live"]').waitFor();
    const before = (await rowIds(page)).length;
    const channels = (await tenant.api.get('/api/v1/channels')).body as Array<{ id: string; type: string }>;
    const apiChannel = channels.find((c) => c.type === 'api')!.id;
    const sent = await tenant.api.post(`/api/v1/channels/${apiChannel}/messages`, { customerId: 'user-77', customerName: 'Max Neu', text: 'Is the order ready?' });
    expect(sent.status).toBe(200);
    await page.getByText('Max Neu').waitFor({ timeout: 10_000 });
    expect((await rowIds(page)).length).toBe(before + 1);
    // Newest activity first.
    expect((await rowIds(page))[0]).toBe(sent.body.conversationId);
    tenant.conversations = { ...tenant.conversations, api2: sent.body.conversationId } as SeededTenant['conversations'];
    await context.close();
  });

  it('pages through a long list by cursor with "Load more"', async () => {
    // A third tenant with 53 API chats: more than one page of 50.
    const big = await createTenant(server.url, server.platformKey, 'Big');
    const assistant = (await big.api.post('/api/v1/assistants', { name: 'Paging', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const channel = (await big.api.post('/api/v1/channels', { type: 'api', assistantId: assistant, config: {} })).body.id;
    for (let i = 0; i < 53; i++) {
      const res = await big.api.post(`/api/v1/channels/${channel}/messages`, { customerId: `pager-${i}`, text: 'hi', mode: 'async' });
      expect(res.status).toBe(202);
    }
    const login = { email: 'pager@example.com', password: 'pager-password-1' };
    expect((await big.api.post('/api/v1/operators', { ...login, name: 'Pat Pager', role: 'viewer' })).status).toBe(201);
    const { context, page } = await newPage(browser, { language: 'en' });
    await signIn(page, server.url, login.email, login.password);
    await rows(page).first().waitFor();
    expect((await rowIds(page)).length).toBe(50);
    await page.getByText('50 conversations shown').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(async () => expect((await rowIds(page)).length).toBe(53));
    expect(new Set(await rowIds(page)).size).toBe(53);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await context.close();
  });

  it('moves with j/k, opens with Enter, focuses search with /', async () => {
    const { context, page } = await open({ language: 'en' });
    const ids = await rowIds(page);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await page.locator('tr[aria-selected="true"]').getAttribute('data-conversation-id')).toBe(ids[1]);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/chats/${ids[1]}$`));
    await page.goBack();
    await rows(page).first().waitFor();
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.getAttribute("type")')).toBe('search');
    await context.close();
  });

  it('saves a named view and brings it back', async () => {
    const { context, page } = await open({ language: 'en' });
    await page.goto(`${server.url}/chats?channel=whatsapp&failedDelivery=true`);
    await rows(page).first().waitFor();
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByLabel('Name of the view').fill('WhatsApp problems');
    await page.getByRole('dialog').getByRole('button', { name: 'Save view' }).click();
    await page.goto(`${server.url}/chats`);
    await rows(page).first().waitFor();
    await page.getByRole('button', { name: 'Saved views' }).click();
    await page.getByRole('menuitem', { name: 'WhatsApp problems' }).click();
    await page.waitForURL(/\/chats\?channel=whatsapp&failedDelivery=true$/);
    await eventually(async () => expect(await rowIds(page)).toEqual([tenant.conversations.whatsapp]));
    await context.close();
  });

  async function exportCsv(page: Page, context: BrowserContext, level: RegExp, format: RegExp): Promise<Record<string, string>[]> {
    await page.getByRole('button', { name: /^(Export|Exportieren)$/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(level).check();
    await dialog.getByLabel(format).check();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), dialog.getByRole('button', { name: /^(Export|Exportieren)$/ }).click()]);
    await dialog.getByRole('status').filter({ hasText: /(Export ready|Export fertig)/ }).waitFor();
    const file = await download.path();
    const raw = readFileSync(file);
    const text = raw.toString('utf8');
    const semicolon = text.startsWith('\ufeff');
    void context;
    return parse(text.replace(/^\ufeff/, ''), { columns: true, delimiter: semicolon ? ';' : ',', skip_empty_lines: true });
  }

  it('exports the filtered list as CSV whose rows match the list (and for German Excel)', async () => {
    const { context, page } = await open({ language: 'en' });
    await page.goto(`${server.url}/chats?channel=api`);
    await rows(page).first().waitFor();
    const listed = await rowIds(page);
    expect(listed.length).toBe(2);
    const records = await exportCsv(page, context, /^Conversations/, /^CSV$/);
    expect(records.map((r) => r.id).sort()).toEqual([...listed].sort());
    expect(records.every((r) => r.channel === 'api')).toBe(true);
    await screenshot(page, 'export-en-light');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // German Excel at message level: semicolons, a BOM, every message of the listed chats.
    await page.getByText('Deutsch', { exact: true }).first().click();
    const messages = await exportCsv(page, context, /^Nachrichten/, /deutsches Excel/);
    expect(new Set(messages.map((m) => m.conversationId))).toEqual(new Set(listed));
    expect(messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Where is my order?', 'Your order ships today.', 'Is the order ready?']));
    await context.close();
  });

  it('shows the viewer no write actions, and the API refuses the viewer\'s writes', async () => {
    const { context, page } = await open({ language: 'en', as: 'viewer' });
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Chats' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Test chat' }).count()).toBe(0);
    // The viewer may export (read access).
    await page.getByRole('button', { name: 'Export' }).waitFor();
    const session = await (await context.request.get(`${server.url}/api/v1/auth/session`)).json();
    const refused = await context.request.post(`${server.url}/api/v1/conversations/${tenant.conversations.api}/agent-messages`, {
      headers: { 'x-csrf-token': session.csrfToken }, data: { text: 'should not be sent' },
    });
    expect(refused.status()).toBe(403);
    await context.close();
  });

  it('never shows another tenant\'s conversations, and an unknown conversation link answers in words', async () => {
    const { context, page } = await open({ language: 'en' });
    const ids = await rowIds(page);
    for (const id of Object.values(other.conversations)) expect(ids).not.toContain(id);
    const session = await context.request.get(`${server.url}/api/v1/conversations/${other.conversations.whatsapp}`);
    expect(session.status()).toBe(404);
    await context.close();
  });

  it('looks right in both languages and themes and on a phone (screenshots, axe)', async () => {
    for (const [language, theme, width] of [['de', 'dark', 1280], ['en', 'dark', 1280], ['de', 'light', 1280], ['de', 'light', 375], ['en', 'dark', 375]] as const) {
      const { context, page } = await open({ language, theme, width });
      await page.locator('[data-live-state="live"]').waitFor();
      expect({ language, theme, width, violations: await axeViolations(page) }).toEqual({ language, theme, width, violations: [] });
      await screenshot(page, `chats-${width === 375 ? '375-' : ''}${language}-${theme}`);
      if (width === 375) {
        expect(await overflowing(page)).toEqual([]);
        // The list itself fits a phone: no sideways scrolling to reach when or what a chat cost.
        const table = page.getByRole('table', { name: language === 'de' ? 'Unterhaltungen' : 'Conversations' });
        const sideways = await table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth);
        expect(sideways).toBeLessThanOrEqual(1);
      }
      await context.close();
    }
  });
});
