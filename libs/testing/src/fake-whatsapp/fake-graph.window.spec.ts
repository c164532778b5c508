import { eventually } from '../eventually';
import { startFakeGraph, type FakeGraph } from './index';
import {
  orderUpdate,
  sendMessage,
  sendText,
  signatureValid,
  startRawReceiver,
  type RawReceiver,
} from './fake-graph.test-helpers';

const CUSTOMER = '15550006666';
const RE_ENGAGEMENT = {
  code: 131047,
  title: 'Re-engagement message',
  message: 'Re-engagement message',
  error_data: {
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
};

describe('fake Graph API: customer-service window and scripted failures', () => {
  let fake: FakeGraph;
  let strict: FakeGraph;
  let receiver: RawReceiver;

  beforeAll(async () => {
    fake = await startFakeGraph();
    strict = await startFakeGraph({ strictWindow: true });
    receiver = await startRawReceiver();
    fake.setWebhookTarget(receiver.url);
  });
  afterEach(() => {
    fake.reset();
    strict.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await Promise.all([fake.close(), strict.close()]);
    await receiver.close();
  });

  it('accepts free-form outside the window with 200, then posts only a failed 131047 status', async () => {
    const res = await sendText(fake, `+${CUSTOMER}`, 'Are you still there?');
    expect(res.status).toBe(200);
    const wamid = res.json.messages[0].id;
    expect(fake.sent()).toEqual([expect.objectContaining({ wamid, asyncErrorCode: 131047 })]);

    await eventually(() => expect(receiver.received).toHaveLength(1));
    expect(signatureValid(receiver.received[0])).toBe(true);
    expect(receiver.statuses()).toEqual([
      { id: wamid, status: 'failed', timestamp: expect.any(String), recipient_id: CUSTOMER, errors: [RE_ENGAGEMENT] },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(1);
  });

  it('answers 400 131047 synchronously in strict mode, but still lets templates through', async () => {
    const res = await sendText(strict, CUSTOMER, 'Are you still there?');
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 131047,
      message: '(#131047) Re-engagement message',
      error_data: { messaging_product: 'whatsapp', details: RE_ENGAGEMENT.error_data.details },
    });
    expect(strict.sent()).toEqual([]);
    expect((await sendMessage(strict, orderUpdate(CUSTOMER, ['Ana', 'A-1']))).status).toBe(200);
  });

  it('opens the window from inboundText, and only for the last 24 h', async () => {
    fake.inboundText({ from: `+${CUSTOMER}`, text: 'hi' });
    fake.inboundText({ from: '15550007777', text: 'old', timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 });
    strict.inboundText({ from: CUSTOMER, text: 'hi' });

    expect((await sendText(strict, CUSTOMER, 'inside')).status).toBe(200);
    expect((await sendText(strict, '15550007777', 'outside')).status).toBe(400);
    const inside = await sendText(fake, CUSTOMER, 'inside');
    await eventually(() => expect(receiver.statuses().map((s) => s.status)).toEqual(['sent', 'delivered', 'read']));
    expect(receiver.statuses()[0].id).toBe(inside.json.messages[0].id);
  });

  it('opens the window from messages delivered with deliverWebhook, not from echoes', async () => {
    const fresh = await startFakeGraph({ strictWindow: true });
    try {
      await fresh.deliverWebhook(fresh.echo({ to: CUSTOMER, text: 'Maria here, from the phone' }), { url: receiver.url });
      expect((await sendText(fresh, CUSTOMER, 'after echo')).status).toBe(400);
      // Built by another fake, so only the delivery itself can have told `fresh` about the customer.
      await fresh.deliverWebhook(strict.inboundText({ from: CUSTOMER, text: 'ping' }), { url: receiver.url });
      expect((await sendText(fresh, CUSTOMER, 'after inbound')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('failNext answers the next sends with the scripted Graph errors, one per send, in order', async () => {
    fake.inboundText({ from: CUSTOMER, text: 'hi' });
    fake.failNext(
      { code: 131056 },
      { code: 131000 },
      { code: 190 },
      { code: 133004 },
      { code: 4, httpStatus: 429, title: 'Custom' },
    );
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await sendText(fake, CUSTOMER, `try ${i}`));
    expect(answers.map((a) => a.status)).toEqual([400, 500, 401, 503, 429, 200]);
    expect(answers[0].json).toEqual({
      error: {
        message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
        type: 'OAuthException',
        code: 131056,
        error_data: {
          messaging_product: 'whatsapp',
          details:
            'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
        },
        error_subcode: 2494055,
        fbtrace_id: expect.any(String),
      },
    });
    expect(answers.slice(1, 5).map((a) => a.json.error.code)).toEqual([131000, 190, 133004, 4]);
    expect(answers[4].json.error.message).toBe('(#4) Custom');
    expect(fake.sent()).toHaveLength(1);
  });

  it('failNext leaves mark-read and typing calls alone', async () => {
    fake.inboundText({ from: CUSTOMER, text: 'hi' });
    fake.failNext({ code: 131057 });
    const typing = await sendMessage(fake, { status: 'read', message_id: 'wamid.A', typing_indicator: { type: 'text' } });
    expect(typing.status).toBe(200);
    const failed = await sendText(fake, CUSTOMER, 'reply');
    expect(failed.status).toBe(500);
    expect(failed.json.error.message).toBe('(#131057) Account in maintenance mode');
  });
});
