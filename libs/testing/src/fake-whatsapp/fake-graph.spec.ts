import { eventually } from '../eventually';
import { startFakeGraph, type FakeGraph } from './index';
import {
  graph,
  PHONE_ID,
  sendMessage,
  sendText,
  signatureValid,
  startRawReceiver,
  VERSION,
  type RawReceiver,
} from './fake-graph.test-helpers';

const CUSTOMER = '15550002222';
const SERVICE_PRICING = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };

describe('fake Graph API: sending messages', () => {
  let fake: FakeGraph;
  let receiver: RawReceiver;

  beforeAll(async () => {
    fake = await startFakeGraph();
    receiver = await startRawReceiver();
    fake.setWebhookTarget(receiver.url);
  });
  beforeEach(() => void fake.inboundText({ from: CUSTOMER, text: 'hello' }));
  afterEach(() => {
    fake.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  it('accepts a text send with the Meta success shape, then posts signed sent/delivered/read statuses', async () => {
    const res = await sendText(fake, `+${CUSTOMER}`, 'We open at 10:00 on Sundays.');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: `+${CUSTOMER}`, wa_id: CUSTOMER }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/]+=*$/) }],
    });
    const wamid: string = res.json.messages[0].id;
    expect(Buffer.from(wamid.slice(6), 'base64').includes(Buffer.from(CUSTOMER))).toBe(true);
    expect(fake.sent()).toEqual([
      expect.objectContaining({
        wamid,
        to: `+${CUSTOMER}`,
        type: 'text',
        body: expect.objectContaining({ to: `+${CUSTOMER}` }),
      }),
    ]);

    await eventually(() => expect(receiver.received).toHaveLength(3));
    for (const hook of receiver.received) {
      expect(signatureValid(hook)).toBe(true);
      expect(hook.headers['content-type']).toBe('application/json');
      const { metadata } = hook.json.entry[0].changes[0].value;
      expect(metadata).toEqual({ display_phone_number: '15550001111', phone_number_id: PHONE_ID });
    }
    const statuses = receiver.statuses();
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses[0]).toEqual({
      id: wamid,
      status: 'sent',
      timestamp: expect.stringMatching(/^\d{10}$/),
      recipient_id: CUSTOMER,
      pricing: SERVICE_PRICING,
    });
    expect(statuses[1].pricing).toEqual(SERVICE_PRICING);
    expect(statuses[2].pricing).toBeUndefined();
    expect(statuses.some((s) => 'conversation' in s)).toBe(false);
  });

  it('gives every send a distinct wamid and echoes biz_opaque_callback_data in statuses', async () => {
    const a = await sendText(fake, CUSTOMER, 'one');
    const tagged = { to: CUSTOMER, type: 'text', text: { body: 'two' }, biz_opaque_callback_data: 'turn-7' };
    const b = await sendMessage(fake, tagged);
    expect(a.json.messages[0].id).not.toBe(b.json.messages[0].id);
    expect(a.json.contacts).toEqual([{ input: CUSTOMER, wa_id: CUSTOMER }]);
    const ours = new Set([a.json.messages[0].id, b.json.messages[0].id]);
    await eventually(() => expect(receiver.statuses().filter((s) => ours.has(s.id))).toHaveLength(6));
    const ofB = receiver.statuses().filter((s) => s.id === b.json.messages[0].id);
    expect(ofB.map((s) => s.biz_opaque_callback_data)).toEqual(['turn-7', 'turn-7', 'turn-7']);
  });

  it('rejects a bad token with 190/401 in the exact Graph error shape', async () => {
    await sendText(fake, CUSTOMER, 'accepted with the right token');
    const res = await sendMessage(fake, { to: CUSTOMER, text: { body: 'x' } }, 'nope');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: {
        message: expect.stringMatching(/^\(#190\) /),
        type: 'OAuthException',
        code: 190,
        error_data: { messaging_product: 'whatsapp', details: expect.any(String) },
        fbtrace_id: expect.stringMatching(/^[A-Za-z0-9]{20,}$/),
      },
    });
    expect((await sendMessage(fake, { to: CUSTOMER, text: { body: 'x' } }, null)).status).toBe(401);
    expect(fake.sent()).toHaveLength(1);
  });

  it('rejects text over 4096 characters but accepts exactly 4096 (emoji count once)', async () => {
    const tooLong = await sendText(fake, CUSTOMER, 'a'.repeat(4097));
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatchObject({
      code: 100,
      type: 'OAuthException',
      message: expect.stringMatching(/^\(#100\) .*4096/),
    });
    expect((await sendText(fake, CUSTOMER, '👍'.repeat(4096))).status).toBe(200);
    expect(fake.sent()).toHaveLength(1);
  });

  it.each<[string, object]>([
    ['no messaging_product', { to: CUSTOMER, text: { body: 'x' } }],
    ['wrong messaging_product', { messaging_product: 'sms', to: CUSTOMER, text: { body: 'x' } }],
    ['no recipient', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }],
    ['empty text', { messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: '' } }],
    ['image without id or link', { messaging_product: 'whatsapp', to: CUSTOMER, type: 'image', image: {} }],
  ])('answers 400 code 100 for %s', async (_label, body) => {
    const res = await graph(fake, `/${VERSION}/${PHONE_ID}/messages`, { body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(100);
  });

  it('accepts media, reaction, interactive and BSUID sends', async () => {
    const image = await sendMessage(fake, { to: CUSTOMER, type: 'image', image: { link: 'https://example.com/a.png' } });
    const thumbsUp = { message_id: 'wamid.X', emoji: '👍' };
    const reaction = await sendMessage(fake, { to: CUSTOMER, type: 'reaction', reaction: thumbsUp });
    const yes = { type: 'reply', reply: { id: 'y', title: 'Yes' } };
    const buttons = { type: 'button', body: { text: 'Pick' }, action: { buttons: [yes] } };
    const interactive = await sendMessage(fake, { to: CUSTOMER, type: 'interactive', interactive: buttons });
    expect([image.status, reaction.status, interactive.status]).toEqual([200, 200, 200]);

    fake.inboundText({ from: '15550003333', text: 'hi', userId: 'US.1234567890123456' });
    const bsuid = await sendMessage(fake, { recipient: 'US.1234567890123456', type: 'text', text: { body: 'hi' } });
    expect(bsuid.json.contacts).toEqual([{ input: 'US.1234567890123456', user_id: 'US.1234567890123456' }]);
    expect(fake.sent().map((s) => s.type)).toEqual(['image', 'reaction', 'interactive', 'text']);
    const toBsuid = () => receiver.statuses().filter((s) => s.recipient_user_id === 'US.1234567890123456');
    await eventually(() => expect(toBsuid()).toHaveLength(3));
  });

  it('answers mark-read and typing with {success:true} and records them, without creating messages', async () => {
    const read = await sendMessage(fake, { status: 'read', message_id: 'wamid.IN1' });
    const typing = await sendMessage(fake, { status: 'read', message_id: 'wamid.IN2', typing_indicator: { type: 'text' } });
    expect([read.json, typing.json]).toEqual([{ success: true }, { success: true }]);
    expect(fake.readReceipts()).toEqual([
      { messageId: 'wamid.IN1', at: expect.any(Number) },
      { messageId: 'wamid.IN2', typingIndicator: { type: 'text' }, at: expect.any(Number) },
    ]);
    expect(fake.sent()).toEqual([]);
  });

  it('answers unknown versions, ids and routes with Graph errors and records every request', async () => {
    const badVersion = await graph(fake, `/v25/${PHONE_ID}/messages`, { body: {} });
    const unknownPhone = await graph(fake, `/${VERSION}/999/messages`, { body: { messaging_product: 'whatsapp' } });
    const unknownEdge = await graph(fake, `/${VERSION}/${PHONE_ID}/nothing-here`);
    const garbage = await graph(fake, `/${VERSION}/${PHONE_ID}/messages`, { body: '{not json' });
    expect(badVersion.status).toBe(400);
    expect(unknownPhone).toMatchObject({ status: 400, json: { error: { code: 100, type: 'GraphMethodException' } } });
    expect(unknownEdge.status).toBe(404);
    expect(garbage).toMatchObject({ status: 400, json: { error: { code: 100 } } });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v25/${PHONE_ID}/messages`,
      `POST /${VERSION}/999/messages`,
      `GET /${VERSION}/${PHONE_ID}/nothing-here`,
      `POST /${VERSION}/${PHONE_ID}/messages`,
    ]);
    expect(fake.requests[3]).toMatchObject({ body: null, rawBody: '{not json' });
  });

  it('applies setLatency before answering', async () => {
    fake.setLatency(150);
    const started = Date.now();
    await sendText(fake, CUSTOMER, 'slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
