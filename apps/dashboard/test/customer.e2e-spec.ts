import { eventually, metaJson, signMetaBody, startFakeGraph, type FakeGraph } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, pageProblems, screenshot, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedTenant, type SeededTenant } from './support/seed';

/**
 * The Customer card of the conversation view in a real browser against the real server: a shop links a WhatsApp
 * number to its API customer, the customer writes on WhatsApp, and each conversation shows both identities and
 * links to the other.
 */
describe('dashboard: the customer across channels in the conversation view', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let browser: Browser;
  let tenant: SeededTenant;
  let apiChat: string;
  let whatsappChat: string;

  beforeAll(async () => {
    graph = await startFakeGraph();
    server = await startDashboardServer();
    tenant = await seedTenant(server, graph, 'cust');
    const { api } = tenant;
    const seeded = (await api.get(`/api/v1/conversations/${tenant.conversations.api}`)).body;
    const whatsappChannel = (await api.get(`/api/v1/conversations/${tenant.conversations.whatsapp}`)).body.connectionId as string;

    const first = await api.post(`/api/v1/channels/${seeded.connectionId}/messages`, { customerId: 'shop-user-77', customerName: 'Max Muster', text: 'Is my order on its way?' });
    expect(first.status).toBe(200);
    apiChat = first.body.conversationId;
    const customerId = (await api.get(`/api/v1/conversations/${apiChat}`)).body.customer.id as string;
    const linked = await api.post(`/api/v1/customers/${customerId}/identities`, { kind: 'wa_id', value: '4915100000077' });
    expect(linked.status).toBe(201);

    // The same person writes on WhatsApp, through the channel's own webhook.
    const body = metaJson({
      object: 'whatsapp_business_account',
      entry: [{ id: '200000000000002', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: '100000000000001' },
        contacts: [{ profile: { name: 'Max' }, wa_id: '4915100000077' }],
        messages: [{ from: '4915100000077', id: 'wamid.CUSTOMER-77', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hallo, ich bin es wieder.' } }],
      } }] }],
    });
    const hook = await fetch(`${server.url}/webhooks/whatsapp/${whatsappChannel}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(body, 'test-app-secret') }, body,
    });
    expect(hook.status).toBe(200);
    whatsappChat = await eventually(async () => {
      const customer = (await api.get(`/api/v1/customers/${customerId}`)).body;
      const wa = customer.conversations.find((c: { channel: string }) => c.channel === 'whatsapp');
      if (!wa) throw new Error('the WhatsApp message has not reached the customer yet');
      return wa.id as string;
    }, { timeoutMs: 15_000 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await graph?.close();
  });

  async function open(language: 'en' | 'de', theme: 'light' | 'dark', path: string, width = 1280): Promise<Page> {
    const { page } = await newPage(browser, { language, theme, width });
    await signIn(page, server.url, tenant.operators.viewer.email, tenant.operators.viewer.password);
    await page.goto(`${server.url}${path}`);
    return page;
  }

  it('shows the identities in words and links to the conversation on the other channel', async () => {
    const page = await open('en', 'light', `/chats/${apiChat}`);
    await page.getByRole('heading', { name: 'Conversation with Max Muster' }).waitFor();
    const card = page.getByRole('region', { name: 'Customer', exact: true });
    // The customer goes by the name they last gave on any channel (their WhatsApp profile here).
    await card.getByText('Max', { exact: true }).waitFor();
    const identities = card.getByTestId('customer-identity');
    await identities.first().waitFor();
    expect(await identities.allInnerTexts()).toEqual([
      expect.stringMatching(/^API id\s+shop-user-77\s+this chat$/),
      expect.stringMatching(/^WhatsApp number\s+\+4915100000077$/),
    ]);
    // The conversation on screen is not among the others; the WhatsApp one is, with its state.
    const others = card.getByTestId('customer-conversation');
    expect(await others.count()).toBe(1);
    await others.getByText('WhatsApp').waitFor();
    await others.getByText('Open').waitFor();
    expect(await others.getAttribute('href')).toBe(`/chats/${whatsappChat}`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-en-light');

    await others.click();
    await page.waitForURL(new RegExp(`/chats/${whatsappChat}$`));
    await page.getByText('Hallo, ich bin es wieder.').waitFor();
    const back = card.getByTestId('customer-conversation');
    await back.getByText('API').waitFor();
    expect(await back.getAttribute('href')).toBe(`/chats/${apiChat}`);
    await card.getByTestId('customer-identity').filter({ hasText: '+4915100000077' }).getByText('this chat').waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('says it in German and tells a customer with one conversation that there are no others', async () => {
    const page = await open('de', 'dark', `/chats/${whatsappChat}`);
    const card = page.getByRole('region', { name: 'Kunde', exact: true });
    await card.getByText('WhatsApp-Nummer').waitFor();
    await card.getByText('API-ID').waitFor();
    await card.getByRole('region', { name: 'Weitere Unterhaltungen' }).getByRole('link').getByText('Offen').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-de-dark');

    // Lena has written only on WhatsApp.
    await page.goto(`${server.url}/chats/${tenant.conversations.whatsapp}`);
    await card.getByText('Keine weiteren Unterhaltungen mit diesem Kunden.').waitFor();
    await card.getByText('+4915100000008').waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('says what failed when the customer cannot be loaded, and loads it on retry; fits a phone', async () => {
    const { page } = await newPage(browser, { language: 'en', theme: 'light', width: 375 });
    await signIn(page, server.url, tenant.operators.viewer.email, tenant.operators.viewer.password);
    // The network drops every request for the customer (retries included) until it comes back; the conversation loads.
    let networkDown = true;
    await page.route('**/api/v1/customers/**', (route) => (networkDown ? route.abort('connectionreset') : route.continue()));
    await page.goto(`${server.url}/chats/${apiChat}`);
    const card = page.getByRole('region', { name: 'Customer', exact: true });
    await card.getByRole('alert').getByText(/^Loading the customer/).waitFor();
    await page.getByRole('heading', { name: 'Conversation with Max Muster' }).waitFor();
    networkDown = false;
    await card.getByRole('button', { name: 'Try again' }).click();
    await card.getByText('+4915100000077').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-en-light-375');
    await page.context().close();
  });

  it('shows the five newest other conversations, and all of them on request', async () => {
    const { api } = tenant;
    const channel = (await api.get(`/api/v1/conversations/${apiChat}`)).body.connectionId as string;
    // A regular: each closed conversation makes the next message start a new one.
    const chats: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api.post(`/api/v1/channels/${channel}/messages`, { customerId: 'shop-user-88', customerName: 'Rita Regular', text: `Order ${i}?` });
      expect(res.status).toBe(200);
      chats.push(res.body.conversationId);
      if (i < 6) expect((await api.post(`/api/v1/conversations/${res.body.conversationId}/close`, {})).status).toBeLessThan(300);
    }
    expect(new Set(chats).size).toBe(7);
    const page = await open('en', 'light', `/chats/${chats[6]}`);
    const list = page.getByRole('region', { name: 'Customer', exact: true }).getByTestId('customer-conversation');
    await list.first().waitFor();
    const hrefs = async () => Promise.all((await list.all()).map((a) => a.getAttribute('href')));
    // Newest first, without the one on screen.
    expect(await hrefs()).toEqual(chats.slice(1, 6).reverse().map((id) => `/chats/${id}`));
    await list.first().getByText('Closed').waitFor();
    await page.getByRole('button', { name: 'Show all 6' }).click();
    expect(await hrefs()).toEqual(chats.slice(0, 6).reverse().map((id) => `/chats/${id}`));
    await page.getByRole('button', { name: 'Show fewer' }).click();
    expect(await list.count()).toBe(5);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
