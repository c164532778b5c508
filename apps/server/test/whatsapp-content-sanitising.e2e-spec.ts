import { eventually, queryDatabase, startFakeGraph, text, type FakeGraph } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

const PHONE_ID = '100000000000001';
const NUL = '\u0000';
const LONE_HIGH = '\ud83d';
const REPLACEMENT = '\ufffd';

/** One signed `messages` notification carrying several customer messages (Meta batches them like this). */
function batch(messages: Array<{ from: string; id: string; text: string; name?: string }>): object {
  const now = String(Math.floor(Date.now() / 1000));
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: '200000000000002',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550000001', phone_number_id: PHONE_ID },
          contacts: messages.map((m) => ({ profile: { name: m.name ?? 'Customer' }, wa_id: m.from })),
          messages: messages.map((m) => ({ from: m.from, id: m.id, timestamp: now, type: 'text', text: { body: m.text } })),
        },
      }],
    }],
  };
}

describe('WhatsApp webhook: content the database cannot hold never fails the delivery', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;

  const inbound = (id: string) =>
    queryDatabase<{ text: string; customer_name: string | null; identifier: string | null }>(
      server.db.url,
      `select m.text, c.customer_name, c.customer_identifier as identifier
         from messages m join conversations c on c.id = m.conversation_id
        where m.direction = 'inbound' and m.provider_message_id = $1`,
      [id],
    );

  beforeAll(async () => {
    server = await startTestServer();
    // No automatic sent/delivered/read: the test reports a failure itself, which must not come after a read.
    graph = await startFakeGraph({ autoStatuses: false });
    ({ api } = await createTenant(server.url, server.platformKey));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'A', systemPrompt: 'x', model: 'gpt-4o-mini' })).body.id;
    const channel = await connectWhatsApp(api, assistantId, graph.url);
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${channel.id}`);
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });
  beforeEach(() => {
    server.openai.reset();
    server.openai.respondWith(() => text('ok'));
  });

  it('stores NUL and lone surrogates as U+FFFD in text, name and sender, keeps the rest of the batch, answers 200', async () => {
    const payload = batch([
      { from: '4915100000001', id: 'wamid.SAN-TEXT', text: `before${NUL}after` },
      { from: '4915100000002', id: 'wamid.SAN-NAME', text: 'hello', name: `Ana${NUL}Lu` },
      { from: `49151${NUL}00003`, id: 'wamid.SAN-FROM', text: 'from with a NUL' },
      { from: '4915100000004', id: 'wamid.SAN-SURROGATE', text: `smile ${LONE_HIGH}!`, name: `Bo${LONE_HIGH}` },
      { from: '4915100000005', id: 'wamid.SAN-CLEAN', text: 'an ordinary message' },
    ]);
    const res = await graph.deliverWebhook(payload);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).received).toMatchObject({ messages: 5 });

    expect(await inbound('wamid.SAN-TEXT')).toEqual([expect.objectContaining({ text: `before${REPLACEMENT}after` })]);
    expect(await inbound('wamid.SAN-NAME')).toEqual([expect.objectContaining({ text: 'hello', customer_name: `Ana${REPLACEMENT}Lu` })]);
    expect(await inbound('wamid.SAN-FROM')).toEqual([expect.objectContaining({ identifier: `49151${REPLACEMENT}00003` })]);
    expect(await inbound('wamid.SAN-SURROGATE')).toEqual([expect.objectContaining({ text: `smile ${REPLACEMENT}!`, customer_name: `Bo${REPLACEMENT}` })]);
    expect(await inbound('wamid.SAN-CLEAN')).toEqual([expect.objectContaining({ text: 'an ordinary message' })]);

    // The conversation API serves the sanitised text (the JSON a client reads is valid UTF-8).
    const list = await api.get('/api/v1/conversations?channel=whatsapp&customer=4915100000001');
    expect(list.status).toBe(200);
    const detail = await api.get(`/api/v1/conversations/${list.body.items[0].id}`);
    expect(detail.body.messages[0].text).toBe(`before${REPLACEMENT}after`);

    const again = await graph.deliverWebhook(payload);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body).received).toMatchObject({ messages: 0, duplicates: 5 });
    const count = await queryDatabase<{ n: number }>(server.db.url, "select count(*)::int as n from messages where direction = 'inbound' and provider_message_id like 'wamid.SAN-%'");
    expect(count[0]!.n).toBe(5);
  });

  it('sanitises statuses, echoes and captions too: a NUL in an error text or an echo is stored, not a 500', async () => {
    const sent = await eventually(async () => {
      const rows = await queryDatabase<{ provider_message_id: string }>(server.db.url, "select provider_message_id from messages where direction = 'outbound' and provider_message_id is not null limit 1");
      expect(rows).toHaveLength(1);
      return rows[0]!.provider_message_id;
    }, { timeoutMs: 15_000 });
    const failed = graph.statusNotification({
      wamid: sent, status: 'failed', recipientId: '4915100000001',
      errors: [{ code: 131026, title: `Message undeliverable${NUL}`, message: `bad${LONE_HIGH}`, error_data: { details: `details${NUL}` } }],
    } as any);
    expect((await graph.deliverWebhook(failed)).status).toBe(200);
    const status = await queryDatabase<{ delivery_status: string; error: unknown }>(server.db.url, 'select delivery_status, error from messages where provider_message_id = $1', [sent]);
    expect(status[0]).toMatchObject({ delivery_status: 'failed' });
    expect(JSON.stringify(status[0]!.error)).toContain(REPLACEMENT);

    const echo = graph.echo({ to: '4915100000001', text: `typed by a human${NUL}` } as any);
    expect((await graph.deliverWebhook(echo)).status).toBe(200);
    const echoed = await queryDatabase<{ text: string }>(server.db.url, "select text from messages where author = 'agent' and text like 'typed by a human%'");
    expect(echoed).toEqual([{ text: `typed by a human${REPLACEMENT}` }]);

    const image = batch([{ from: '4915100000006', id: 'wamid.SAN-CAPTION', text: '' }]) as any;
    const msg = image.entry[0].changes[0].value.messages[0];
    delete msg.text;
    Object.assign(msg, { type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'x', caption: `look${NUL}` } });
    expect((await graph.deliverWebhook(image)).status).toBe(200);
    const stored = await queryDatabase<{ attachments: Array<{ caption?: string }> }>(server.db.url, "select attachments from messages where provider_message_id = 'wamid.SAN-CAPTION'");
    expect(stored[0]!.attachments[0]!.caption).toBe(`look${REPLACEMENT}`);
  });

  it('a timestamp no calendar can hold is dated on arrival instead of failing the delivery', async () => {
    const payload = batch([{ from: '4915100000007', id: 'wamid.SAN-TIME', text: 'far future' }]) as any;
    payload.entry[0].changes[0].value.messages[0].timestamp = '1e300';
    const res = await graph.deliverWebhook(payload);
    expect(res.status).toBe(200);
    expect(await inbound('wamid.SAN-TIME')).toHaveLength(1);
  });
});
