import { mkdirSync } from 'node:fs';
import { eventually, startFakeGraph, type FakeGraph } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import { createTenant, type ApiClient, type TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, overflowing, pageProblems, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedTenant, type SeededTenant } from './support/seed';

const SHOTS = '/tmp/shots-dash-channels';

/** The Channels pages in a real browser against the real server: connect, guide, health, edit, disable, delete. */
describe('dashboard: Channels', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let browser: Browser;
  let tenant: SeededTenant;
  let other: ApiClient;
  let otherChannel: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    graph = await startFakeGraph();
    server = await startDashboardServer();
    tenant = await seedTenant(server, graph, 'main');
    // Another tenant's widget must never show up, nor open by its id.
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other shop'));
    const assistant = (await other.post('/api/v1/assistants', { name: 'Other', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    otherChannel = (await other.post('/api/v1/channels', { type: 'web_widget', assistantId: assistant, name: 'Other widget', config: { allowedOrigins: ['https://other.example'] } })).body.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await graph?.close();
  });

  const open = async (opts: { language: 'de' | 'en'; theme?: 'light' | 'dark'; as?: 'admin' | 'agent' | 'viewer'; path?: string; width?: number }) => {
    const { context, page } = await newPage(browser, { language: opts.language, theme: opts.theme ?? 'light', width: opts.width });
    const who = tenant.operators[opts.as ?? 'admin'];
    await signIn(page, server.url, who.email, who.password);
    await page.goto(`${server.url}${opts.path ?? '/channels'}`);
    return { context, page };
  };
  const shot = async (page: Page, name: string) => {
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  };
  const channelsOf = async (type: string) => ((await tenant.api.get('/api/v1/channels')).body as Array<{ id: string; type: string; name: string }>).filter((c) => c.type === type);

  it('lists the tenant’s channels with type, assistant and state, and nothing of another tenant (English)', async () => {
    const { context, page } = await open({ language: 'en' });
    const table = page.getByRole('table', { name: 'Channels' });
    await table.waitFor();
    const wa = page.locator(`tr[data-channel-id="${(await channelsOf('whatsapp'))[0].id}"]`);
    await wa.getByText('WhatsApp', { exact: true }).waitFor();
    await wa.getByText('Bäckerei-Hilfe').waitFor();
    await wa.getByText('Active').waitFor();
    await page.locator(`tr[data-channel-id="${(await channelsOf('api'))[0].id}"]`).getByText('Shop Assistant').waitFor();
    // Test-chat connections are the platform's own: not listed as channels.
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.innerText()).not.toContain('Other widget');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'channels-list-en-light');

    await page.goto(`${server.url}/channels/${otherChannel}`);
    await page.getByRole('alert').getByText(/No channel connection .* in this tenant/).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('connects a web widget: errors at the field, a live preview of the unsaved options, then the snippet to copy', async () => {
    const { context, page } = await open({ language: 'en' });
    await page.getByRole('button', { name: 'Connect a channel' }).click();
    await page.getByRole('menuitem', { name: 'Web Widget' }).click();
    await page.waitForURL(/\/channels\/new\/web_widget$/);
    await page.getByRole('heading', { level: 1, name: 'Connect Web Widget' }).waitFor();

    // Saved without the one required setting: the server's problem shows at that field.
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('allowedOrigins must list at least one origin').waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Shop website');
    const origins = page.getByRole('combobox', { name: 'Allowed origins' });
    await origins.fill('https://shop.example');
    await origins.press('Enter');
    // The problem goes once the field is edited; and the pre-chat switches each send a value (one on is enough).
    expect(await page.getByText('allowedOrigins must list at least one origin').count()).toBe(0);
    await page.getByRole('group', { name: 'Pre chat form' }).getByLabel('Name').click({ force: true });
    await page.getByLabel('Title', { exact: true }).fill('Ask the bakery');
    await page.getByLabel('Greeting').fill('Hi! What can we bake for you?');
    await page.getByLabel('Color').fill('#b8420f');
    const preview = page.getByTestId('widget-preview');
    await preview.getByText('Ask the bakery').waitFor();
    await preview.getByText('Hi! What can we bake for you?').waitFor();
    expect(await preview.getAttribute('data-position')).toBe('right');
    await preview.getByText('Please tell us who you are before we start.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'channels-widget-new-en-light');

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Shop website' }).waitFor();
    const created = (await channelsOf('web_widget'))[0];
    expect(page.url()).toBe(`${server.url}/channels/${created.id}`);
    const snippet = await page.getByRole('textbox', { name: 'Embed snippet' }).inputValue();
    expect(snippet).toMatch(/^<script src="[^"]+\/widget\.js" data-key="wk_[0-9a-f]+" async><\/script>$/);
    await page.getByText('The widget only runs on: https://shop.example.').waitFor();
    expect((await tenant.api.get(`/api/v1/channels/${created.id}`)).body.config).toMatchObject({
      allowedOrigins: ['https://shop.example'], title: 'Ask the bakery', color: '#b8420f', preChatForm: { name: true, email: false },
    });
    await page.getByTestId('widget-preview').getByText('Ask the bakery').waitFor();
    await page.getByRole('button', { name: 'Copy: Embed snippet' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'channels-widget-en-light');
    expect(pageProblems(page)).toEqual([]);
    await context.close();

    // The same page in German and dark, for the eye.
    const de = await open({ language: 'de', theme: 'dark', path: `/channels/${created.id}` });
    await de.page.getByRole('textbox', { name: 'Einbettungscode' }).waitFor();
    expect(await axeViolations(de.page)).toEqual([]);
    await shot(de.page, 'channels-widget-de-dark');
    await de.context.close();
  });

  it('connects WhatsApp against the fake Graph: webhook URL and verify token to paste, then health after a webhook (German)', async () => {
    const { context, page } = await open({ language: 'de' });
    await page.getByRole('button', { name: 'Kanal verbinden' }).click();
    await page.getByRole('menuitem', { name: 'WhatsApp' }).click();
    await page.getByRole('heading', { level: 1, name: 'WhatsApp verbinden' }).waitFor();
    await page.getByText('Die Webhook-URL erscheint hier, sobald die Verbindung gespeichert ist.').waitFor();
    const token = await page.getByRole('textbox', { name: 'Verifizierungstoken' }).inputValue();
    expect(token).toMatch(/^[0-9a-f]{48}$/);

    await page.getByLabel('Name', { exact: true }).fill('Filiale Mitte');
    await page.getByLabel('Phone number id').fill('100000000000001');
    await page.getByLabel('Business account id').fill('200000000000002');
    await page.getByLabel('Access token').fill('test-access-token');
    await page.getByLabel('App secret').fill('test-app-secret');
    await page.getByLabel('Graph api base url').fill(graph.url);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'channels-whatsapp-new-de-light');
    await page.getByRole('button', { name: 'Verbinden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Filiale Mitte' }).waitFor();

    const id = (await channelsOf('whatsapp')).find((c) => c.name === 'Filiale Mitte')!.id;
    const webhookUrl = await page.getByRole('textbox', { name: 'Webhook-URL' }).inputValue();
    expect(webhookUrl).toMatch(new RegExp(`/webhooks/whatsapp/${id}$`));
    // The token shown once after saving is the one Meta's handshake must present.
    expect(await page.getByRole('textbox', { name: 'Verifizierungstoken' }).inputValue()).toBe(token);
    const handshake = await fetch(`${server.url}/webhooks/whatsapp/${id}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=77`);
    expect(await handshake.text()).toBe('77');

    const health = page.getByRole('region', { name: 'Zustand' });
    await health.getByText('Noch keiner', { exact: false }).waitFor();
    await health.getByText('Hoch').waitFor();
    await health.getByText('1.000 Kunden pro 24 Std.').waitFor();

    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${id}`);
    expect((await graph.deliverWebhook(graph.inboundText({ from: '4915100000077', name: 'Tom', text: 'Hallo!' }))).status).toBe(200);
    await health.getByRole('button', { name: 'Aktualisieren' }).click();
    await eventually(async () => expect(await health.getByText('Noch keiner', { exact: false }).count()).toBe(0));
    await health.getByText('Kein Fehler gemeldet').waitFor();

    const templates = page.getByRole('region', { name: 'Nachrichtenvorlagen' });
    await templates.getByText('Noch nie abgeglichen').waitFor();
    await templates.getByRole('button', { name: 'Von WhatsApp abgleichen' }).click();
    const row = templates.getByRole('row', { name: /order_update/ });
    await row.getByText('Genehmigt').waitFor();
    await row.getByText('Service').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'channels-whatsapp-de-light');
    expect(pageProblems(page)).toEqual([]);
    await context.close();

    // After a reload the token is gone for good; the page says how to get a new one.
    const again = await open({ language: 'en', theme: 'dark', path: `/channels/${id}` });
    await again.page.getByText('The verify token is stored encrypted and cannot be shown.', { exact: false }).waitFor();
    await again.page.getByRole('region', { name: 'Health' }).getByText('High').waitFor();
    expect(await axeViolations(again.page)).toEqual([]);
    await shot(again.page, 'channels-whatsapp-en-dark');
    await again.context.close();
  });

  it('edits a channel and keeps the secrets it did not type (shown as stored, never returned)', async () => {
    const wa = (await channelsOf('whatsapp')).find((c) => c.name !== 'Filiale Mitte')!;
    const { context, page } = await open({ language: 'en', path: `/channels/${wa.id}` });
    const secret = page.getByLabel('Access token');
    await secret.waitFor();
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toMatch(/stored/i);
    await page.getByLabel('Name', { exact: true }).fill('Bakery WhatsApp');
    await page.getByLabel('Pause ai on echo').click({ force: true });
    // An upgraded number's throughput tier (Meta: 80/s until upgraded, up to 1,000/s).
    await page.getByLabel('Messages per second').fill('1000');
    await page.getByLabel('Messages per second').scrollIntoViewIfNeeded();
    await shot(page, 'channels-whatsapp-edit-en-light');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Bakery WhatsApp' }).waitFor();

    const stored = (await tenant.api.get(`/api/v1/channels/${wa.id}`)).body;
    expect(stored).toMatchObject({ name: 'Bakery WhatsApp', config: { pauseAiOnEcho: false, messagesPerSecond: 1000 } });
    expect(stored.secretsSet.sort()).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    // The stored secrets still work: Meta's handshake with the seeded token, and Graph with the seeded access token.
    expect((await fetch(`${server.url}/webhooks/whatsapp/${wa.id}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=5`)).status).toBe(200);
    expect((await tenant.api.get(`/api/v1/channels/${wa.id}/health`)).body.qualityRating).toBe('GREEN');

    // A bad value is refused at its field, and nothing is saved.
    await page.getByLabel('Phone number id').fill('not-a-number');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('phoneNumberId must be the numeric phone number id').waitFor();
    await page.getByText('Please correct the marked fields.').waitFor();
    expect((await tenant.api.get(`/api/v1/channels/${wa.id}`)).body.config.phoneNumberId).toBe('100000000000001');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('disables and deletes behind clear warnings, by keyboard too; the API channel shows its endpoint and sample', async () => {
    const apiChannel = (await channelsOf('api'))[0];
    const { context, page } = await open({ language: 'en', path: `/channels/${apiChannel.id}` });
    const endpoint = await page.getByRole('textbox', { name: 'Endpoint' }).inputValue();
    expect(endpoint).toBe(`${server.url}/api/v1/channels/${apiChannel.id}/messages`);
    expect(await page.getByRole('textbox', { name: 'Example request' }).inputValue()).toContain(`curl -X POST '${endpoint}'`);
    await page.getByText('No callback URL is set', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog', { name: `Disable “${apiChannel.name}”?` });
    await dialog.getByText('customers who write on this channel get no answer', { exact: false }).waitFor();
    await dialog.getByText('Your app\'s requests to this channel will get 404.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'channels-disable-dialog-en-light');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await tenant.api.get(`/api/v1/channels/${apiChannel.id}`)).body.status).toBe('active');

    await page.getByRole('button', { name: 'Disable' }).click();
    await dialog.getByRole('button', { name: 'Disable channel' }).click();
    await page.getByText('This channel is disabled').waitFor();
    expect((await tenant.api.post(`/api/v1/channels/${apiChannel.id}/messages`, { customerId: 'x', text: 'hi' })).status).toBe(404);
    await page.getByRole('button', { name: 'Enable' }).click();
    await eventually(async () => expect((await tenant.api.get(`/api/v1/channels/${apiChannel.id}`)).body.status).toBe('active'));

    await page.getByRole('button', { name: 'Delete' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: `Delete “${apiChannel.name}”?` });
    await confirm.getByText('This cannot be undone.', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Delete channel' }).click();
    await page.waitForURL(/\/channels$/);
    await page.getByRole('table', { name: 'Channels' }).waitFor();
    expect(await page.locator(`tr[data-channel-id="${apiChannel.id}"]`).count()).toBe(0);
    expect((await tenant.api.get(`/api/v1/channels/${apiChannel.id}`)).status).toBe(404);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it.each(['viewer', 'agent'] as const)('gives the %s a read-only view: no connect, no save, no delete', async (role) => {
    const wa = (await channelsOf('whatsapp'))[0];
    const { context, page } = await open({ language: 'de', as: role, theme: role === 'viewer' ? 'dark' : 'light' });
    await page.getByRole('table', { name: 'Kanäle' }).waitFor();
    expect(await page.getByRole('button', { name: 'Kanal verbinden' }).count()).toBe(0);
    await page.goto(`${server.url}/channels/${wa.id}`);
    await page.getByText('Sie können diesen Kanal ansehen; ändern dürfen ihn nur Admins.').waitFor();
    expect(await page.getByLabel('Phone number id').isDisabled()).toBe(true);
    for (const name of ['Speichern', 'Löschen', 'Deaktivieren', 'Von WhatsApp abgleichen', 'Neues Verifizierungstoken erstellen']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    await page.getByRole('region', { name: 'Zustand' }).getByText('Hoch').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    if (role === 'viewer') await shot(page, 'channels-whatsapp-viewer-de-dark');
    await page.goto(`${server.url}/channels/new/web_widget`);
    await page.getByText('Sie können diesen Kanal ansehen; ändern dürfen ihn nur Admins.').waitFor();
    expect(await page.getByRole('button', { name: 'Verbinden' }).count()).toBe(0);
    await context.close();
  });

  it('opens a connect form from the menu by keyboard, and fits a 375 px phone screen', async () => {
    const { context, page } = await open({ language: 'en' });
    await page.getByRole('table', { name: 'Channels' }).waitFor();
    await page.getByRole('button', { name: 'Connect a channel' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'API' }).waitFor();
    for (let i = 0; i < 5 && (await page.evaluate('document.activeElement?.textContent')) !== 'API'; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/channels\/new\/api$/);
    await page.getByRole('heading', { level: 1, name: 'Connect API' }).waitFor();
    await context.close();

    const wa = (await channelsOf('whatsapp'))[0];
    const phone = await open({ language: 'de', theme: 'dark', width: 375, path: `/channels/${wa.id}` });
    await phone.page.getByRole('region', { name: 'Zustand' }).getByText('Hoch').waitFor();
    expect(await overflowing(phone.page)).toEqual([]);
    await phone.page.screenshot({ path: `${SHOTS}/channels-whatsapp-375-de-dark.png` });
    // The settings' last fields (the number's throughput) fit the phone too.
    await phone.page.getByLabel('Messages per second').scrollIntoViewIfNeeded();
    await phone.page.screenshot({ path: `${SHOTS}/channels-whatsapp-settings-375-de-dark.png` });
    await phone.page.goto(`${server.url}/channels`);
    await phone.page.getByRole('region', { name: 'Kanäle' }).waitFor();
    expect(await overflowing(phone.page)).toEqual([]);
    await phone.context.close();
  });
});
