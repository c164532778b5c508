import { startFakeGraph, type FakeGraph } from '@confab/testing';
import type { Browser } from 'playwright-core';
import type { TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, pageProblems, screenshot, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedTenant, type SeededTenant } from './support/seed';

/** Sign-in, the app shell, language and theme, sign-out, in a real browser against the real server. */
describe('dashboard: sign-in and the app shell', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let browser: Browser;
  let tenant: SeededTenant;

  beforeAll(async () => {
    graph = await startFakeGraph();
    server = await startDashboardServer();
    tenant = await seedTenant(server, graph);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await graph?.close();
  });

  it('sends a signed-out visitor to the sign-in page and back to where they wanted after signing in (English)', async () => {
    const { context, page } = await newPage(browser, { language: 'en' });
    await page.goto(`${server.url}/chats?channel=api`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login-en-light');

    // The contract's labels name one field each, also matched loosely (as a check that does not pass exact would).
    expect(await page.getByLabel('Email').count()).toBe(1);
    expect(await page.getByLabel('Password').count()).toBe(1);

    // Wrong password: said in words, password cleared.
    await page.getByLabel('Email', { exact: true }).fill(tenant.operators.admin.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is wrong' }).waitFor();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');

    await page.getByLabel('Password', { exact: true }).fill(tenant.operators.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/chats\?channel=api$/);
    await page.getByRole('navigation').getByRole('link', { name: 'Chats' }).waitFor();
    await page.getByRole('button', { name: /Account menu for Ada Admin/ }).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('signs in in German, keeps the language and theme across reloads, and signs out', async () => {
    const { context, page } = await newPage(browser, { language: 'de' });
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    expect(await page.getByLabel('E-Mail', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Passwort', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('E-Mail').count()).toBe(1);
    expect(await page.getByLabel('Passwort').count()).toBe(1);
    await screenshot(page, 'login-de-light');
    await signIn(page, server.url, tenant.operators.agent.email, tenant.operators.agent.password);
    const nav = page.getByRole('navigation');
    for (const name of ['Chats', 'Kennzahlen', 'Überwachung', 'Test-Chat']) await nav.getByRole('link', { name }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('de');

    // Switch to English and to dark; both survive a reload.
    await page.getByText('English', { exact: true }).first().click();
    await nav.getByRole('link', { name: 'Metrics' }).waitFor();
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    expect(await page.evaluate("document.documentElement.getAttribute('data-mantine-color-scheme')")).toBe('dark');
    await page.reload();
    await nav.getByRole('link', { name: 'Metrics' }).waitFor();
    expect(await page.evaluate("document.documentElement.getAttribute('data-mantine-color-scheme')")).toBe('dark');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByText('Deutsch', { exact: true }).first().click();
    await nav.getByRole('link', { name: 'Kennzahlen' }).click();
    await page.waitForURL(/\/metrics$/);

    // Sign out: back to the sign-in page, and the session is gone on the server too.
    await page.getByRole('button', { name: /Kontomenü für Anna Agent/ }).click();
    await page.getByRole('menuitem', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/login\?signedOut=1/);
    await screenshot(page, 'signed-out-de');
    await page.getByText('Sie sind abgemeldet.').waitFor();
    const session = await context.request.get(`${server.url}/api/v1/auth/session`);
    expect(session.status()).toBe(401);
    await page.goto(`${server.url}/chats`);
    await page.waitForURL(/\/login/);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('fits a 375 px phone: navigation behind a menu button, language switch inside it', async () => {
    const { context, page } = await newPage(browser, { language: 'en', width: 375, height: 740 });
    await signIn(page, server.url, tenant.operators.viewer.email, tenant.operators.viewer.password);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Monitoring' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'shell-375-en-light');
    await page.getByRole('navigation').getByRole('link', { name: 'Monitoring' }).click();
    await page.waitForURL(/\/monitoring$/);
    await context.close();
  });

  it('shows a lock-out in words after repeated wrong passwords', async () => {
    const target = { email: 'lock-me@example.com', password: 'the-right-password-1' };
    expect((await tenant.api.post('/api/v1/operators', { ...target, name: 'Lock Me', role: 'viewer' })).status).toBe(201);
    const { context, page } = await newPage(browser, { language: 'en' });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email', { exact: true }).fill(target.email);
    let status = 0;
    for (let i = 0; i < 8 && status !== 429; i++) {
      await page.getByLabel('Password', { exact: true }).fill(`wrong-${i}`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      status = res.status();
    }
    expect(status).toBe(429);
    await page.getByRole('alert').filter({ hasText: /Too many failed attempts\. Sign-in is locked for \d+/ }).waitFor();
    // Even the right password is refused while locked, with the same message.
    await page.getByLabel('Password', { exact: true }).fill(target.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /Too many failed attempts/ }).waitFor();
    expect(page.url()).toMatch(/\/login$/);
    await screenshot(page, 'login-locked-en');
    await context.close();
  });

  it('accepts an invitation link: a password of the user\'s choice, then signed in; the link works once (German)', async () => {
    const created = await tenant.api.post('/api/v1/operators', { email: 'ina@example.com', name: 'Ina Eingeladen', role: 'agent' });
    expect(created.status).toBe(201);
    const path = new URL(created.body.inviteUrl).pathname;
    expect(path).toMatch(/^\/invite\/[A-Za-z0-9_-]+$/);
    const { context, page } = await newPage(browser, { language: 'de', theme: 'dark' });
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { name: 'Einladung annehmen' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'invite-de-dark');
    await page.getByLabel('Neues Passwort').fill('ein-langes-passwort');
    await page.getByLabel('Passwort wiederholen').fill('ein-anderes-passwort');
    await page.getByRole('button', { name: 'Passwort setzen und anmelden' }).click();
    await page.getByText('Die Passwörter stimmen nicht überein').waitFor();
    await page.getByLabel('Passwort wiederholen').fill('ein-langes-passwort');
    await page.getByRole('button', { name: 'Passwort setzen und anmelden' }).click();
    await page.waitForURL(/\/chats$/);
    await page.getByRole('button', { name: /Kontomenü für Ina Eingeladen/ }).waitFor();
    await context.close();

    // Used once: the same link now says so in words.
    const again = await newPage(browser, { language: 'de' });
    await again.page.goto(`${server.url}${path}`);
    await again.page.getByLabel('Neues Passwort').fill('noch-ein-passwort');
    await again.page.getByLabel('Passwort wiederholen').fill('noch-ein-passwort');
    await again.page.getByRole('button', { name: 'Passwort setzen und anmelden' }).click();
    await again.page.getByRole('alert').filter({ hasText: 'nicht (mehr) gültig' }).waitFor();
    await again.context.close();

    // And the password chosen works for a normal sign-in.
    const later = await newPage(browser, { language: 'en' });
    await signIn(later.page, server.url, 'ina@example.com', 'ein-langes-passwort');
    await later.context.close();
  });

  it('says what failed when the API cannot be reached or answers an error', async () => {
    const { context, page } = await newPage(browser, { language: 'en' });
    await signIn(page, server.url, tenant.operators.admin.email, tenant.operators.admin.password);
    await page.route('**/api/v1/conversations?**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'UNAVAILABLE', message: 'Database is restarting', details: {} }) }));
    await page.goto(`${server.url}/chats?status=open`);
    await page.getByRole('alert').filter({ hasText: 'Loading chats: Database is restarting' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'chats-error-en-light');
    await context.close();
  });

  it('renders the sign-in and invitation pages in both languages and themes without accessibility violations', async () => {
    for (const language of ['en', 'de'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        const { context, page } = await newPage(browser, { language, theme });
        for (const [name, path] of [['login', '/login'], ['invite', '/invite/abcdefghijklmnopqrstuvwxyz']] as const) {
          await page.goto(`${server.url}${path}`);
          await page.getByRole('heading', { level: 1 }).waitFor();
          expect({ name, language, theme, violations: await axeViolations(page) }).toEqual({ name, language, theme, violations: [] });
          await screenshot(page, `${name}-${language}-${theme}`);
        }
        expect(pageProblems(page)).toEqual([]);
        await context.close();
      }
    }
  });
});
