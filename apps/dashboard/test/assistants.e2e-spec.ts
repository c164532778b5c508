import { text } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import { createTenant, type ApiClient, type TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, overflowing, pageProblems, screenshot, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';

/**
 * The assistants pages against the real server: a tool's settings form generated from its JSON Schema, errors at the
 * field, duplicate, disable, and "try it" with an unsaved draft that the (loopback) model really receives.
 */
describe('dashboard: assistants', () => {
  let server: TestServer;
  let browser: Browser;
  let api: ApiClient;
  let frontDeskId: string;
  const admin = { email: 'admin-assist@example.com', password: 'pw-admin-assist-long-enough' };
  const agent = { email: 'agent-assist@example.com', password: 'pw-agent-assist-long-enough' };
  const viewer = { email: 'viewer-assist@example.com', password: 'pw-viewer-assist-long-enough' };

  beforeAll(async () => {
    server = await startDashboardServer();
    ({ api } = await createTenant(server.url, server.platformKey, 'Bäckerei Schmidt'));
    frontDeskId = (await api.post('/api/v1/assistants', { name: 'Front desk', systemPrompt: 'You greet guests.', model: 'gpt-4o-mini' })).body.id;
    expect((await api.post('/api/v1/channels', { type: 'api', assistantId: frontDeskId })).status).toBe(201);
    for (const [who, role, name] of [[admin, 'admin', 'Ada Admin'], [agent, 'agent', 'Aron Agent'], [viewer, 'viewer', 'Vera Viewer']] as const) {
      expect((await api.post('/api/v1/operators', { ...who, name, role })).status).toBe(201);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  const assistantsNamed = async (name: string) => ((await api.get('/api/v1/assistants')).body as Array<{ id: string; name: string; enabled: boolean; systemPrompt: string; tools: unknown[] }>).filter((a) => a.name === name);
  const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

  it('creates an assistant whose tool settings come from the schema, shows a bad value at its field, tries the draft, duplicates and disables', async () => {
    const { page } = await newPage(browser, { language: 'en', theme: 'light' });
    await signIn(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/assistants`);
    await page.getByRole('heading', { name: 'Assistants', level: 1 }).waitFor();
    await row(page, 'Front desk').getByText('1 channel').waitFor();
    await page.getByRole('link', { name: 'New assistant' }).click();
    await page.getByRole('heading', { name: 'New assistant', level: 1 }).waitFor();

    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Bakery helper');
    await page.getByLabel('System prompt').fill('You are the assistant of Bäckerei Schmidt.');
    // request_callback's form is generated from GET /api/v1/tools' configSchema: no dashboard code knows its fields.
    await page.getByRole('switch', { name: 'Use request_callback' }).check();
    const settings = page.getByRole('group', { name: 'Settings of request_callback' });
    await settings.getByLabel('Default country').fill('Germany');
    await page.getByRole('button', { name: 'Create assistant' }).click();
    const country = settings.getByLabel('Default country');
    await settings.getByText('defaultCountry must be a two-letter country code such as DE').waitFor();
    expect(await country.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').filter({ hasText: 'Please correct the marked field.' }).waitFor();
    expect(await assistantsNamed('Bakery helper')).toEqual([]);

    await country.fill('DE');
    await page.getByRole('button', { name: 'Create assistant' }).click();
    await page.getByRole('heading', { name: 'Assistant Bakery helper', level: 1 }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await api.get(`/api/v1/assistants/${id}`)).body).toMatchObject({ name: 'Bakery helper', enabled: true, tools: [{ name: 'request_callback', config: { defaultCountry: 'DE' } }] });
    await page.getByText('All changes saved.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'assistants-edit-en-light');
    await page.getByRole('heading', { name: 'Knowledge', level: 2 }).scrollIntoViewIfNeeded();
    await screenshot(page, 'assistants-edit-tools-en-light');

    // Try it: the test chat answers with the prompt as it is in the form, not as it is stored.
    await page.getByLabel('System prompt').fill('DRAFT: you answer like a pirate.');
    await page.getByRole('status').filter({ hasText: 'Unsaved changes' }).waitFor();
    server.openai.enqueue(text('Arr, fresh bread every morning!'));
    await page.getByRole('button', { name: 'Try unsaved changes' }).click();
    const drawer = page.getByRole('dialog', { name: 'Trying Bakery helper' });
    await drawer.getByLabel('Message', { exact: true }).fill('When do you open?');
    await drawer.getByRole('button', { name: 'Send' }).click();
    await drawer.getByText('Arr, fresh bread every morning!').waitFor({ timeout: 20_000 });
    const seen = server.openai.calls('/chat/completions').at(-1)!.body;
    expect(seen.messages[0].content).toMatch(/^DRAFT: you answer like a pirate\./);
    expect(seen.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['request_callback']);
    expect((await api.get(`/api/v1/assistants/${id}`)).body.systemPrompt).toBe('You are the assistant of Bäckerei Schmidt.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'assistants-try-en-light');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Leaving with unsaved changes asks first; keeping them stays, discarding goes.
    await page.getByRole('link', { name: 'All assistants' }).click();
    const guard = page.getByRole('dialog', { name: 'Leave without saving?' });
    await guard.getByRole('button', { name: 'Keep editing' }).click();
    await guard.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('System prompt').inputValue()).toBe('DRAFT: you answer like a pirate.');
    await page.getByRole('link', { name: 'All assistants' }).click();
    await guard.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('heading', { name: 'Assistants', level: 1 }).waitFor();

    // Search, then duplicate: the copy has every setting, starts disabled, and opens for editing.
    await page.getByLabel('Search assistants').fill('bakery');
    await row(page, 'Bakery helper').waitFor();
    expect(await row(page, 'Front desk').count()).toBe(0);
    await page.getByRole('button', { name: 'Duplicate Bakery helper' }).click();
    await page.getByRole('heading', { name: 'Assistant Bakery helper (copy)', level: 1 }).waitFor();
    const [copy] = await assistantsNamed('Bakery helper (copy)');
    expect(copy).toMatchObject({ enabled: false, systemPrompt: 'You are the assistant of Bäckerei Schmidt.', tools: [{ name: 'request_callback', config: { defaultCountry: 'DE' } }] });

    // Disable asks with a warning naming what stops; afterwards the list says so.
    await page.getByRole('link', { name: 'All assistants' }).click();
    await page.getByRole('button', { name: 'Disable Front desk' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable Front desk?' });
    await confirm.getByText(/its 1 connected channel will get no AI reply/).waitFor();
    await confirm.getByRole('button', { name: 'Disable assistant' }).click();
    await row(page, 'Front desk').getByText('Disabled', { exact: true }).waitFor();
    expect((await api.get(`/api/v1/assistants/${frontDeskId}`)).body.enabled).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'assistants-list-en-light');
    await row(page, 'Front desk').getByRole('button', { name: 'Enable Front desk' }).click();
    await row(page, 'Front desk').getByText('Enabled', { exact: true }).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('works in German and dark mode, with the field error in place', async () => {
    const { page } = await newPage(browser, { language: 'de', theme: 'dark' });
    await signIn(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/assistants`);
    await page.getByRole('heading', { name: 'Assistenten', level: 1 }).waitFor();
    await row(page, 'Front desk').getByText('1 Kanal').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'assistants-list-de-dark');
    await page.getByRole('link', { name: 'Front desk', exact: true }).click();
    await page.getByRole('heading', { name: 'Assistent Front desk', level: 1 }).waitFor();
    await page.getByText('Formatierung je Kanal').waitFor();
    // The guidance shown is that of the channel this assistant is connected to (an API channel).
    expect(await page.getByRole('combobox', { name: 'Kanal' }).inputValue()).toBe('API (verbunden)');
    const apiGuidance = (await api.get('/api/v1/channel-types')).body.find((c: { type: string }) => c.type === 'api').formattingGuidance;
    expect(await page.getByTestId('formatting-guidance').textContent()).toBe(apiGuidance);
    // Tools are switched on from the keyboard.
    const useCallback = page.getByRole('switch', { name: 'request_callback verwenden' });
    await useCallback.focus();
    await page.keyboard.press('Space');
    expect(await useCallback.isChecked()).toBe(true);
    const settings = page.getByRole('group', { name: 'Einstellungen von request_callback' });
    await settings.getByLabel('Default country').fill('Deutschland');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await settings.getByText('defaultCountry must be a two-letter country code such as DE').waitFor();
    await page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie das markierte Feld.' }).waitFor();
    expect(await settings.getByLabel('Default country').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'assistants-edit-de-dark');

    // On a phone both pages fit the width (the list's table scrolls inside its own box).
    await page.setViewportSize({ width: 375, height: 740 });
    await page.getByRole('heading', { name: 'Grundlagen', level: 2 }).scrollIntoViewIfNeeded();
    await screenshot(page, 'assistants-edit-375-de-dark');
    expect(await overflowing(page)).toEqual([]);
    await page.goto(`${server.url}/assistants`);
    await page.getByRole('heading', { name: 'Assistenten', level: 1 }).waitFor();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'assistants-list-375-de-dark');
    await page.context().close();
  });

  it('saves knowledge bases with the retrieval mode and settings, and clears a setting back to its default', async () => {
    const kb = (await api.post('/api/v1/knowledge-bases', { name: 'Opening hours' })).body.id;
    const { page } = await newPage(browser, { language: 'en', theme: 'light' });
    await signIn(page, server.url, admin.email, admin.password);
    await page.goto(`${server.url}/assistants/${frontDeskId}`);
    await page.getByRole('heading', { name: 'Assistant Front desk', level: 1 }).waitFor();
    // Picked from the keyboard: type to filter, arrow to the option, Enter.
    await page.getByRole('combobox', { name: 'Knowledge bases' }).fill('Opening');
    await page.getByRole('option', { name: 'Opening hours' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'Knowledge' }).getByText('Opening hours').waitFor();
    await page.getByRole('radio', { name: 'Search when needed' }).check();
    await page.getByLabel('Excerpts per search', { exact: true }).fill('6');
    await page.getByRole('switch', { name: 'Hybrid search' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('All changes saved.').waitFor();
    expect((await api.get(`/api/v1/assistants/${frontDeskId}`)).body).toMatchObject({ knowledgeBaseIds: [kb], retrievalMode: 'tool', retrieval: { topK: 6, hybrid: true } });

    await page.getByLabel('Excerpts per search', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('All changes saved.').waitFor();
    expect((await api.get(`/api/v1/assistants/${frontDeskId}`)).body.retrieval).toEqual({ hybrid: true });
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows agents and viewers the settings read-only; agents may still try the assistant', async () => {
    for (const [who, mayTry] of [[agent, true], [viewer, false]] as const) {
      const { page } = await newPage(browser, { language: 'en', theme: 'light' });
      await signIn(page, server.url, who.email, who.password);
      await page.goto(`${server.url}/assistants`);
      await page.getByText('You can look at the assistants; only admins can change them.').waitFor();
      expect(await page.getByRole('link', { name: 'New assistant' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Duplicate Front desk' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Front desk', exact: true }).click();
      await page.getByRole('heading', { name: 'Assistant Front desk', level: 1 }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Name', exact: true }).isDisabled()).toBe(true);
      expect(await page.getByLabel('System prompt').isDisabled()).toBe(true);
      expect(await page.getByRole('switch', { name: 'Use collect_data' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Try it' }).count()).toBe(mayTry ? 1 : 0);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    }
    // The server agrees: only admins change assistants.
    expect((await api.get(`/api/v1/assistants/${frontDeskId}`)).body.name).toBe('Front desk');
  });
});
