import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, queryDatabase, startFakeGraph, text, WHATSAPP_FIXTURES_DIR, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

const FIXTURES = WHATSAPP_FIXTURES_DIR;
const PHONE_ID = '100000000000001';

/** A fixture re-addressed to our number; optionally with a fresh sender, message id and current timestamp. */
function fixture(name: string, fresh?: { from: string; id: string }): any {
  const payload = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
  for (const entry of payload.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.value?.metadata) change.value.metadata.phone_number_id = PHONE_ID;
      if (!fresh) continue;
      // Fixtures share one business-scoped id; a fresh sender needs its own or it is (rightly) the same customer.
      const bsuid = `DE.${fresh.from}`;
      for (const m of change.value?.messages ?? []) {
        Object.assign(m, { from: fresh.from, id: fresh.id, timestamp: String(Math.floor(Date.now() / 1000)) });
        if (m.from_user_id) m.from_user_id = bsuid;
      }
      for (const c of change.value?.contacts ?? []) Object.assign(c, { wa_id: fresh.from }, c.user_id ? { user_id: bsuid } : {});
    }
  }
  return payload;
}

describe('WhatsApp inbound: every published payload, every message type', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let channelId: string;

  const detailFor = async (from: string) => {
    const list = await api.get(`/api/v1/conversations?channel=whatsapp&customer=${from}`);
    return list.body.items[0] ? (await api.get(`/api/v1/conversations/${list.body.items[0].id}`)).body : null;
  };

  beforeAll(async () => {
    server = await startTestServer();
    graph = await startFakeGraph();
    ({ api } = await createTenant(server.url, server.platformKey));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'A', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    channelId = (
      await api.post('/api/v1/channels', {
        type: 'whatsapp', assistantId,
        config: { phoneNumberId: PHONE_ID, businessAccountId: '200000000000002', accessToken: 'test-access-token', appSecret: 'test-app-secret', verifyToken: 'verify-token-1', graphApiBaseUrl: graph.url },
      })
    ).body.id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channelId}`);
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('accepts every fixture with 200 and stores every customer message it carries', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(50);
    server.openai.respondWith(() => text('ok'));
    const expectedIds = new Set<string>();
    for (const file of files) {
      const payload = fixture(file);
      const res = await graph.deliverWebhook(payload);
      expect({ file, status: res.status }).toEqual({ file, status: 200 });
      for (const entry of payload.entry ?? []) {
        for (const change of entry.changes ?? []) {
          if (change.field !== 'messages') continue;
          for (const m of change.value?.messages ?? []) {
            if (m.id && !['reaction', 'edit', 'revoke', 'system'].includes(m.type) && (m.from || m.from_user_id)) expectedIds.add(m.id);
          }
        }
      }
    }
    const rows = await queryDatabase<{ provider_message_id: string }>(server.db.url, "select provider_message_id from messages where direction = 'inbound'");
    const stored = new Set(rows.map((r) => r.provider_message_id));
    expect([...expectedIds].filter((id) => !stored.has(id))).toEqual([]);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it('stores media with its id and caption, and serves the file through the Graph media endpoints', async () => {
    graph.addMedia('65463453', Buffer.from('fake-jpeg-bytes'), 'image/jpeg');
    server.openai.respondWith(() => text('Nice picture.'));
    await graph.deliverWebhook(fixture('inbound-image-no-caption.json', { from: '4917000000001', id: 'wamid.IMG1' }));
    const detail = await eventually(async () => {
      const d = await detailFor('4917000000001');
      expect(d?.messages[0]).toBeDefined();
      return d;
    });
    expect(detail.messages[0].attachments[0]).toMatchObject({ type: 'image', providerMediaId: '65463453', mimeType: 'image/jpeg' });
    expect((await fetch(`${server.url}/api/v1/channels/${channelId}/media/65463453`)).status).toBe(401);
    const res = await api.raw('GET', `/api/v1/channels/${channelId}/media/65463453`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/jpeg');
    expect(res.body).toBe('fake-jpeg-bytes');
  });

  it('stores location and contacts structured, and gives the AI interactive and template button replies as text', async () => {
    server.openai.respondWith(() => text('Got it.'));
    await graph.deliverWebhook(fixture('inbound-location.json', { from: '4917000000002', id: 'wamid.LOC1' }));
    await graph.deliverWebhook(fixture('inbound-contacts.json', { from: '4917000000003', id: 'wamid.CON1' }));
    await graph.deliverWebhook(fixture('inbound-interactive-button-reply-bsuid.json', { from: '4917000000004', id: 'wamid.BTN1' }));
    await graph.deliverWebhook(fixture('inbound-button-template-quick-reply.json', { from: '4917000000005', id: 'wamid.QR1' }));
    const loc = await eventually(async () => (await detailFor('4917000000002')) ?? Promise.reject(new Error('not yet')));
    expect(loc.messages[0].attachments[0]).toMatchObject({ type: 'location', data: { latitude: expect.any(Number), longitude: expect.any(Number) } });
    const con = await eventually(async () => (await detailFor('4917000000003')) ?? Promise.reject(new Error('not yet')));
    expect(con.messages[0].attachments[0].type).toBe('contacts');
    await eventually(async () => {
      const users = server.openai.calls('/chat/completions').map((c) => c.body.messages.filter((m: any) => m.role === 'user').map((m: any) => m.content).join(' '));
      const btn = (await detailFor('4917000000004')).messages[0].text;
      const qr = (await detailFor('4917000000005')).messages[0].text;
      expect(btn).toBeTruthy();
      expect(qr).toBeTruthy();
      expect(users.some((u) => u.includes(btn))).toBe(true);
      expect(users.some((u) => u.includes(qr))).toBe(true);
    });
  });

  it('records a reaction on the message it reacts to without an AI reply, and applies edits and revokes', async () => {
    server.openai.respondWith(() => text('Answer.'));
    await graph.deliverWebhook(graph.inboundText({ from: '4917000000006', text: 'first version', id: 'wamid.EDITME' }));
    const before = await eventually(async () => {
      const d = await detailFor('4917000000006');
      expect(d?.messages).toHaveLength(2);
      expect(d.messages[1].deliveryStatus).toBe('read');
      return d;
    });
    const callsBefore = server.openai.calls('/chat/completions').length;
    const reply = before.messages[1];
    const reaction = fixture('inbound-reaction.json', { from: '4917000000006', id: 'wamid.REACT1' });
    reaction.entry[0].changes[0].value.messages[0].reaction.message_id = reply.providerMessageId;
    const reacted = await graph.deliverWebhook(reaction);
    expect(reacted.status).toBe(200);

    const edit = fixture('inbound-edit.json', { from: '4917000000006', id: 'wamid.EDIT1' });
    const editMessage = edit.entry[0].changes[0].value.messages[0];
    editMessage.edit.original_message_id = 'wamid.EDITME';
    editMessage.edit.message = { type: 'text', text: { body: 'second version' } };
    expect((await graph.deliverWebhook(edit)).status).toBe(200);

    const after = await eventually(async () => {
      const d = await detailFor('4917000000006');
      expect(d.messages[1].metadata.reactions?.[0]).toMatchObject({ emoji: expect.any(String) });
      expect(d.messages[0]).toMatchObject({ text: 'second version', editedAt: expect.any(String) });
      return d;
    });
    expect(after.messages[0].metadata.edits[0].text).toBe('first version');

    const revoke = fixture('inbound-revoke.json', { from: '4917000000006', id: 'wamid.REV1' });
    revoke.entry[0].changes[0].value.messages[0].revoke.original_message_id = 'wamid.EDITME';
    await graph.deliverWebhook(revoke);
    await eventually(async () => expect((await detailFor('4917000000006')).messages[0].revokedAt).not.toBeNull());
    await new Promise((r) => setTimeout(r, 300));
    expect((await detailFor('4917000000006')).messages).toHaveLength(2);
    expect(server.openai.calls('/chat/completions').length).toBe(callsBefore);
  });

  it('shows which message a reply quotes and tells the AI what was quoted (fixture inbound-reply-context)', async () => {
    const answer = 'We bake rye, spelt and wheat bread every morning, sourdough on weekends, and a seasonal loaf in autumn.';
    server.openai.respondWith(() => text(answer));
    // A minute earlier, so the question sorts before the quote whatever second the quote lands in.
    await graph.deliverWebhook(graph.inboundText({ from: '4917000000008', text: 'which breads do you have?', timestamp: Math.floor(Date.now() / 1000) - 60 }));
    const ours = await eventually(async () => {
      const reply = (await detailFor('4917000000008'))?.messages[1];
      expect(reply?.providerMessageId).toMatch(/^wamid\./);
      return reply;
    });

    const quoting = fixture('inbound-reply-context.json', { from: '4917000000008', id: 'wamid.QUOTE1' });
    quoting.entry[0].changes[0].value.messages[0].context.id = ours.providerMessageId;
    await graph.deliverWebhook(quoting);
    const detail = await eventually(async () => {
      const d = await detailFor('4917000000008');
      expect(d.messages).toHaveLength(4);
      return d;
    });
    // Provider timestamps have whole seconds, so the quote may sort next to the answer it quotes: found by id.
    const byId = (d: any, id: string) => d.messages.find((m: any) => m.providerMessageId === id);
    expect(byId(detail, 'wamid.QUOTE1')).toMatchObject({ text: 'replied text', replyTo: { providerMessageId: ours.providerMessageId, messageId: ours.id } });
    expect(detail.messages.find((m: any) => m.text === 'which breads do you have?').replyTo).toBeNull();
    const turns = server.openai.calls('/chat/completions').at(-1)!.body.messages.filter((m: any) => m.role === 'user').map((m: any) => m.content);
    expect(turns).toEqual(['which breads do you have?', `(replying to: "${answer.slice(0, 80)}…") replied text`]);

    // A quote of a message we never stored (older than the platform, or deleted) keeps the provider id only.
    const unknown = fixture('inbound-reply-context.json', { from: '4917000000008', id: 'wamid.QUOTE2' });
    await graph.deliverWebhook(unknown);
    const later = await eventually(async () => {
      const d = await detailFor('4917000000008');
      expect(d.messages).toHaveLength(6);
      return d;
    });
    expect(byId(later, 'wamid.QUOTE2').replyTo).toEqual({ providerMessageId: 'wamid.xyzxyz==', messageId: null });
    const lastTurns = server.openai.calls('/chat/completions').at(-1)!.body.messages.filter((m: any) => m.role === 'user').map((m: any) => m.content);
    expect(lastTurns.filter((t: string) => t === 'replied text')).toHaveLength(1);
    expect(lastTurns.filter((t: string) => t.startsWith('(replying to:'))).toHaveLength(1);
  });

  it('records unsupported messages with the provider error and does not ask the AI about them', async () => {
    await graph.deliverWebhook(fixture('inbound-unsupported.json', { from: '4917000000007', id: 'wamid.UNS1' }));
    const detail = await eventually(async () => (await detailFor('4917000000007')) ?? Promise.reject(new Error('not yet')));
    expect(detail.messages[0].attachments[0].type).toBe('unsupported');
    expect(detail.messages[0].replyState).toBeNull();
    expect(server.openai.calls('/chat/completions')).toHaveLength(0);
  });

  it('answers a customer known only by their business-scoped user id through the recipient field', async () => {
    server.openai.respondWith(() => text('Hello, username user.'));
    await graph.deliverWebhook(graph.inboundText({ from: '', userId: 'US.7777777777777777', text: 'hi from a username' }));
    await eventually(() => expect(graph.sent().find((s) => s.body.recipient === 'US.7777777777777777')).toBeDefined());
    expect(graph.sent().find((s) => s.body.recipient === 'US.7777777777777777')!.body.to).toBeUndefined();
  });
});
