import { eventually, startFakeQdrant, text, toolCalls, type FakeQdrant } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { addText, createKnowledgeBase } from './support/knowledge-helpers';
import { startTestServer, type TestServer } from './support/test-server';

const HOURS = `# Opening hours
The shop on Quay Street is open Monday to Friday from 9:00 to 18:30 and on Saturday from 9:00 to 17:00.`;
const RETURNS = `# Returns
You can return an unused bike within 30 days of purchase for a full refund.`;

async function reply(api: ApiClient, chatId: string): Promise<any> {
  return eventually(async () => {
    const res = await api.get(`/api/v1/conversations/${chatId}`);
    const replies = res.body.messages.filter((m: any) => m.author === 'assistant');
    expect(replies).toHaveLength(1);
    return { detail: res.body, reply: replies[0] };
  }, { timeoutMs: 15_000 });
}

async function ask(api: ApiClient, assistantId: string, question: string): Promise<string> {
  const chat = await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {});
  expect((await api.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: question })).status).toBe(202);
  return chat.body.id;
}

describe.each([
  ['embedded LanceDB', false],
  ['Qdrant (loopback server, real client)', true],
])('knowledge in chats with %s', (_name, useQdrant) => {
  let server: TestServer;
  let qdrant: FakeQdrant | undefined;
  let api: ApiClient;
  let kbId: string;
  let hoursDocId: string;

  beforeAll(async () => {
    qdrant = useQdrant ? await startFakeQdrant() : undefined;
    server = await startTestServer(qdrant ? { knowledge: { vectorStore: { kind: 'qdrant', url: qdrant.url } } } : {});
    ({ api } = await createTenant(server.url, server.platformKey, 'Harbor Bikes'));
    kbId = await createKnowledgeBase(api);
    hoursDocId = (await addText(api, kbId, 'Opening hours', HOURS)).id;
    await addText(api, kbId, 'Returns', RETURNS);
  });
  afterAll(async () => {
    await server?.close();
    await qdrant?.close();
  });
  beforeEach(() => server.openai.reset());

  it('inject mode: the chunks go into the prompt, the reply stores them as citations, and the question embedding joins the cost', async () => {
    const assistant = await api.post('/api/v1/assistants', {
      name: 'Shop', systemPrompt: 'You answer for Harbor Bikes.', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId],
      retrievalMode: 'inject', retrieval: { topK: 2, scoreThreshold: 0.05 },
    });
    expect(assistant.status).toBe(201);
    expect(assistant.body.retrieval).toEqual({ topK: 2, scoreThreshold: 0.05 });
    server.openai.enqueue(text('We are open Monday to Friday 9:00-18:30 and Saturday 9:00-17:00 [1].', { promptTokens: 400, completionTokens: 20 }));
    const chatId = await ask(api, assistant.body.id, 'When is the shop open on Saturday?');
    const { detail, reply: answer } = await reply(api, chatId);

    const system = server.openai.calls('/chat/completions')[0].body.messages[0].content as string;
    expect(system).toContain('Knowledge base excerpts');
    expect(system).toContain('[1] Opening hours > Opening hours');
    expect(system).toContain('Saturday from 9:00 to 17:00');
    expect(answer.citations[0]).toMatchObject({ marker: 1, documentId: hoursDocId, knowledgeBaseId: kbId, documentTitle: 'Opening hours', cited: true });
    expect(answer.citations[0].score).toBeGreaterThan(0.05);
    expect(answer.citations[0].excerpt).toContain('Quay Street');
    // The question was embedded once (text-embedding-3-small at $0.02/1M) and its cost is part of the reply's cost.
    const embeds = server.openai.calls('/embeddings');
    expect(embeds.at(-1)!.body.input).toEqual(['When is the shop open on Saturday?']);
    const llmOnly = 400 * 0.15 + 20 * 0.6; // gpt-4o-mini, micro-dollars
    expect(answer.cost.micros).toBeGreaterThanOrEqual(Math.round(llmOnly));
    expect(detail.totalCost.micros).toBe(answer.cost.micros);
  });

  it('tool mode: the model calls search_knowledge, the call is audited and its chunks become citations', async () => {
    const assistant = await api.post('/api/v1/assistants', {
      name: 'Tooling', systemPrompt: 'You answer for Harbor Bikes.', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId],
      retrievalMode: 'tool', retrieval: { scoreThreshold: 0.05, topK: 1 },
    });
    server.openai.enqueue(
      toolCalls({ id: 'call_kb', name: 'search_knowledge', arguments: { query: 'return unused bike refund' } }),
      text('Yes, within 30 days for a full refund [1].'),
    );
    const chatId = await ask(api, assistant.body.id, 'Can I bring my bike back?');
    const { detail, reply: answer } = await reply(api, chatId);
    const first = server.openai.calls('/chat/completions')[0].body;
    expect(first.tools.map((t: any) => t.function.name)).toContain('search_knowledge');
    expect(first.messages[0].content).not.toContain('Knowledge base excerpts');
    const second = server.openai.calls('/chat/completions')[1].body;
    const toolMessage = second.messages.find((m: any) => m.role === 'tool');
    expect(JSON.parse(toolMessage.content).results[0]).toMatchObject({ ref: '[1]', source: 'Returns > Returns' });
    expect(detail.toolCalls[0]).toMatchObject({ name: 'search_knowledge', arguments: { query: 'return unused bike refund' }, error: null, validation: 'ok' });
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({ documentTitle: 'Returns', cited: true });
  });

  it('lists questions the knowledge could not answer, grouping repeats, and links the document that fixes them', async () => {
    const assistant = await api.post('/api/v1/assistants', {
      name: 'Gaps', systemPrompt: 'x', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId], retrieval: { scoreThreshold: 0.9 },
    });
    const id = assistant.body.id;
    server.openai.respondWith(() => text("I'm sorry, I don't know that."));
    for (const q of ['Do you sell gift cards?', 'do you sell gift cards', 'Do you sell GIFT cards??']) await reply(api, await ask(api, id, q));
    await reply(api, await ask(api, id, 'Is there parking near the shop?'));
    server.openai.respondWith(undefined);

    const gaps = await api.get(`/api/v1/assistants/${id}/knowledge-gaps`);
    expect(gaps.status).toBe(200);
    expect(gaps.body.map((g: any) => [g.question, g.count])).toEqual([['Do you sell gift cards?', 3], ['Is there parking near the shop?', 1]]);
    expect(gaps.body[0].examples[0]).toMatchObject({ reason: 'no_match', conversationId: expect.any(String), messageId: expect.any(String) });
    expect(gaps.body[0].examples[0].topScore).toBeLessThan(0.9);

    const doc = await addText(api, kbId, 'Gift cards', '# Gift cards\nGift cards are sold in the shop from 10 to 200 euros.');
    const resolved = await api.patch(`/api/v1/knowledge-gaps/${gaps.body[0].id}`, { status: 'resolved', documentId: doc.id });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedByDocumentId: doc.id });
    expect((await api.get(`/api/v1/assistants/${id}/knowledge-gaps`)).body.map((g: any) => g.question)).toEqual(['Is there parking near the shop?']);
    expect((await api.get(`/api/v1/knowledge-gaps?status=resolved&assistantId=${id}`)).body).toHaveLength(1);
    const bad = await api.patch(`/api/v1/knowledge-gaps/${gaps.body[1].id}`, { status: 'resolved', documentId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'documentId' } });
    const other = await createTenant(server.url, server.platformKey, 'Other');
    // Another tenant's assistant is not found, as every other resource of A (it was 200 [])
    expect((await other.api.get(`/api/v1/assistants/${id}/knowledge-gaps`)).status).toBe(404);
    expect((await other.api.patch(`/api/v1/knowledge-gaps/${gaps.body[1].id}`, { status: 'dismissed' })).status).toBe(404);
  });

  it('a reply that says it does not know is listed even when chunks were found', async () => {
    const assistant = await api.post('/api/v1/assistants', { name: 'Unsure', systemPrompt: 'x', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId], retrieval: { scoreThreshold: 0 } });
    server.openai.enqueue(text("I'm not sure about that, sorry."));
    await reply(api, await ask(api, assistant.body.id, 'Can I rent a tandem on Sunday?'));
    const gaps = await api.get(`/api/v1/assistants/${assistant.body.id}/knowledge-gaps`);
    expect(gaps.body[0].examples[0]).toMatchObject({ reason: 'assistant_unsure', question: 'Can I rent a tandem on Sunday?' });
  });

  if (useQdrant) {
    it('a Qdrant outage answers a search with 503 and a message that says so', async () => {
      qdrant!.failNext(1, { status: 503, error: 'Service internal error: shard unavailable' });
      const res = await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'opening hours' });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('KNOWLEDGE_UNAVAILABLE');
      expect(res.body.message).toContain('vector store');
      expect((await api.post(`/api/v1/knowledge-bases/${kbId}/search`, { query: 'opening hours', scoreThreshold: 0 })).status).toBe(200);
    });

    it('every Qdrant request carries the tenant filter', () => {
      const queries = qdrant!.calls('POST', '/collections/').filter((c) => c.path.endsWith('/points/query'));
      expect(queries.length).toBeGreaterThan(0);
      for (const q of queries) expect(JSON.stringify(q.body.filter.must)).toContain('tenant_id');
    });
  }
});

describe('knowledge with no language model: the offline responder answers from the best chunk', () => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ openai: null, knowledge: { openaiEmbeddings: null } });
    ({ api } = await createTenant(server.url, server.platformKey));
  });
  afterAll(() => server?.close());

  it('quotes the closest passage, labelled offline, with its citation; the embedded encoder needs no key', async () => {
    const kbId = await createKnowledgeBase(api);
    const kb = await api.get(`/api/v1/knowledge-bases/${kbId}`);
    expect(kb.body).toMatchObject({ embeddingModel: 'universal-sentence-encoder-en', embeddingDimension: 512 });
    await addText(api, kbId, 'Opening hours', HOURS);
    await addText(api, kbId, 'Returns', RETURNS);
    const assistant = await api.post('/api/v1/assistants', { name: 'Offline', systemPrompt: 'x', model: 'gpt-4o-mini', knowledgeBaseIds: [kbId] });
    const chatId = await ask(api, assistant.body.id, 'What time do you open on Saturdays?');
    const { reply: answer } = await reply(api, chatId);
    expect(answer.text).toContain('offline mode');
    expect(answer.text).toContain('Saturday from 9:00 to 17:00');
    expect(answer.metadata).toMatchObject({ offline: true, llm: 'offline' });
    expect(answer.citations[0]).toMatchObject({ documentTitle: 'Opening hours', cited: true });
    expect(server.openai.requests).toHaveLength(0);
  });
});
