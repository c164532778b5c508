import { parse } from 'csv-parse/sync';
import { SEARCH_WINDOW } from '@confab/conversations';
import { apiError, eventually, queryDatabase, text, toolCalls } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Full-text search (`q`) and the further list filters, through GET /api/v1/conversations and the exports that share
 * its filter: real PostgreSQL text search, conversations made by the API channel with the loopback OpenAI server.
 */
describe('conversation search and list filters', () => {
  let server: TestServer;
  let api: ApiClient;
  let other: ApiClient;
  let key: string;
  const chats: Record<string, string> = {};
  const messageIds: Record<string, string> = {};

  const list = async (query: string, client: ApiClient = api) => {
    const res = await client.get(`/api/v1/conversations?${query.includes('limit=') ? '' : 'limit=200&'}${query}`);
    expect([query, res.status, res.status === 200 ? null : res.body]).toEqual([query, 200, null]);
    return res.body;
  };
  const ids = async (query: string, client: ApiClient = api) => (await list(query, client)).items.map((c: any) => c.id);
  const sorted = (...names: string[]) => names.map((n) => chats[n]).sort();
  const download = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const refused = (res: { status: number; body: any }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.fields?.map((f: any) => f.field) ?? [res.body.details.field];
    expect(fields).toEqual([field]);
  };

  beforeAll(async () => {
    server = await startTestServer({});
    let tenantId: string;
    ({ api, apiKey: key, id: tenantId } = await createTenant(server.url, server.platformKey, 'Shop'));
    void tenantId;
    ({ api: other } = await createTenant(server.url, server.platformKey, 'Other'));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'x', model: 'gpt-4o-mini', tools: [{ name: 'handoff_to_human' }] })).body.id;
    const channel = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id;
    const say = async (name: string, customerText: string) => {
      const res = await api.post(`/api/v1/channels/${channel}/messages`, { customerId: `cust-${name}`, text: customerText });
      expect(res.status).toBe(200);
      chats[name] = res.body.conversationId;
      const detail = (await api.get(`/api/v1/conversations/${res.body.conversationId}`)).body;
      messageIds[name] = detail.messages.find((m: any) => m.text === customerText).id;
      return res.body;
    };
    server.openai.enqueue(text('Wir sehen nach.', { promptTokens: 1000, completionTokens: 1000 }));
    await say('longOrder', 'Hallo, ich habe vor drei Wochen etwas gekauft und warte seit Tagen auf meine Bestellung, können Sie bitte nachsehen, wo das Paket gerade ist?');
    server.openai.enqueue(text('Erledigt.', { promptTokens: 10, completionTokens: 10 }));
    await say('shortOrder', 'Bestellung 4711: Bestellungen storniert?');
    server.openai.enqueue(text('Danke!', { promptTokens: 10, completionTokens: 10 }));
    await say('greeting', 'Viele Grüße aus München, die Lieferung ist verspätet');
    server.openai.enqueue(text('Das tut uns leid.', { promptTokens: 10, completionTokens: 10 }));
    await say('phrase', 'Die verspätete Lieferung ärgert mich');
    server.openai.enqueue(text('Your order ships today.', { promptTokens: 10, completionTokens: 10 }));
    await say('english', 'Where are my orders? The delivery is late.');
    server.openai.enqueue(toolCalls({ name: 'handoff_to_human', arguments: { reason: 'Wants a person' } }), text('Eine Kollegin übernimmt.', { promptTokens: 10, completionTokens: 10 }));
    await say('handover', 'Ich möchte bitte mit einem Menschen sprechen');
    server.openai.enqueue(apiError(400, { message: 'bad request' }));
    await say('failed', 'Kann ich eine Torte kaufen?');
    // A test chat: listed by default, left out with includeTest=false.
    server.openai.enqueue(text('Test.', { promptTokens: 10, completionTokens: 10 }));
    chats.test = (await api.post(`/api/v1/assistants/${assistantId}/test-chats`, {})).body.id;
    await api.post(`/api/v1/conversations/${chats.test}/messages`, { text: 'Testbestellung', wait: true });

    // The other tenant talks about orders too; none of it may show up for the first.
    const otherAssistant = (await other.post('/api/v1/assistants', { name: 'O', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const otherChannel = (await other.post('/api/v1/channels', { type: 'api', assistantId: otherAssistant, config: {} })).body.id;
    server.openai.enqueue(text('Ok.'));
    chats.otherTenant = (await other.post(`/api/v1/channels/${otherChannel}/messages`, { customerId: 'x', text: 'Meine Bestellung ist verspätet' })).body.conversationId;
    await eventually(async () => {
      for (const name of ['longOrder', 'handover', 'failed']) {
        const detail = (await api.get(`/api/v1/conversations/${chats[name]}`)).body;
        expect(detail.messages.filter((m: any) => m.replyState === 'pending')).toEqual([]);
      }
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('q: full-text search', () => {
    it('stems German ("Bestellungen" finds "Bestellung") and ranks the message that is mostly the word first', async () => {
      const body = await list('q=Bestellungen');
      expect(body.items.map((c: any) => c.id)).toEqual([chats.shortOrder, chats.longOrder]);
      expect(body.items[0].match.messageId).toBe(messageIds.shortOrder);
      expect(body.items[1].match.messageId).toBe(messageIds.longOrder);
    });

    it('gives each hit a plain-text snippet with the matched words as offsets', async () => {
      const [hit] = (await list('q=Paket')).items;
      expect(hit.id).toBe(chats.longOrder);
      const { snippet, highlights } = hit.match;
      expect(snippet).toContain('Paket');
      expect(snippet).not.toMatch(/[\u0002\u0003<>]/);
      expect(highlights.map((h: any) => snippet.slice(h.start, h.end))).toEqual(['Paket']);
      const short = (await list('q=bestellung')).items[0].match;
      expect(short.highlights.map((h: any) => short.snippet.slice(h.start, h.end))).toEqual(['Bestellung', 'Bestellungen']);
    });

    it('ignores umlauts and case, also when they are spelt ae/oe/ue/ss', async () => {
      for (const q of ['Grüße', 'GRÜSSE', 'gruesse', 'Grusse', 'muenchen', 'MÜNCHEN']) {
        expect([q, await ids(`q=${encodeURIComponent(q)}`)]).toEqual([q, [chats.greeting]]);
      }
    });

    it('matches quoted phrases only as phrases', async () => {
      expect((await ids(`q=${encodeURIComponent('verspätete Lieferung')}`)).sort()).toEqual(sorted('greeting', 'phrase'));
      expect(await ids(`q=${encodeURIComponent('"verspätete Lieferung"')}`)).toEqual([chats.phrase]);
      expect(await ids(`q=${encodeURIComponent('"verspaetete lieferung"')}`)).toEqual([chats.phrase]);
      expect(await ids(`q=${encodeURIComponent('Lieferung -München')}`)).toEqual([chats.phrase]);
    });

    it('stems English and finds words in the replies too', async () => {
      expect(await ids('q=deliveries')).toEqual([chats.english]);
      const hit = (await list('q=order')).items;
      expect(hit.map((c: any) => c.id)).toEqual([chats.english]);
      expect(await ids('q=ships')).toEqual([chats.english]);
    });

    it('combines with the other filters and pages through ranked results', async () => {
      expect(await ids('q=Bestellung&minCost=0.0005')).toEqual([chats.longOrder]);
      const first = await list('q=Bestellung&limit=1');
      expect(first.items.map((c: any) => c.id)).toEqual([chats.shortOrder]);
      const second = await list(`q=Bestellung&limit=1&cursor=${first.nextCursor}`);
      expect(second.items.map((c: any) => c.id)).toEqual([chats.longOrder]);
      expect(second.nextCursor).toBeNull();
      expect(await ids('q=nichtvorhandeneswort')).toEqual([]);
      // Operator characters and quotes are words to search for, never syntax errors.
      for (const q of [`it's & (x | y) !\\`, '"', '-', 'or', ':*', "'''", 'der die das']) expect(await ids(`q=${encodeURIComponent(q)}`)).toEqual([]);
    });

    it('stays inside the tenant', async () => {
      expect(await ids('q=verspätet')).not.toContain(chats.otherTenant);
      expect(await ids('q=verspätet', other)).toEqual([chats.otherTenant]);
      expect(await ids('q=Paket', other)).toEqual([]);
    });
  });

  describe('further filters', () => {
    it('unanswered: the conversation whose model call failed', async () => {
      expect(await ids('unanswered=true')).toEqual([chats.failed]);
      expect(await ids('unanswered=false')).not.toContain(chats.failed);
      expect((await ids('unanswered=false')).length).toBe(Object.keys(chats).length - 2);
    });

    it('handedOver: handed to a human (by the AI tool or after a failed model call), or never', async () => {
      expect((await ids('handedOver=true')).sort()).toEqual(sorted('handover', 'failed'));
      expect(await ids('handedOver=false')).not.toContain(chats.handover);
      // Given back to the AI, it still was handed over once.
      expect((await api.post(`/api/v1/conversations/${chats.handover}/resume-ai`, {})).body.owner).toBe('ai');
      expect((await ids('handedOver=true')).sort()).toEqual(sorted('handover', 'failed'));
      expect(await ids('handedOver=false')).not.toContain(chats.handover);
      expect(await ids('handedOver=true', other)).toEqual([]);
    });

    it('minCost: exact decimal amounts against micro-units', async () => {
      const all = (await list('')).items;
      const cost = (name: string) => all.find((c: any) => c.id === chats[name]).totalCost.amount as string;
      const exact = cost('longOrder');
      expect(Number(exact)).toBeGreaterThan(0.0005);
      expect(await ids(`minCost=${exact}`)).toEqual([chats.longOrder]);
      const micros = Math.round(Number(exact) * 1e6) + 1;
      expect(await ids(`minCost=${(micros / 1e6).toFixed(6)}`)).toEqual([]);
      expect((await ids('minCost=0')).length).toBe(all.length);
    });

    it('usedTool: conversations in which the tool was called', async () => {
      expect(await ids('usedTool=handoff_to_human')).toEqual([chats.handover]);
      expect(await ids('usedTool=lookup_order')).toEqual([]);
      expect(await ids('usedTool=handoff_to_human', other)).toEqual([]);
    });

    it('includeTest=false leaves test chats out', async () => {
      expect(await ids('includeTest=false')).not.toContain(chats.test);
      expect(await ids('includeTest=true')).toContain(chats.test);
      expect(await ids('q=testbestellung')).toEqual([chats.test]);
      expect(await ids('q=testbestellung&includeTest=false')).toEqual([]);
    });

    it('refuses malformed values with a 400 naming the field', async () => {
      refused(await api.get('/api/v1/conversations?q='), 'q');
      refused(await api.get('/api/v1/conversations?q=%20%20'), 'q');
      refused(await api.get(`/api/v1/conversations?q=${'a'.repeat(201)}`), 'q');
      for (const bad of ['1,5', '-1', '1e3', '0.1234567', 'abc', '1.']) refused(await api.get(`/api/v1/conversations?minCost=${encodeURIComponent(bad)}`), 'minCost');
      refused(await api.get('/api/v1/conversations?unanswered=yes'), 'unanswered');
      refused(await api.get('/api/v1/conversations?handedOver=1x'), 'handedOver');
      refused(await api.get('/api/v1/conversations?includeTest=maybe'), 'includeTest');
      refused(await api.get('/api/v1/conversations?usedTool=a%20b'), 'usedTool');
      refused(await api.get('/api/v1/conversations?q=x&cursor=abc'), 'cursor');
      refused(await api.get('/api/v1/exports/conversations?minCost=x'), 'minCost');
    });
  });

  describe('exports inherit q and the filters', () => {
    it('exports exactly the searched conversations and their messages, parsed back', async () => {
      const conversations = parse(await download('/api/v1/exports/conversations?q=Bestellungen'), { columns: true }) as Record<string, string>[];
      expect(conversations.map((r) => r.id).sort()).toEqual(sorted('shortOrder', 'longOrder'));
      const messages = parse(await download(`/api/v1/exports/messages?q=${encodeURIComponent('"verspätete Lieferung"')}&delimiter=;`), { columns: true, delimiter: ';' }) as Record<string, string>[];
      expect(new Set(messages.map((r) => r.conversationId))).toEqual(new Set([chats.phrase]));
      expect(messages.map((r) => r.text)).toContain('Die verspätete Lieferung ärgert mich');
    });

    it('applies the new filters to JSON Lines and tool-call exports', async () => {
      const lines = (bytes: Buffer) => bytes.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      expect(lines(await download('/api/v1/exports/conversations?format=jsonl&unanswered=true')).map((r) => r.id)).toEqual([chats.failed]);
      const tools = lines(await download('/api/v1/exports/tool-calls?format=jsonl&usedTool=handoff_to_human'));
      expect(tools.map((r) => [r.conversationId, r.name])).toEqual([[chats.handover, 'handoff_to_human']]);
      const costly = lines(await download('/api/v1/exports/conversations?format=jsonl&minCost=0.0005&includeTest=false'));
      expect(costly.map((r) => r.id)).toEqual([chats.longOrder]);
      expect(lines(await download('/api/v1/exports/conversations?format=jsonl&q=verspätet')).map((r) => r.id)).not.toContain(chats.otherTenant);
    });
  });

  describe('the search window (the newest SEARCH_WINDOW matching messages of the filtered set)', () => {
    // Last: it adds SEARCH_WINDOW + 1 messages. The vectors come from the trigger, as for any message.
    beforeAll(async () => {
      const add = (conversationId: string, count: number, text: string, since: string) =>
        queryDatabase(
          server.db.url,
          `insert into messages (id, tenant_id, conversation_id, connection_id, direction, author, text, created_at)
           select gen_random_uuid(), c.tenant_id, c.id, c.connection_id, 'inbound', 'customer', $2 || ' ' || g, now() - $3::interval + g * interval '1 second'
           from conversations c, generate_series(1, $4::int) g where c.id = $1`,
          [conversationId, text, since, count],
        );
      await add(chats.greeting, 1, 'Fensterwort ganz allein', '2 days');
      await add(chats.english, SEARCH_WINDOW, 'Fensterwort', '1 day');
    });

    it('ranks only the newest SEARCH_WINDOW (200) matches: an older match beyond them is not found without a filter', async () => {
      expect(await ids('q=fensterwort')).toEqual([chats.english]);
    });

    it('narrows the window by the other filters first, so the older match of a filtered-in chat is found', async () => {
      expect(await ids('q=fensterwort&customer=cust-greeting')).toEqual([chats.greeting]);
      const [hit] = (await list('q=fensterwort&customer=cust-greeting')).items;
      expect(hit.match.snippet).toContain('Fensterwort ganz allein');
    });
  });
});
