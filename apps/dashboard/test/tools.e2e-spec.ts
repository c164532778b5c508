import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { eventually } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, overflowing, pageProblems, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { seedToolsTenant, startOrderApi, type SeenRequest, type ToolsTenant } from './support/tools-seed';

const SHOTS = '/tmp/shots-dash-tools';
const TOKEN = 'shop-secret-token-4711';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // The header is fixed: from the top, a full-page shot shows it once, where it belongs.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Picks a segment of a segmented control the way a user does: by clicking its label (the radio itself is hidden). */
async function choose(page: Page, name: string): Promise<void> {
  const id = await page.getByRole('radio', { name }).getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
}

/** The Tools & data page against the real server: HTTP tools, data tables, calendars and tasks, by role and language. */
describe('dashboard: tools and data', () => {
  let server: TestServer;
  let browser: Browser;
  let tenant: ToolsTenant;
  let orders: { server: Server; port: number; seen: SeenRequest[] };

  beforeAll(async () => {
    orders = await startOrderApi(TOKEN);
    server = await startDashboardServer({ httpToolsAllowedHosts: `127.0.0.1:${orders.port}` });
    tenant = await seedToolsTenant(server, 'tools');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    orders?.server.close();
  });

  const open = async (language: 'en' | 'de', theme: 'light' | 'dark', who: 'admin' | 'agent' | 'viewer', path: string) => {
    const { context, page } = await newPage(browser, { language, theme });
    await signIn(page, server.url, tenant.operators[who].email, tenant.operators[who].password);
    await page.goto(`${server.url}${path}`);
    return { context, page };
  };

  it('creates an HTTP tool with a secret header, refuses a bad name at the field, and a test shows the exact request and response (English, light)', async () => {
    const { page } = await open('en', 'light', 'admin', '/tools/http');
    await page.getByRole('heading', { name: 'Tools & data', level: 1 }).waitFor();
    expect(await page.getByRole('tab', { name: 'HTTP tools' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'New HTTP tool' }).click();
    const form = page.getByRole('form', { name: 'New HTTP tool' });
    await form.getByLabel('Name', { exact: false }).first().fill('Get Order');
    await form.getByLabel(/^Description/).fill('Look up the status of an order by its number.');
    await form.getByLabel(/^URL/).fill(`http://127.0.0.1:${orders.port}/orders/{orderId}`);
    await form.getByRole('button', { name: 'Add header' }).click();
    await form.getByLabel('Header 1 name').fill('Authorization');
    await form.getByLabel('Header 1 value').fill(`Bearer ${TOKEN}`);
    // A credential header is secret whatever the box says, and typed out of sight.
    expect(await form.getByLabel('Header 1 value').getAttribute('type')).toBe('password');
    expect(await form.getByRole('checkbox', { name: 'Secret' }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Add parameter' }).click();
    await form.getByLabel('Parameter 1 name').fill('orderId');
    await form.getByLabel('Description for the model').fill('Order number such as A-1001');
    await form.getByRole('button', { name: 'Create HTTP tool' }).click();

    // The server's complaint is shown at the field it names, and nothing is stored.
    const name = form.getByRole('textbox', { name: /^Name/ });
    await eventually(async () => expect(await name.getAttribute('aria-invalid')).toBe('true'), { timeoutMs: 10_000 });
    await form.getByText('name must be snake_case (a-z, 0-9, _)', { exact: false }).first().waitFor();
    expect((await tenant.api.get('/api/v1/http-tools')).body).toEqual([]);
    await shot(page, 'http-form-en-light');

    await name.fill('get_order_status');
    await form.getByRole('button', { name: 'Create HTTP tool' }).click();
    const card = page.getByRole('article', { name: 'get_order_status' });
    await card.waitFor();
    await form.waitFor({ state: 'detached' });
    // The secret is listed by name only, never its value, in the page or the API.
    await card.getByText('Authorization: stored').waitFor();
    expect(await page.content()).not.toContain(TOKEN);
    expect(JSON.stringify((await tenant.api.get('/api/v1/http-tools')).body)).not.toContain(TOKEN);

    await card.getByRole('button', { name: 'Test' }).click();
    await card.getByRole('textbox', { name: 'orderId' }).fill('A-1001');
    await card.getByRole('button', { name: 'Send test request' }).click();
    const request = card.getByRole('region', { name: 'Request sent' });
    await expect(request.getByTestId('request-line').textContent()).resolves.toBe(`GET http://127.0.0.1:${orders.port}/orders/A-1001`);
    await request.getByRole('table', { name: 'Request headers' }).getByRole('row', { name: /Authorization \[secret\]/ }).waitFor();
    const response = card.getByRole('region', { name: 'Response received' });
    expect(await response.getByTestId('response-status').textContent()).toBe('HTTP 200');
    expect(JSON.parse((await response.getByTestId('response-body').textContent()) ?? '')).toEqual({ id: 'A-1001', status: 'shipped', delivery: { eta: '2026-12-09' } });
    await response.getByRole('table', { name: 'Response headers' }).getByRole('row', { name: /x-shop bakery/ }).waitFor();
    // What the page showed is what the shop received: with the real token.
    expect(orders.seen.at(-1)).toMatchObject({ method: 'GET', url: '/orders/A-1001', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) });

    expect(await axeViolations(page)).toEqual([]);
    expect(await overflowing(page)).toEqual([]);
    await shot(page, 'http-en-light');

    // Edited in place: the stored secret is kept while its field stays empty, and still sent.
    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit get_order_status' });
    expect(await edit.getByRole('textbox', { name: /^Name/ }).getAttribute('readonly')).not.toBeNull();
    const secret = edit.getByLabel('Header 1 value');
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toBe('stored – leave empty to keep');
    await edit.getByRole('textbox', { name: 'Description', exact: true }).fill('Look up an order and when it will be delivered.');
    await edit.getByRole('button', { name: 'Add header' }).click();
    await edit.getByLabel('Header 2 name').fill('X-Source');
    await edit.getByLabel('Header 2 value').fill('dashboard');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await card.getByText('Look up an order and when it will be delivered.').waitFor();
    await card.getByText('X-Source: dashboard').waitFor();
    await card.getByRole('button', { name: 'Test' }).click();
    await card.getByRole('textbox', { name: 'orderId' }).fill('A-1002');
    await card.getByRole('button', { name: 'Send test request' }).click();
    await card.getByTestId('request-line').filter({ hasText: 'A-1002' }).waitFor();
    expect(orders.seen.at(-1)).toMatchObject({ url: '/orders/A-1002', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}`, 'x-source': 'dashboard' }) });
    expect(await axeViolations(page)).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
  });

  it('creates a data table, previews a CSV before loading it, shows a refused load naming row and column, then upserts JSON by key (English, dark)', async () => {
    const { page } = await open('en', 'dark', 'admin', '/tools/data');
    await page.getByRole('button', { name: 'New data table' }).click();
    const form = page.getByRole('form', { name: 'New data table' });
    await form.getByRole('textbox', { name: /^Name/ }).fill('products');
    await form.getByLabel('Column 1 name').fill('sku');
    await form.getByRole('button', { name: 'Add column' }).click();
    await form.getByLabel('Column 2 name').fill('name');
    await form.getByRole('button', { name: 'Add column' }).click();
    await form.getByLabel('Column 3 name').fill('price');
    await form.getByLabel('Column 3 type', { exact: true }).click();
    await page.getByRole('option', { name: 'Number' }).click();
    await form.getByLabel('Key column', { exact: true }).click();
    await page.getByRole('option', { name: 'sku' }).click();
    await form.getByRole('button', { name: 'Create table' }).click();
    await page.getByRole('heading', { name: 'Table products' }).waitFor();
    expect((await tenant.api.get('/api/v1/data-tables')).body).toEqual([expect.objectContaining({ name: 'products', key: 'sku', rowCount: 0 })]);

    const csv = 'sku,name,price\nB-1,Roggenbrot,4.2\nB-2,"Brezel, groß",1.1\nB-3,Semmel,0.5\n';
    await page.locator('input[type=file]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = page.getByRole('region', { name: 'Preview of the file' });
    await preview.getByText('CSV file with 3 rows (first 3 shown)').waitFor();
    await preview.getByRole('cell', { name: 'Brezel, groß' }).waitFor();
    // Previewing loads nothing.
    expect((await tenant.api.get('/api/v1/data-tables/products/rows')).body).toEqual([]);
    await page.getByRole('button', { name: 'Replace with 3 rows' }).click();
    await page.getByText('Loaded. The table now has 3 rows.').waitFor();
    const stored = page.getByRole('region', { name: 'Stored rows of products' });
    await stored.getByRole('cell', { name: 'Roggenbrot' }).waitFor();

    // A value of the wrong type: the server refuses the whole load naming row and column, and nothing changes.
    await page.locator('input[type=file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('sku,name,price\nB-9,Kuchen,teuer\n') });
    await page.getByRole('button', { name: 'Replace with 1 row' }).click();
    await page.getByRole('alert').filter({ hasText: 'rows.0.price' }).waitFor();
    expect((await tenant.api.get('/api/v1/data-tables/products/rows')).body).toHaveLength(3);

    await choose(page, 'Update by key');
    const json = JSON.stringify([{ sku: 'B-1', name: 'Roggenbrot', price: 4.5 }, { sku: 'B-4', name: 'Laugenstange', price: 1.3 }]);
    await page.locator('input[type=file]').setInputFiles({ name: 'update.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await page.getByRole('button', { name: 'Update 2 rows' }).click();
    await page.getByText('Loaded. The table now has 4 rows.').waitFor();
    await stored.getByRole('cell', { name: 'Laugenstange' }).waitFor();
    const rows = (await tenant.api.get('/api/v1/data-tables/products/rows')).body;
    expect(rows).toHaveLength(4);
    expect(rows.find((r: { sku: string }) => r.sku === 'B-1').price).toBe(4.5);

    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'data-en-dark');
    expect(pageProblems(page)).toEqual([]);
  });

  it('sets working hours in the week grid and blocked dates, names a wrong range, copies the iCal link, lists the booking and cancels it (German, light)', async () => {
    const { context, page } = await open('de', 'light', 'admin', '/tools/calendars');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByRole('heading', { name: 'Tools & Daten', level: 1 }).waitFor();
    const upcoming = page.getByRole('region', { name: 'Anstehende Buchungen' });
    await upcoming.getByRole('cell', { name: 'Lena Schmidt', exact: true }).waitFor();
    await upcoming.getByRole('cell', { name: 'lena@example.org' }).waitFor();

    const grid = page.getByRole('table', { name: 'Arbeitszeiten pro Wochentag' });
    // A range that ends before it starts is refused by the server, and the day is named.
    await grid.getByLabel('Montag von (1)').fill('12:00');
    await grid.getByLabel('Montag bis (1)').fill('08:00');
    await page.getByRole('button', { name: 'Regeln speichern' }).click();
    await grid.getByRole('row', { name: /Montag/ }).getByRole('alert').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'workingHours.mon' }).count()).toBeGreaterThan(0);

    await grid.getByLabel('Montag von (1)').fill('08:00');
    await grid.getByLabel('Montag bis (1)').fill('12:00');
    await grid.getByRole('button', { name: 'Zeiten hinzufügen: Montag' }).click();
    await grid.getByLabel('Montag von (2)').fill('13:00');
    await grid.getByLabel('Montag bis (2)').fill('18:00');
    await page.getByRole('button', { name: 'Montag auf Dienstag–Freitag übertragen' }).click();
    await grid.getByRole('button', { name: 'Zeiten 1 am Samstag entfernen' }).click();
    await grid.getByRole('button', { name: 'Zeiten 1 am Sonntag entfernen' }).click();
    // Typed the German way; the field reads it as a day.
    await page.getByRole('textbox', { name: 'Zu sperrender Tag' }).fill('24.12.2026');
    await page.getByRole('button', { name: 'Tag sperren' }).click();
    await page.getByRole('button', { name: 'Regeln speichern' }).click();
    await page.getByText('Gespeichert. Neue Termine folgen diesen Regeln', { exact: false }).waitFor();

    const office = [['08:00', '12:00'], ['13:00', '18:00']];
    const calendar = (await tenant.api.get('/api/v1/calendars')).body[0];
    expect(calendar.workingHours).toEqual({ mon: office, tue: office, wed: office, thu: office, fri: office });
    expect(calendar.blockedDates).toEqual(['2026-12-24']);
    await page.getByRole('listitem').filter({ hasText: '24.12.2026' }).waitFor();
    // The booking made before stays, though Saturday and Sunday are now closed.
    expect((await tenant.api.get(`/api/v1/calendars/${tenant.calendarId}/bookings`)).body[0].status).toBe('booked');

    await page.getByRole('button', { name: 'Link kopieren' }).click();
    await page.getByRole('button', { name: 'Kopiert' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(calendar.icsUrl);
    const feed = await fetch(`${server.url}${new URL(calendar.icsUrl).pathname}`);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');

    expect(await axeViolations(page)).toEqual([]);
    expect(await overflowing(page)).toEqual([]);
    await shot(page, 'calendars-de-light');

    // Cancelling a customer's booking takes a second click that says what it does.
    await upcoming.getByRole('button', { name: /^Stornieren: Lena Schmidt/ }).click();
    await upcoming.getByRole('button', { name: 'Buchung stornieren' }).click();
    await upcoming.getByText('Keine anstehenden Buchungen.').waitFor();
    expect((await tenant.api.get(`/api/v1/calendars/${tenant.calendarId}/bookings`)).body[0].status).toBe('cancelled');
    expect(pageProblems(page)).toEqual([]);
  });

  it('lets an agent complete a callback task, which then shows as done (German, dark)', async () => {
    const { page } = await open('de', 'dark', 'agent', '/tools/tasks');
    const task = (await tenant.api.get('/api/v1/tasks?status=open')).body[0];
    const table = page.getByRole('region', { name: 'Aufgaben' });
    await table.getByText(task.title).waitFor();
    await table.getByText('Thema: Rechnung 4711', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'tasks-de-dark');
    await table.getByRole('button', { name: `Erledigt: ${task.title}` }).click();
    await page.getByText('Keine offenen Aufgaben.', { exact: false }).waitFor();
    expect((await tenant.api.get(`/api/v1/tasks?status=done`)).body.map((t: { id: string }) => t.id)).toEqual([task.id]);
    await choose(page, 'Erledigt');
    await page.waitForURL(/status=done/);
    await page.getByRole('region', { name: 'Aufgaben' }).getByText(task.title).waitFor();
    expect(pageProblems(page)).toEqual([]);
  });

  it('fits a phone (375 px): tabs, week grid and tables stay inside the screen or scroll in their own box (German, dark)', async () => {
    const { context, page } = await (async () => {
      const made = await newPage(browser, { language: 'de', theme: 'dark', width: 375, height: 812 });
      await signIn(made.page, server.url, tenant.operators.admin.email, tenant.operators.admin.password);
      return made;
    })();
    for (const tab of ['calendars', 'http', 'data', 'tasks']) {
      await page.goto(`${server.url}/tools/${tab}`);
      await page.getByRole('heading', { name: 'Tools & Daten', level: 1 }).waitFor();
      await page.getByRole('tabpanel').locator('table, article, p').first().waitFor();
      expect({ tab, overflowing: await overflowing(page) }).toEqual({ tab, overflowing: [] });
      if (tab === 'calendars') await shot(page, 'calendars-375-de-dark');
      // A visually hidden header inside a scrolling table must not widen the page (it is positioned in its cell).
      expect({ tab, width: await page.evaluate('document.documentElement.scrollWidth') }).toEqual({ tab, width: 375 });
    }
    await context.close();
  });

  it('shows a viewer everything read-only: no create, test, save, feed link or task buttons; tabs follow the keyboard and the URL (English, dark)', async () => {
    const { page } = await open('en', 'dark', 'viewer', '/tools');
    const catalogue = page.getByRole('region', { name: 'Tool catalogue' });
    await catalogue.getByRole('cell', { name: 'book_appointment' }).waitFor();
    await catalogue.getByRole('cell', { name: /^get_order_status/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'catalogue-en-dark');

    // Arrow keys move between tabs and the URL follows, so each tab can be linked.
    await page.getByRole('tab', { name: 'Tool catalogue' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/tools\/http$/);
    await page.getByRole('article', { name: 'get_order_status' }).waitFor();
    expect(await page.getByRole('button', { name: 'New HTTP tool' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Test' }).count()).toBe(0);

    await page.goto(`${server.url}/tools/data`);
    await page.getByRole('heading', { name: 'Table products' }).waitFor();
    expect(await page.getByRole('button', { name: 'New data table' }).count()).toBe(0);
    expect(await page.locator('input[type=file]').count()).toBe(0);

    await page.goto(`${server.url}/tools/calendars`);
    await page.getByText('The subscription link is a credential, so only admins see it.').waitFor();
    expect(await page.getByRole('button', { name: 'Save rules' }).count()).toBe(0);
    expect(await page.getByLabel('Monday from (1)').isDisabled()).toBe(true);
    expect(await page.content()).not.toContain('.ics');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/tools/tasks?status=done`);
    await page.getByRole('region', { name: 'Tasks' }).getByText('Call back +4915123456789: Rechnung 4711').waitFor();
    expect(await page.getByRole('button', { name: /^Complete/ }).count()).toBe(0);

    await page.goto(`${server.url}/tools/nonsense`);
    await page.getByRole('heading', { name: '404' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  });
});
