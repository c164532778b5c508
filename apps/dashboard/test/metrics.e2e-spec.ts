import { eventually, startFakeGraph, type FakeGraph } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@confab/server-test-support';
import { formatDuration } from '../src/format/duration';
import { formatMoney } from '../src/format/money';
import { formatNumber, formatPercent } from '../src/format/numbers';
import { axeViolations, launchBrowser, newPage, pageProblems, screenshot, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedTenant, type SeededTenant } from './support/seed';

/** The metrics page shows what GET /api/v1/metrics answers, for the same filters, in both languages and themes. */
describe('dashboard: metrics', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let browser: Browser;
  let tenant: SeededTenant;

  beforeAll(async () => {
    graph = await startFakeGraph();
    server = await startDashboardServer();
    tenant = await seedTenant(server, graph, 'metrics');
    // The read-model is filled by a projector after commit: wait until it has the seed (chats and the failure).
    await eventually(async () => {
      const totals = (await tenant.api.get('/api/v1/metrics?includeTest=true')).body.totals;
      if (totals.chats !== 3 || totals.failedDeliveries !== 1) throw new Error(`not projected yet: ${JSON.stringify(totals)}`);
    }, { timeoutMs: 15_000 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await graph?.close();
  });

  /** The cards as the API's figures look formatted for the locale. */
  function expectedCards(totals: any, locale: string): Record<string, string> {
    return {
      chats: formatNumber(totals.chats, locale),
      messagesPerChat: formatNumber(totals.messagesPerChat, locale, 1),
      responseRate: formatPercent(totals.responseRate, locale),
      avgResponseTime: formatDuration(totals.responseTimeMs.mean, locale),
      costPerChat: totals.costPerChat ? formatMoney(totals.costPerChat.micros, locale, totals.costPerChat.currency) : '–',
      p95ResponseTime: formatDuration(totals.responseTimeMs.p95, locale),
      failedDeliveries: formatNumber(totals.failedDeliveries, locale),
      handoffs: formatNumber(totals.handoffs, locale),
      unanswered: formatNumber(totals.unanswered, locale),
    };
  }

  async function shownCards(page: Page): Promise<Record<string, string>> {
    await page.getByTestId('card-chats').waitFor();
    const keys = ['chats', 'messagesPerChat', 'responseRate', 'avgResponseTime', 'costPerChat', 'p95ResponseTime', 'failedDeliveries', 'handoffs', 'unanswered'];
    const out: Record<string, string> = {};
    for (const key of keys) out[key] = ((await page.getByTestId(`card-${key}`).getByTestId('value').textContent()) ?? '').trim();
    return out;
  }

  it('shows the five figures and the failures exactly as the metrics API, and follows the test-chat switch (English, light)', async () => {
    const { page } = await newPage(browser, { language: 'en', theme: 'light' });
    await signIn(page, server.url, tenant.operators.viewer.email, tenant.operators.viewer.password);
    await page.goto(`${server.url}/metrics`);
    await page.getByRole('heading', { name: 'Metrics', level: 1 }).waitFor();

    const without = (await tenant.api.get('/api/v1/metrics')).body;
    expect(without.totals.chats).toBe(2);
    expect(await shownCards(page)).toEqual(expectedCards(without.totals, 'en-US'));
    await page.getByText('Response rate', { exact: true }).first().waitFor();

    // Four charts drawn (SVG), and the per-channel table names the channels in words.
    await eventually(async () => expect(await page.locator('figure svg').count()).toBeGreaterThanOrEqual(4), { timeoutMs: 10_000 });
    const perChannel = page.getByRole('region', { name: 'Per channel' });
    await perChannel.getByText('WhatsApp', { exact: true }).waitFor();
    await perChannel.getByText('API', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Per assistant' }).getByText('Bäckerei-Hilfe').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'metrics-en-light');

    // A click, not check(): the switch follows the URL, which the router updates a moment after the click.
    await page.getByLabel('Include test chats').click();
    await page.waitForURL(/includeTest=true/);
    await eventually(async () => expect(await page.getByLabel('Include test chats').isChecked()).toBe(true));
    const withTest = (await tenant.api.get('/api/v1/metrics?includeTest=true')).body;
    expect(withTest.totals.chats).toBe(3);
    await eventually(async () => expect(await shownCards(page)).toEqual(expectedCards(withTest.totals, 'en-US')), { timeoutMs: 10_000 });

    // Filters live in the URL with the API's names and survive a reload.
    const url = new URL(page.url());
    url.searchParams.set('channel', 'whatsapp');
    await page.goto(url.toString());
    const whatsapp = (await tenant.api.get(`/api/v1/metrics?includeTest=true&channel=whatsapp&from=${url.searchParams.get('from')}&to=${url.searchParams.get('to')}`)).body;
    expect(whatsapp.totals.chats).toBe(1);
    await eventually(async () => expect(await shownCards(page)).toEqual(expectedCards(whatsapp.totals, 'en-US')), { timeoutMs: 10_000 });
    expect(await page.getByLabel('Include test chats').isChecked()).toBe(true);
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('says "Antwortrate" in German and formats the figures for German (dark)', async () => {
    const { page } = await newPage(browser, { language: 'de', theme: 'dark' });
    await signIn(page, server.url, tenant.operators.admin.email, tenant.operators.admin.password);
    await page.goto(`${server.url}/metrics?preset=ignored`);
    await page.getByRole('heading', { name: 'Kennzahlen', level: 1 }).waitFor();
    await page.getByTestId('card-responseRate').getByText('Antwortrate').waitFor();
    const totals = (await tenant.api.get('/api/v1/metrics')).body.totals;
    expect(await shownCards(page)).toEqual(expectedCards(totals, 'de-DE'));
    await eventually(async () => expect(await page.locator('figure svg').count()).toBeGreaterThanOrEqual(4), { timeoutMs: 10_000 });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'metrics-de-dark');
    await page.context().close();

    const phone = await newPage(browser, { language: 'de', theme: 'light', width: 375 });
    await signIn(phone.page, server.url, tenant.operators.admin.email, tenant.operators.admin.password);
    await phone.page.goto(`${server.url}/metrics`);
    await phone.page.getByTestId('card-chats').waitFor();
    expect(await phone.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'metrics-de-light-375');
    await phone.context.close();
  });
});
