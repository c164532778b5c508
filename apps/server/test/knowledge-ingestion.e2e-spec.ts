import { queryDatabase, startFakeWebsite, type FakeWebsite } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { addText, createKnowledgeBase, knowledgeFixture, settled, uploadDocument } from './support/knowledge-helpers';
import { startTestServer, type TestServer } from './support/test-server';

const RETURNS = `# Returns

## Returning a bike
You can return an unused bike within 30 days of purchase for a full refund. Bring the receipt.

## Return shipping costs
Return shipping is free inside Germany; from other countries the customer pays the postage.`;

describe('knowledge bases: documents in, ranked chunks out (real PostgreSQL, Redis, LanceDB, loopback OpenAI embeddings)', () => {
  let server: TestServer;
  let api: ApiClient;
  let key: string;
  let site: FakeWebsite;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api, apiKey: key } = await createTenant(server.url, server.platformKey, 'Harbor Bikes'));
    site = await startFakeWebsite();
  });
  afterAll(async () => {
    await site?.close();
    await server?.close();
  });

  it('indexes a Markdown text document and finds its chunks with scores, heading paths and positions', async () => {
    const kbId = await createKnowledgeBase(api);
    const doc = await addText(api, kbId, 'Returns policy', RETURNS);
    expect(doc).toMatchObject({ status: 'ready', progress: 100, error: null, format: 'markdown', source: 'text' });
    expect(doc.chunkCount).toBeGreaterThanOrEqual(2);
    expect(doc.embeddingTokens).toBeGreaterThan(0);
    expect(doc.embeddingCost.micros).toBeGreaterThanOrEqual(0);

    const chunks = await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}/chunks`);
    expect(chunks.body.map((c: any) => c.headingPath)).toEqual([['Returns', 'Returning a bike'], ['Returns', 'Return shipping costs']]);
    expect(chunks.body[0].position.lineFrom).toBeGreaterThan(1);

    const search = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'return shipping costs from other countries', topK: 2, scoreThreshold: 0 });
    expect(search.status).toBe(200);
    expect(search.body.items[0]).toMatchObject({ documentId: doc.id, documentTitle: 'Returns policy', headingPath: ['Returns', 'Return shipping costs'] });
    expect(search.body.items[0].text).toContain('postage');
    expect(search.body.items[0].score).toBeGreaterThan(search.body.items[1].score);
    expect(search.body.thresholds).toEqual({ 'text-embedding-3-small': 0 });
    // The query was embedded through the real SDK against the loopback server.
    expect(server.openai.calls('/embeddings').at(-1)!.body.input).toEqual(['return shipping costs from other countries']);
    // The ledger has the indexing (with its document) and the search, both priced in integer micro-units.
    const ledger = await queryDatabase<{ document_id: string | null; prompt_tokens: number; cost_micros: string; price_ref: string }>(
      server.db.url, "select document_id, prompt_tokens, cost_micros, price_ref from usage_records where kind = 'embedding' and knowledge_base_id = $1 order by created_at", [kbId],
    );
    expect(ledger.map((r) => r.document_id)).toEqual([doc.id, null]);
    expect(ledger[0].prompt_tokens).toBe(doc.embeddingTokens);
    expect(ledger.every((r) => r.price_ref === 'text-embedding-3-small@2024-01-25')).toBe(true);
  });

  it('honours topK and the score threshold, and fuses full-text hits in hybrid mode', async () => {
    const kbId = await createKnowledgeBase(api, 'Thresholds');
    await addText(api, kbId, 'Returns policy', RETURNS);
    const strict = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'refund receipt', scoreThreshold: 0.99 });
    expect(strict.body.items).toEqual([]);
    expect(strict.body.bestScore).toBeLessThan(0.99);
    const hybrid = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'refund receipt', scoreThreshold: 0.99, hybrid: true });
    expect(hybrid.body.items.length).toBeGreaterThan(0);
    // Found by its words; its similarity is reported as measured, under the threshold that kept it out of dense results.
    expect(hybrid.body.items[0]).toMatchObject({ lexicalRank: 1, headingPath: ['Returns', 'Returning a bike'] });
    expect(hybrid.body.items[0].score).toBeLessThan(0.99);
    const one = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'returns', topK: 1, scoreThreshold: 0 });
    expect(one.body.items).toHaveLength(1);
  });

  it('indexes uploaded PDF, HTML and Markdown files, keeping page numbers and dropping navigation noise', async () => {
    const kbId = await createKnowledgeBase(api, 'Uploads');
    const pdf = await uploadDocument(server.url, key, kbId, 'harbor-bikes-handbook.pdf', knowledgeFixture('harbor-bikes-handbook.pdf'), 'application/pdf');
    expect(pdf.status).toBe(202);
    expect(pdf.body).toMatchObject({ status: 'queued', source: 'file', format: 'pdf', filename: 'harbor-bikes-handbook.pdf', unchanged: false });
    const html = await uploadDocument(server.url, key, kbId, 'rentals.html', knowledgeFixture('harbor-bikes-rentals.html'), 'text/html');
    const md = await uploadDocument(server.url, key, kbId, 'help.md', knowledgeFixture('harbor-bikes-help.md'), 'text/markdown');

    const pdfDoc = await settled(api, kbId, pdf.body.id);
    expect(pdfDoc).toMatchObject({ status: 'ready', pages: expect.any(Number) });
    expect(pdfDoc.pages).toBeGreaterThanOrEqual(3);
    const pdfChunks = (await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${pdf.body.id}/chunks`)).body;
    expect(Math.max(...pdfChunks.map((c: any) => c.position.pageTo ?? 0))).toBeGreaterThanOrEqual(3);

    expect((await settled(api, kbId, html.body.id)).status).toBe('ready');
    const htmlText = (await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${html.body.id}/chunks`)).body.map((c: any) => c.text).join('\n');
    expect(htmlText.toLowerCase()).not.toContain('cookie');
    expect((await settled(api, kbId, md.body.id)).status).toBe('ready');
    const list = await api.get(`/api/v1/knowledge-bases/${kbId}/documents`);
    expect(list.body).toHaveLength(3);
  });

  it('re-uploading an identical file changes nothing; a changed one is re-indexed and its old chunks disappear from search', async () => {
    const kbId = await createKnowledgeBase(api, 'Re-uploads');
    const first = await uploadDocument(server.url, key, kbId, 'hours.txt', Buffer.from('Opening hours: we open at nine on weekdays.'), 'text/plain');
    await settled(api, kbId, first.body.id);
    const same = await uploadDocument(server.url, key, kbId, 'hours.txt', Buffer.from('Opening hours: we open at nine on weekdays.'), 'text/plain');
    expect(same.body).toMatchObject({ id: first.body.id, unchanged: true, status: 'ready' });

    const changed = await uploadDocument(server.url, key, kbId, 'hours.txt', Buffer.from('Opening hours: from December we open at eleven on weekdays.'), 'text/plain');
    expect(changed.body).toMatchObject({ id: first.body.id, unchanged: false, replaced: true, status: 'queued' });
    await settled(api, kbId, first.body.id);
    const search = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'when do you open', scoreThreshold: 0, topK: 10 });
    expect(search.body.items.map((i: any) => i.text)).toEqual(['Opening hours: from December we open at eleven on weekdays.']);
    expect((await api.get(`/api/v1/knowledge-bases/${kbId}/documents`)).body).toHaveLength(1);
  });

  it('deleting a document removes its chunks and vectors', async () => {
    const kbId = await createKnowledgeBase(api, 'Deletes');
    const doc = await addText(api, kbId, 'Returns policy', RETURNS);
    expect((await api.delete(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}`)).status).toBe(404);
    const search = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'return shipping', scoreThreshold: 0, hybrid: true });
    expect(search.body.items).toEqual([]);
    expect(search.body.bestScore).toBeNull();
  });

  it('fetches a URL and follows same-site links to the crawl depth, never off-site', async () => {
    site.setPage('/help', { body: '<html><head><title>Help</title></head><body><nav><a href="/shop">Shop</a></nav><main><h1>Help</h1><p>Ask us about rentals and repairs.</p><a href="/help/rentals">Rentals</a> <a href="https://elsewhere.example/x">Partner</a></main></body></html>' });
    site.setPage('/help/rentals', { body: '<html><body><main><h1>Rentals</h1><p>City bikes rent for 15 euros a day.</p><a href="/help/deep">Deeper</a></main></body></html>' });
    site.setPage('/shop', { body: '<html><body><main><h1>Shop</h1><p>We sell helmets and locks.</p></main></body></html>' });
    site.setPage('/help/deep', { body: '<html><body><main><p>Too deep to be crawled.</p></main></body></html>' });
    const kbId = await createKnowledgeBase(api, 'Website');
    const res = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { url: `${site.url}/help`, crawlDepth: 1 });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ source: 'url', url: `${site.url}/help`, crawlDepth: 1 });
    const root = await settled(api, kbId, res.body.id);
    expect(root).toMatchObject({ status: 'ready', title: 'Help', format: 'html' });

    const docs = await eventuallyDocs(api, kbId, 3);
    const urls = docs.map((d: any) => d.url).sort();
    expect(urls).toEqual([`${site.url}/help`, `${site.url}/help/rentals`, `${site.url}/shop`]);
    for (const d of docs) expect((await settled(api, kbId, d.id)).status).toBe('ready');
    expect(docs.filter((d: any) => d.parentDocumentId === root.id)).toHaveLength(2);
    expect(site.requests).not.toContain('/help/deep');
  });

  it('refuses bad input clearly and fails unindexable documents with a reason', async () => {
    const kbId = await createKnowledgeBase(api, 'Refusals');
    const none = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, {});
    expect(none.status).toBe(400);
    expect(none.body.details.field).toBe('file');
    const noTitle = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { text: 'hello' });
    expect(noTitle.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'title' } });
    const badUrl = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { url: 'ftp://example.com/x' });
    expect(badUrl.body.details.field).toBe('url');
    const tooDeep = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { url: `${site.url}/help`, crawlDepth: 9 });
    expect(tooDeep.body.details.field).toBe('crawlDepth');

    const big = await uploadDocument(server.url, key, kbId, 'big.txt', Buffer.alloc(3 * 1_048_576, 'a'), 'text/plain');
    expect(big.status).toBe(413);
    expect(big.body.message).toContain('KNOWLEDGE_MAX_FILE_MB');
    const binary = await uploadDocument(server.url, key, kbId, 'tool.exe', Buffer.from([0x4d, 0x5a, 0, 0, 1, 2, 3]), 'application/octet-stream');
    expect(binary.status).toBe(400);
    expect(binary.body.details.field).toBe('file');

    const locked = await uploadDocument(server.url, key, kbId, 'locked.pdf', knowledgeFixture('harbor-bikes-locked.pdf'), 'application/pdf');
    expect(await settled(api, kbId, locked.body.id)).toMatchObject({ status: 'failed', chunkCount: 0 });
    const corrupt = await uploadDocument(server.url, key, kbId, 'broken.pdf', Buffer.from('%PDF-1.7\nthis is not really a pdf'), 'application/pdf');
    const failed = await settled(api, kbId, corrupt.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/PDF/);

    const missing = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { url: `${site.url}/nowhere` });
    expect(await settled(api, kbId, missing.body.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('404') });
    // A cloud metadata address is refused when written as one, and after resolution when behind a name.
    const literal = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { url: 'http://169.254.169.254/latest/meta-data/' });
    expect(literal.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'url' }, message: expect.stringContaining('link-local') });
    const ssrf = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { url: 'http://localhost:9/latest/meta-data/' });
    expect(await settled(api, kbId, ssrf.body.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not allowed|loopback/i) });

    // A failed document can be retried once its cause is gone.
    site.setPage('/nowhere', { body: '<html><body><p>Now it exists.</p></body></html>' });
    expect((await api.post(`/api/v1/knowledge-bases/${kbId}/documents/${missing.body.id}/reindex`)).status).toBe(202);
    expect(await settled(api, kbId, missing.body.id)).toMatchObject({ status: 'ready', error: null });
  });

  it('changing the embedding chunk size re-indexes every document', async () => {
    const kbId = await createKnowledgeBase(api, 'Rechunk');
    const doc = await addText(api, kbId, 'Returns policy', RETURNS);
    const before = (await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}/chunks`)).body;
    const res = await api.patch(`/api/v1/knowledge-bases/${kbId}`, { chunkTokens: 64, chunkOverlapTokens: 8 });
    expect(res.body).toMatchObject({ chunkTokens: 64, reindexing: 1 });
    const after = await settled(api, kbId, doc.id);
    expect(after.status).toBe('ready');
    const chunks = (await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}/chunks`)).body;
    expect(chunks.map((c: any) => c.id)).not.toEqual(before.map((c: any) => c.id));
    const again = await api.post(`/api/v1/knowledge-bases/${kbId}/reindex`);
    expect(again.body).toEqual({ reindexing: 1 });
    expect((await settled(api, kbId, doc.id)).status).toBe('ready');
    const bad = await api.patch(`/api/v1/knowledge-bases/${kbId}`, { embeddingModel: 'no-such-model' });
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'embeddingModel' } });
    const models = await api.get('/api/v1/knowledge-bases/models');
    expect(models.body.models.map((m: any) => m.model)).toEqual(['text-embedding-3-small', 'universal-sentence-encoder-en']);
  });

  it("keeps tenants apart: another tenant's key sees, searches and changes nothing", async () => {
    const kbId = await createKnowledgeBase(api, 'Private');
    const doc = await addText(api, kbId, 'Returns policy', RETURNS);
    const other = await createTenant(server.url, server.platformKey, 'Rival');
    const otherKb = await createKnowledgeBase(other.api, 'Theirs');
    await addText(other.api, otherKb, 'Their returns', 'Return shipping costs are never refunded here.');

    expect((await other.api.get(`/api/v1/knowledge-bases/${kbId}`)).status).toBe(404);
    expect((await other.api.get(`/api/v1/knowledge-bases/${kbId}/documents`)).status).toBe(404);
    expect((await other.api.get(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}`)).status).toBe(404);
    expect((await other.api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'return shipping' })).status).toBe(404);
    expect((await other.api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { title: 'x', text: 'y' })).status).toBe(404);
    expect((await other.api.delete(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}`)).status).toBe(404);
    expect((await other.api.delete(`/api/v1/knowledge-bases/${kbId}`)).status).toBe(404);
    expect((await other.api.get('/api/v1/knowledge-bases')).body.map((k: any) => k.id)).toEqual([otherKb]);
    // Both tenants share one vector collection; the tenant filter keeps A's chunks out of B's results.
    const theirs = await other.api.post(`/api/v1/knowledge-bases/${otherKb}/search`, { query: 'return shipping costs', scoreThreshold: 0, topK: 20, hybrid: true });
    expect(theirs.body.items.map((i: any) => i.documentId).every((id: string) => id !== doc.id)).toBe(true);
    const attach = await other.api.post('/api/v1/assistants', { name: 'x', systemPrompt: 'x', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId] });
    expect(attach.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'knowledgeBaseIds.0' } });
    expect((await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${doc.id}`)).body.status).toBe('ready');
  });

  it('deleting a knowledge base detaches it from assistants', async () => {
    const kbId = await createKnowledgeBase(api, 'Temporary');
    const assistant = await api.post('/api/v1/assistants', { name: 'KB user', systemPrompt: 'x', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId] });
    expect(assistant.body.knowledgeBaseIds).toEqual([kbId]);
    expect((await api.delete(`/api/v1/knowledge-bases/${kbId}`)).status).toBe(204);
    expect((await api.get(`/api/v1/assistants/${assistant.body.id}`)).body.knowledgeBaseIds).toEqual([]);
  });
});

describe('knowledge limits', () => {
  let server: TestServer;
  let api: ApiClient;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ knowledge: { limits: { maxFileBytes: 1_048_576, maxPdfPages: 2, maxChunksPerTenant: 3 } } });
    ({ api, apiKey: key } = await createTenant(server.url, server.platformKey, 'Small plan'));
  });
  afterAll(() => server?.close());

  it('fails a PDF over the page limit and a document over the chunk limit with the setting named, storing no chunks', async () => {
    const kbId = await createKnowledgeBase(api, 'Limits', { chunkTokens: 64, chunkOverlapTokens: 0 });
    const pdf = await uploadDocument(server.url, key, kbId, 'handbook.pdf', knowledgeFixture('harbor-bikes-handbook.pdf'), 'application/pdf');
    expect(await settled(api, kbId, pdf.body.id)).toMatchObject({ status: 'failed', chunkCount: 0, error: expect.stringContaining('2') });

    const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} about bikes, repairs, rentals and returns in some detail so that it fills a chunk.`).join('\n\n');
    const doc = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { title: 'Long', text: long });
    const failed = await settled(api, kbId, doc.body.id);
    expect(failed).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect(failed.error).toContain('KNOWLEDGE_MAX_CHUNKS_PER_TENANT');
    expect((await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${doc.body.id}/chunks`)).body).toEqual([]);

    await addText(api, kbId, 'Short', 'Three short chunks fit: this is one.');
    const small = await addText(api, kbId, 'Short 2', 'And this is two.');
    expect(small.status).toBe('ready');
    await addText(api, kbId, 'Short 3', 'And three.');
    const refused = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { title: 'Four', text: 'One too many.' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'KNOWLEDGE_LIMIT_REACHED' });
    expect(refused.body.message).toContain('KNOWLEDGE_MAX_CHUNKS_PER_TENANT');
  });
});

async function eventuallyDocs(api: ApiClient, kbId: string, count: number): Promise<any[]> {
  const { eventually } = await import('@confab/testing');
  return eventually(async () => {
    const docs = (await api.get(`/api/v1/knowledge-bases/${kbId}/documents`)).body;
    expect(docs).toHaveLength(count);
    return docs;
  }, { timeoutMs: 20_000 });
}
