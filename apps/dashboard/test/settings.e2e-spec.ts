import { eventually, startFakeGraph, startWebhookReceiver, type FakeGraph, type WebhookReceiver } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import { apiClient, type TestServer } from '@confab/server-test-support';
import { formatMoney } from '../src/format/money';
import { axeViolations, launchBrowser, newPage, overflowing, pageProblems, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedTenant, type SeededTenant } from './support/seed';
import { shot } from './support/shots';

/** The settings area against the real server: webhooks with their log and re-send, API keys, the team, alerts, budgets. */
describe('dashboard: settings', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let receiver: WebhookReceiver;
  let browser: Browser;
  let tenant: SeededTenant;

  beforeAll(async () => {
    graph = await startFakeGraph();
    receiver = await startWebhookReceiver();
    server = await startDashboardServer();
    tenant = await seedTenant(server, graph, 'settings');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
    await graph?.close();
  });

  async function adminPage(language: 'en' | 'de', theme: 'light' | 'dark'): Promise<Page> {
    const { page } = await newPage(browser, { language, theme });
    await signIn(page, server.url, tenant.operators.admin.email, tenant.operators.admin.password);
    return page;
  }

  it('creates a webhook, shows its secret once, logs a real delivery with its attempt and re-sends it (English, light)', async () => {
    const page = await adminPage('en', 'light');
    // The log refreshes every 10 s while nothing is pending; the test moves the page's clock on instead of waiting.
    await page.clock.install();
    await page.goto(`${server.url}/settings`);
    await page.waitForURL(/\/settings\/webhooks$/);
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Settings sections' });
    for (const name of ['Webhooks', 'API keys', 'Team', 'Alerts', 'Budgets']) await nav.getByRole('link', { name }).waitFor();
    await page.getByText('No webhook endpoints yet').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New webhook endpoint' });
    // Without an event the form says so at the events, and sends nothing.
    await dialog.getByLabel('URL').fill(`${receiver.url}/dashboard-hook`);
    await dialog.getByRole('button', { name: 'Create endpoint' }).click();
    await dialog.getByText('Pick at least one event.').waitFor();
    await dialog.getByRole('checkbox', { name: 'handoff.requested' }).check();
    await dialog.getByLabel('Description').fill('CRM hand-overs');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'settings-webhook-create-en-light');
    await dialog.getByRole('button', { name: 'Create endpoint' }).click();

    const once = page.getByRole('dialog', { name: 'Endpoint created' });
    const secret = ((await once.getByTestId('shown-once').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await once.getByText('This is shown only now.', { exact: false }).waitFor();
    await once.getByRole('button', { name: 'I have copied it' }).click();
    await once.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(secret);

    const [endpoint] = (await tenant.api.get('/api/v1/webhooks')).body;
    expect(endpoint).toMatchObject({ url: `${receiver.url}/dashboard-hook`, events: ['handoff.requested'], description: 'CRM hand-overs' });

    // An event happens: a test chat is handed to a person.
    const chat = await tenant.api.post(`/api/v1/assistants/${tenant.assistants.shop}/test-chats`, {});
    await tenant.api.post(`/api/v1/conversations/${chat.body.id}/handoff`, { reason: 'Wants a person' });
    const log = page.getByRole('region', { name: `Deliveries to ${receiver.url}/dashboard-hook` });
    const row = log.getByTestId('delivery');
    await eventually(async () => expect((await tenant.api.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).body).toMatchObject([{ status: 'succeeded' }]), { timeoutMs: 15_000 });
    await page.clock.fastForward(10_000);
    await row.getByText('Delivered').waitFor({ timeout: 15_000 });
    await row.getByText('handoff.requested').waitFor();
    expect(await row.getByTestId('attempt').count()).toBe(1);
    await row.getByTestId('attempt').getByText('200').waitFor();
    const hits = () => receiver.received.filter((r) => r.path === '/dashboard-hook');
    expect(hits()).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'settings-webhooks-en-light');

    await row.getByRole('button', { name: /^Re-send handoff\.requested/ }).click();
    await eventually(async () => expect(await row.getByTestId('attempt').count()).toBe(2), { timeoutMs: 15_000 });
    await row.getByText('Delivered').waitFor();
    expect(hits()).toHaveLength(2);
    expect(hits()[1].headers['webhook-id']).toBe(hits()[0].headers['webhook-id']);
    expect(hits()[1].body).toBe(hits()[0].body);
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('creates an API key with a scope, shows it once, and revoking it stops it working (German, dark)', async () => {
    const page = await adminPage('de', 'dark');
    await page.goto(`${server.url}/settings/api-keys`);
    await page.getByRole('heading', { name: 'API-Schlüssel', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neuer API-Schlüssel' });
    await dialog.getByLabel('Name').fill('CRM-Anbindung');
    await dialog.getByRole('radio', { name: 'Gespräche' }).check();
    expect(await axeViolations(page)).toEqual([]);
    // Enter in the name field submits, as in any form.
    await dialog.getByLabel('Name').press('Enter');

    const once = page.getByRole('dialog', { name: 'API-Schlüssel erstellt' });
    const key = ((await once.getByTestId('shown-once').textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await shot(page, 'settings-api-key-once-de-dark');
    await once.getByRole('button', { name: 'Ich habe es kopiert' }).click();
    await once.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(key);

    // The key has exactly the chosen scope.
    const program = apiClient(server.url, key);
    expect((await program.get('/api/v1/conversations')).status).toBe(200);
    expect((await program.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'gpt-4o-mini' })).status).toBe(403);
    const row = page.getByTestId('api-key').filter({ hasText: 'CRM-Anbindung' });
    await row.getByText('Gespräche').waitFor();
    const stored = ((await tenant.api.get('/api/v1/api-keys')).body as Array<{ name: string; scopes: string[] }>).find((k) => k.name === 'CRM-Anbindung');
    expect(stored?.scopes).toEqual(['read', 'conversations']);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'settings-api-keys-de-dark');

    await row.getByRole('button', { name: 'CRM-Anbindung widerrufen' }).click();
    const confirm = page.getByRole('dialog', { name: 'Diesen Schlüssel widerrufen?' });
    await confirm.getByRole('button', { name: 'Widerrufen' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.getByText('Widerrufen').waitFor();
    expect((await program.get('/api/v1/conversations')).status).toBe(401);
    await page.context().close();
  });

  it('invites an agent by link, who signs in through it and cannot open the settings; the admin changes the role and removes them (English, dark)', async () => {
    const page = await adminPage('en', 'dark');
    await page.goto(`${server.url}/settings/team`);
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    await page.getByText('Ada Admin (you)').waitFor();
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite to the team' });
    await dialog.getByLabel('Name').fill('Iris Invited');
    await dialog.getByLabel('Email').fill('iris-settings@example.com');
    await dialog.getByRole('radio', { name: 'Agent' }).check();
    await dialog.getByRole('button', { name: 'Create invitation' }).click();
    const once = page.getByRole('dialog', { name: 'Invitation link' });
    const link = ((await once.getByTestId('shown-once').textContent()) ?? '').trim();
    expect(new URL(link).pathname).toMatch(/^\/invite\/[A-Za-z0-9_-]+$/);
    await once.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByTestId('operator').filter({ hasText: 'Iris Invited' });
    await row.getByText('Invited', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'settings-team-en-dark');

    // The invited person follows the link in their own browser.
    const invited = await newPage(browser, { language: 'en', theme: 'light' });
    await invited.page.goto(`${server.url}${new URL(link).pathname}`);
    await invited.page.getByLabel('New password').fill('iris-password-long');
    await invited.page.getByLabel('Repeat the password').fill('iris-password-long');
    await invited.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await invited.page.waitForURL(/\/chats/);
    await invited.page.goto(`${server.url}/settings/webhooks`);
    await invited.page.getByRole('heading', { name: 'Settings are for admins', level: 1 }).waitFor();
    await invited.page.getByText('Your role (Agent)', { exact: false }).waitFor();
    expect(await invited.page.getByRole('navigation', { name: 'Settings sections' }).count()).toBe(0);
    expect(await invited.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await axeViolations(invited.page)).toEqual([]);
    await shot(invited.page, 'settings-not-allowed-en-light');
    expect(pageProblems(invited.page)).toEqual([]);
    await invited.context.close();

    await page.reload();
    await row.getByText('Active', { exact: true }).waitFor();
    // Role changes take effect on the server; the list shows the new one.
    await row.getByRole('combobox', { name: 'Role of Iris Invited' }).click();
    await page.getByRole('option', { name: 'Viewer' }).click();
    await eventually(async () => {
      const ops = (await tenant.api.get('/api/v1/operators')).body as Array<{ email: string; role: string }>;
      expect(ops.find((o) => o.email === 'iris-settings@example.com')?.role).toBe('viewer');
    });
    // The admin cannot take their own role away from here.
    expect(await page.getByRole('combobox', { name: 'Role of Ada Admin' }).isDisabled()).toBe(true);
    await row.getByRole('button', { name: 'Remove Iris Invited' }).click();
    await page.getByRole('dialog', { name: 'Remove from the team?' }).getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });
    expect(((await tenant.api.get('/api/v1/operators')).body as Array<{ email: string }>).map((o) => o.email)).not.toContain('iris-settings@example.com');
    await page.context().close();
  });

  it('adds an alert rule and a budget typed the German way, shown as the API stores them (German, light)', async () => {
    const page = await adminPage('de', 'light');
    await page.goto(`${server.url}/settings/alerts`);
    await page.getByRole('heading', { name: 'Alarme', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Regel hinzufügen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neue Alarmregel' });
    await dialog.getByLabel('Name').fill('Antworten zu langsam');
    await dialog.getByLabel('Schwellenwert').fill('8');
    await dialog.getByRole('button', { name: 'Regel anlegen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const rule = page.getByTestId('alert-rule').filter({ hasText: 'Antworten zu langsam' });
    await rule.getByText('Antwortzeit (95. Perzentil)').waitFor();
    const [stored] = (await tenant.api.get('/api/v1/alert-rules')).body;
    expect(stored).toMatchObject({ metric: 'response_time_p95', threshold: 8000, windowMinutes: 15, enabled: true });
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'settings-alerts-de-light');
    // Keyboard: the switch is focusable and Space turns it off.
    await rule.getByRole('switch', { name: 'Regel Antworten zu langsam an' }).focus();
    await page.keyboard.press('Space');
    await eventually(async () => expect((await tenant.api.get('/api/v1/alert-rules')).body[0].enabled).toBe(false));

    await page.getByRole('navigation', { name: 'Bereiche der Einstellungen' }).getByRole('link', { name: 'Budgets' }).click();
    await page.getByRole('heading', { name: 'Budgets', level: 1 }).waitFor();
    await page.getByText('Keine Obergrenze für das ganze Konto.').waitFor();
    await page.getByRole('button', { name: 'Obergrenze festlegen' }).click();
    const budget = page.getByRole('dialog', { name: 'Monatliche Obergrenze für das ganze Konto' });
    await budget.getByLabel('Monatliche Obergrenze').fill('12,5x');
    await budget.getByRole('button', { name: 'Speichern' }).click();
    await budget.getByText('Geben Sie einen Betrag wie 250 oder 250,50 ein', { exact: false }).waitFor();
    await budget.getByLabel('Monatliche Obergrenze').fill('250,50');
    await budget.getByRole('button', { name: 'Speichern' }).click();
    await budget.waitFor({ state: 'hidden' });
    const tenantBudget = ((await tenant.api.get('/api/v1/budgets')).body as any[]).find((b) => b.scope === 'tenant');
    expect(tenantBudget.monthlyLimit).toMatchObject({ micros: 250_500_000, currency: 'USD' });
    const usage = (await page.getByTestId('budget-usage').textContent()) ?? '';
    expect(usage).toContain(formatMoney(250_500_000, 'de-DE', 'USD'));
    expect(formatMoney(250_500_000, 'de-DE', 'USD').replace(/\s/g, ' ')).toBe('250,50 $');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'settings-budgets-de-light');
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();

    // On a phone the settings links wrap and the wide tables scroll inside their own box, not the page.
    const phone = await newPage(browser, { language: 'de', theme: 'dark', width: 375 });
    await signIn(phone.page, server.url, tenant.operators.admin.email, tenant.operators.admin.password);
    for (const section of ['webhooks', 'team', 'budgets']) {
      await phone.page.goto(`${server.url}/settings/${section}`);
      await phone.page.getByRole('heading', { level: 1 }).waitFor();
      await phone.page.getByRole('status').waitFor({ state: 'detached' });
      expect(await overflowing(phone.page)).toEqual([]);
    }
    await shot(phone.page, 'settings-budgets-375-de-dark');
    await phone.context.close();
  });
});
