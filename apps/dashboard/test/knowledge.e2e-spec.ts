import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, text } from '@confab/testing';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '@confab/server-test-support';
import { axeViolations, launchBrowser, newPage, overflowing, pageProblems, signIn } from './support/browser';
import { startDashboardServer } from './support/dashboard-server';
import { dropFiles, knowledgeFixture, seedKnowledgeTenant, shot, type KnowledgeTenant } from './support/knowledge-seed';

/**
 * The Knowledge pages in a real browser against the real server: the embeddings come from the loopback OpenAI
 * (a hashed bag of words, so shared words mean a higher score) and the vectors go to the embedded store.
 */
describe('dashboard: Knowledge', () => {
  let server: TestServer;
  let browser: Browser;
  let tenant: KnowledgeTenant;
  let other: KnowledgeTenant;
  let kbId = '';
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    // Attempts enough that a held embedding request (test 1) cannot exhaust them before it is released.
    server = await startDashboardServer({ knowledge: { ingestion: { attempts: 20, backoffMs: 50 } } });
    site = await startHelpSite();
    tenant = await seedKnowledgeTenant(server, 'main');
    other = await seedKnowledgeTenant(server, 'other');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await site?.close();
  });

  const open = async (opts: { language: 'de' | 'en'; theme?: 'light' | 'dark'; as?: 'admin' | 'viewer'; path: string; width?: number }) => {
    const { context, page } = await newPage(browser, { language: opts.language, theme: opts.theme ?? 'light', width: opts.width });
    const who = tenant.operators[opts.as ?? 'admin'];
    await signIn(page, server.url, who.email, who.password);
    await page.goto(`${server.url}${opts.path}`);
    return { context, page };
  };
  const rowOf = (page: Page, id: string) => page.locator(`tr[data-document-id="${id}"]`);
  const helpDoc = async () => ((await tenant.api.get(`/api/v1/knowledge-bases/${kbId}/documents`)).body as Array<{ title: string; filename: string | null; status: string; indexedAt: string; chunkCount: number }>).find((d) => d.filename === 'harbor-bikes-help.md')!;
  const docRow = (page: Page, title: string) => page.getByRole('table', { name: /^(Documents|Dokumente)$/ }).getByRole('row').filter({ hasText: title });

  it('says what to do when there is no knowledge yet, creates a knowledge base, and uploads several files by drag and drop until they are indexed (English)', async () => {
    const { context, page } = await open({ language: 'en', path: '/knowledge' });
    await page.getByRole('heading', { level: 1, name: 'Knowledge' }).waitFor();
    await page.getByRole('heading', { name: 'No knowledge bases yet' }).waitFor();
    await page.getByText(/Create a knowledge base, then upload documents/).waitFor();
    await page.getByText(/No open questions/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'knowledge-empty-en-light');

    // Create: a missing name is refused at the field, in the browser, before anything is sent.
    await page.getByRole('button', { name: 'Create a knowledge base' }).click();
    const dialog = page.getByRole('dialog', { name: 'New knowledge base' });
    // The dialog opens with the focus in its first field.
    await eventually(async () => expect(await page.evaluate('document.activeElement?.id')).toBe(await dialog.getByLabel('Name').getAttribute('id')));
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Enter a name').waitFor();
    await dialog.getByLabel('Description').fill('Opening hours, repairs and rentals');
    // By keyboard: the name field, then Enter submits.
    await dialog.getByLabel('Name').focus();
    await page.keyboard.type('Help centre');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/);
    kbId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { level: 1, name: 'Help centre' }).waitFor();
    await page.getByText('No documents yet. Drop files above or add a web page.').waitFor();
    expect((await tenant.api.get(`/api/v1/knowledge-bases/${kbId}`)).body).toMatchObject({ name: 'Help centre', description: 'Opening hours, repairs and rentals' });

    // The embedding server holds its answer, so the document stays in indexing long enough to be seen doing so.
    server.openai.respondWith((req) => (req.path === '/embeddings' ? { kind: 'hang' } : undefined));
    await dropFiles(page, page.getByRole('group', { name: 'Drag files here' }), [
      { name: 'harbor-bikes-help.md', type: 'text/markdown', data: knowledgeFixture('harbor-bikes-help.md') },
      { name: 'harbor-bikes-locked.pdf', type: 'application/pdf', data: knowledgeFixture('harbor-bikes-locked.pdf') },
    ]);
    await page.getByRole('status').getByText('harbor-bikes-help.md').waitFor();
    await page.getByRole('status').getByText('harbor-bikes-locked.pdf').waitFor();
    const help = docRow(page, 'harbor-bikes-help.md');
    await help.getByRole('progressbar', { name: /^Indexing progress of / }).waitFor();
    expect(await help.getByText(/^(Queued|Indexing)$/).count()).toBe(1);
    await page.getByText(/being indexed/).first().waitFor();
    await shot(page, 'knowledge-indexing-en-light');

    // The PDF cannot be read at all: it fails at once and says why, in words.
    const locked = docRow(page, 'harbor-bikes-locked.pdf');
    await locked.getByText('Failed').waitFor({ timeout: 20_000 });
    expect((await locked.innerText()).toLowerCase()).toMatch(/encrypt|password/);

    // Once the embedding server answers again the job's retry succeeds and the list, polling, shows it ready.
    server.openai.respondWith(undefined);
    await help.getByText('Ready').waitFor({ timeout: 45_000 });
    expect(await help.getByRole('progressbar').count()).toBe(0);
    const doc = await helpDoc();
    // The title comes from the Markdown's front matter; the file name stays beside it.
    expect(doc.title).toBe('Harbor Bikes Help Centre');
    expect(doc.chunkCount).toBeGreaterThan(0);
    await help.getByRole('cell', { name: String(doc.chunkCount), exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('searches the knowledge base and shows the ranked chunks with their scores against the threshold', async () => {
    const { context, page } = await open({ language: 'en', path: `/knowledge/${kbId}` });
    await docRow(page, 'harbor-bikes-help.md').getByText('Ready').waitFor();
    const search = page.getByRole('search', { name: 'Try a search' });
    await search.getByLabel('Question').fill('When is the shop on Quay Street open on Saturday?');
    await search.getByLabel('Question').press('Enter');
    const hits = page.getByRole('list', { name: 'Ranked chunks' }).getByRole('listitem');
    await hits.first().waitFor();
    // The same search through the API: the page shows its ranking and its scores, in that order.
    const api = (await tenant.api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'When is the shop on Quay Street open on Saturday?', topK: 4 })).body;
    expect(api.items.length).toBeGreaterThan(0);
    expect(await hits.count()).toBe(api.items.length);
    const first = await hits.first().innerText();
    expect(first).toContain('Opening hours');
    expect(first).toContain('Saturday from 9:00 to 17:00');
    const scores = (await page.getByTestId('hit-score').allInnerTexts()).map((s) => Number(s.replace(/^score /, '')));
    expect(scores).toHaveLength(api.items.length);
    api.items.forEach((h: { score: number }, i: number) => expect(Math.abs(scores[i] - h.score)).toBeLessThanOrEqual(0.0005));
    // Ranked: best first.
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    await page.getByTestId('search-summary').getByText(/threshold 0\.3/).waitFor();

    // With words matched as well, chunks that share only words with the question join the ranking (fused order).
    const broad = 'Saturday opening hours, workshop prices and repairs';
    await search.getByLabel('Question').fill(broad);
    await search.getByLabel('Also match words').check();
    await search.getByRole('button', { name: 'Search' }).click();
    const hybrid = (await tenant.api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: broad, topK: 4, hybrid: true })).body;
    expect(hybrid.items.length).toBeGreaterThan(1);
    await eventually(async () => expect(await hits.count()).toBe(hybrid.items.length));
    const titles = await hits.evaluateAll((items) => items.map((li) => li.textContent ?? ''));
    hybrid.items.forEach((h: { text: string }, i: number) => expect(titles[i]).toContain(h.text.slice(0, 40)));
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'knowledge-search-en-light');

    // A question the documents do not cover: nothing reaches the threshold, and the page says how close it came.
    await search.getByLabel('Question').fill('gift vouchers');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/Nothing reached the threshold: the closest chunk scored/).waitFor();
    await context.close();
  });

  it('lists the unanswered questions grouped and resolves one with "add an answer" (German, dark)', async () => {
    const assistant = await tenant.api.post('/api/v1/assistants', {
      name: 'Laden-Hilfe', systemPrompt: 'Du hilfst Kunden von Harbor Bikes.', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId], retrieval: { scoreThreshold: 0.9 },
    });
    expect(assistant.status).toBe(201);
    server.openai.respondWith((req) => (req.path === '/chat/completions' ? text("I'm sorry, I don't know that.") : undefined));
    for (const q of ['Do you sell gift cards?', 'do you sell gift cards', 'Is there parking near the shop?']) {
      const chat = await tenant.api.post(`/api/v1/assistants/${assistant.body.id}/test-chats`, {});
      expect((await tenant.api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: q })).status).toBe(202);
    }
    const gaps = await eventually(async () => {
      const list = (await tenant.api.get('/api/v1/knowledge-gaps')).body as Array<{ id: string; question: string; count: number }>;
      expect(list.map((g) => [g.question, g.count])).toEqual([['Do you sell gift cards?', 2], ['Is there parking near the shop?', 1]]);
      return list;
    }, { timeoutMs: 30_000 });
    server.openai.respondWith(undefined);

    const { context, page } = await open({ language: 'de', theme: 'dark', path: '/knowledge' });
    await page.getByRole('heading', { level: 1, name: 'Wissen' }).waitFor();
    const list = page.getByRole('list', { name: 'Unbeantwortete Fragen' });
    await list.getByText('Do you sell gift cards?', { exact: true }).waitFor();
    await list.getByText('2-mal gefragt').waitFor();
    await list.getByText('einmal gefragt').waitFor();
    await list.getByText(/Laden-Hilfe · zuletzt/).first().waitFor();
    await page.getByRole('table', { name: 'Wissensdatenbanken' }).getByRole('link', { name: 'Help centre' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'knowledge-list-de-dark');

    await page.getByRole('button', { name: 'Antwort hinzufügen: Do you sell gift cards?' }).click();
    const dialog = page.getByRole('dialog', { name: 'Antwort hinzufügen' });
    // The knowledge base the asking assistant searches is chosen for the answer.
    expect(await dialog.getByLabel(/^Wissensdatenbank/).inputValue()).toBe('Help centre (vom Assistenten genutzt)');
    expect(await dialog.getByLabel(/^Frage/).inputValue()).toBe('Do you sell gift cards?');
    await dialog.getByRole('button', { name: 'Antwort speichern' }).click();
    await dialog.getByText('Schreiben Sie die Antwort').waitFor();
    await dialog.getByLabel(/^Antwort( \*)?$/).fill('Yes: gift cards from 10 to 200 euros are sold in the shop on Quay Street.');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'knowledge-answer-de-dark');
    await dialog.getByRole('button', { name: 'Antwort speichern' }).click();
    await page.getByRole('status').getByText('Antwort auf „Do you sell gift cards?“ gespeichert. Sie wird indexiert.').waitFor();
    await eventually(async () => expect(await list.getByText('Do you sell gift cards?', { exact: true }).count()).toBe(0));
    await list.getByText('Is there parking near the shop?', { exact: true }).waitFor();

    // The answer is a document of that knowledge base, and the question is resolved by it.
    const resolved = (await tenant.api.get('/api/v1/knowledge-gaps?status=resolved')).body;
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ id: gaps[0].id, status: 'resolved', resolvedByDocumentId: expect.any(String) });
    const doc = (await tenant.api.get(`/api/v1/knowledge-bases/${kbId}/documents/${resolved[0].resolvedByDocumentId}`)).body;
    expect(doc).toMatchObject({ title: 'Do you sell gift cards?', source: 'text' });
    // It is searchable once indexed: the next customer gets the answer.
    await eventually(async () => {
      const hit = (await tenant.api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'Do you sell gift cards?', topK: 1 })).body.items[0];
      expect(hit?.documentTitle).toBe('Do you sell gift cards?');
    }, { timeoutMs: 20_000 });

    // Dismissing takes a question off the list without an answer.
    await page.getByRole('button', { name: 'Verwerfen: Is there parking near the shop?' }).click();
    await page.getByText(/Keine offenen Fragen/).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('shows a viewer the documents and the search, without upload, re-index, delete or answers (German)', async () => {
    const { context, page } = await open({ language: 'de', as: 'viewer', path: `/knowledge/${kbId}` });
    await page.getByRole('heading', { level: 1, name: 'Help centre' }).waitFor();
    await docRow(page, 'harbor-bikes-help.md').getByText('Bereit').waitFor();
    await docRow(page, 'harbor-bikes-locked.pdf').getByText('Fehlgeschlagen').waitFor();
    expect(await page.getByRole('group', { name: 'Dateien hierher ziehen' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Dateien auswählen' }).count()).toBe(0);
    expect(await page.getByLabel('Webseite').count()).toBe(0);
    expect(await page.getByRole('button', { name: /löschen|neu indexieren|Einstellungen/i }).count()).toBe(0);
    // Reading includes trying a search.
    await page.getByRole('search').getByLabel('Frage').fill('Öffnungszeiten Saturday');
    await page.getByRole('search').getByRole('button', { name: 'Suchen' }).click();
    await page.getByTestId('search-summary').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'knowledge-detail-viewer-de-light');

    await page.goto(`${server.url}/knowledge`);
    await page.getByRole('table', { name: 'Wissensdatenbanken' }).waitFor();
    expect(await page.getByRole('button', { name: /Neue Wissensdatenbank|Aktionen für/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Antwort hinzufügen/ }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('edits the settings, warns before re-indexing, and adds a URL document with a crawl depth (English, dark)', async () => {
    const { context, page } = await open({ language: 'en', theme: 'dark', path: `/knowledge/${kbId}` });
    await page.getByRole('heading', { level: 1, name: 'Help centre' }).waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Knowledge base settings' });
    await dialog.getByLabel('Chunk size (tokens)').fill('10');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Enter a whole number from 64 to 2000').waitFor();
    await dialog.getByLabel('Chunk size (tokens)').fill('200');
    await dialog.getByText(/Saving re-indexes every document/).waitFor();
    await dialog.getByLabel('Name').fill('Help centre (EN)');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Help centre (EN)' }).waitFor();
    expect((await tenant.api.get(`/api/v1/knowledge-bases/${kbId}`)).body).toMatchObject({ name: 'Help centre (EN)', chunkTokens: 200 });

    // A URL: checked in the browser, then fetched by the server with its crawl depth (the test server allows
    // 127.0.0.1 as an outbound host, so a loopback site stands in for the customer's help pages).
    const url = page.getByLabel('Web page');
    await url.fill('not a url');
    await page.getByRole('button', { name: 'Add page' }).click();
    await page.getByText('Enter a full web address starting with https:// or http://').waitFor();
    await url.fill(`${site.url}/rentals`);
    await page.getByLabel('Crawl depth').fill('1');
    await page.getByRole('button', { name: 'Add page' }).click();
    await page.getByText('Added; the page is fetched and indexed.').waitFor();
    const docs = await eventually(async () => {
      const list = (await tenant.api.get(`/api/v1/knowledge-bases/${kbId}/documents`)).body as Array<{ id: string; url: string | null; crawlDepth: number; status: string; parentDocumentId: string | null }>;
      const parent = list.find((d) => d.url === `${site.url}/rentals`);
      const child = list.find((d) => d.url === `${site.url}/rentals/tandems`);
      expect(parent).toMatchObject({ crawlDepth: 1, status: 'ready' });
      expect(child).toMatchObject({ status: 'ready', parentDocumentId: parent!.id });
      return { parent: parent!, child: child! };
    }, { timeoutMs: 30_000 });
    await rowOf(page, docs.parent.id).getByText('Ready').waitFor();
    await rowOf(page, docs.child.id).getByText('Ready').waitFor();
    await rowOf(page, docs.child.id).getByText(/found on/).waitFor();
    // A page that is gone fails, and says so.
    await url.fill(`${site.url}/gone`);
    await page.getByLabel('Crawl depth').fill('0');
    await page.getByRole('button', { name: 'Add page' }).click();
    const gone = rowOf(page, await eventually(async () => {
      const d = ((await tenant.api.get(`/api/v1/knowledge-bases/${kbId}/documents`)).body as Array<{ id: string; url: string | null }>).find((x) => x.url === `${site.url}/gone`);
      expect(d).toBeDefined();
      return d!.id;
    }));
    await gone.getByText('Failed').waitFor({ timeout: 30_000 });
    expect(await gone.innerText()).toMatch(/404/);

    // Re-index one document from its row; then delete it after a confirmation.
    const help = docRow(page, 'harbor-bikes-help.md');
    await help.getByText('Ready').waitFor({ timeout: 30_000 });
    const before = await helpDoc();
    await help.getByRole('button', { name: 'Index Harbor Bikes Help Centre again' }).click();
    await eventually(async () => {
      const now = await helpDoc();
      expect(now.status).toBe('ready');
      expect(new Date(now.indexedAt).getTime()).toBeGreaterThan(new Date(before.indexedAt).getTime());
    }, { timeoutMs: 30_000 });
    await help.getByText('Ready').waitFor();
    await docRow(page, 'harbor-bikes-locked.pdf').getByRole('button', { name: 'Delete harbor-bikes-locked' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “harbor-bikes-locked”?' });
    await confirm.getByText(/assistants stop answering from it at once/).waitFor();
    await confirm.getByRole('button', { name: 'Delete document' }).click();
    await eventually(async () => expect(await docRow(page, 'harbor-bikes-locked.pdf').count()).toBe(0));
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflowing(page)).toEqual([]);
    await shot(page, 'knowledge-detail-en-dark');
    await context.close();
  });

  it("keeps tenants apart: another tenant's knowledge base is not found and not listed", async () => {
    const otherKb = (await other.api.post('/api/v1/knowledge-bases', { name: 'Secret recipes' })).body.id as string;
    const { context, page } = await open({ language: 'en', path: `/knowledge/${otherKb}` });
    await page.getByRole('alert').getByText('This knowledge base does not exist. It may have been deleted.').waitFor();
    expect(await page.getByText('Secret recipes').count()).toBe(0);
    await page.goto(`${server.url}/knowledge`);
    await page.getByRole('table', { name: 'Knowledge bases' }).waitFor();
    expect(await page.getByText('Secret recipes').count()).toBe(0);
    await context.close();
  });

  it('deletes a knowledge base after a warning that names the assistants using it', async () => {
    const { context, page } = await open({ language: 'en', path: '/knowledge', width: 390 });
    await page.getByRole('table', { name: 'Knowledge bases' }).waitFor();
    expect(await overflowing(page)).toEqual([]);
    // The wide table scrolls inside its box; nothing in it (not even its visually hidden header) widens the page.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Actions for Help centre (EN)' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Help centre (EN)”?' });
    await dialog.getByText(/deleted for good/).waitFor();
    await dialog.getByText('This assistant uses it and will lose it:').waitFor();
    await dialog.getByText('Laden-Hilfe').waitFor();
    // The action menu closes as the dialog opens; axe looks once it is gone (an emptied, closing menu is not a menu).
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'knowledge-delete-en-light-phone', undefined, false);
    await dialog.getByRole('button', { name: 'Delete knowledge base' }).click();
    await page.getByRole('heading', { name: 'No knowledge bases yet' }).waitFor();
    expect((await tenant.api.get(`/api/v1/knowledge-bases/${kbId}`)).status).toBe(404);
    expect(await overflowing(page)).toEqual([]);
    await context.close();
  });
});

/** A tiny help site on loopback: a rentals page linking to a tandems page, and nothing else (404). */
async function startHelpSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const pages: Record<string, string> = {
    '/rentals': '<html><head><title>Rentals</title></head><body><main><h1>Rentals</h1><p>City bikes rent for 15 euros a day at the Quay Street desk.</p><a href="/rentals/tandems">Tandems</a></main></body></html>',
    '/rentals/tandems': '<html><head><title>Tandems</title></head><body><main><h1>Tandems</h1><p>Tandems rent for 30 euros a day; book a day ahead.</p></main></body></html>',
  };
  const srv = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? '<html><body><h1>Not found</h1></body></html>');
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => srv.close(() => resolve())) };
}
