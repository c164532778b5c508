import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metaJson, signMetaBody, startFakeGraph, type FakeGraph } from './index';
import { sendText, signatureValid, startRawReceiver, type RawReceiver } from './fake-graph.test-helpers';

describe('metaJson and signMetaBody', () => {
  it('escapes non-ASCII as lowercase \\uXXXX (surrogate pairs for emoji) and "/" as "\\/"', () => {
    const raw = metaJson({ text: 'Olá 👍 https://x.io/a', n: 1 });
    expect(raw).toBe('{"text":"Ol\\u00e1 \\ud83d\\udc4d https:\\/\\/x.io\\/a","n":1}');
    expect(raw).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(raw)).toEqual({ text: 'Olá 👍 https://x.io/a', n: 1 });
  });

  it('signs the exact bytes, so a re-serialised body no longer verifies', () => {
    const raw = metaJson({ body: 'Grüße/ciao' });
    const signature = signMetaBody(raw, 'secret');
    expect(signature).toBe(`sha256=${createHmac('sha256', 'secret').update(raw).digest('hex')}`);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signMetaBody(Buffer.from(raw), 'secret')).toBe(signature);
    expect(signMetaBody(JSON.stringify(JSON.parse(raw)), 'secret')).not.toBe(signature);
  });
});

describe('fake Graph webhook driver', () => {
  let fake: FakeGraph;
  let receiver: RawReceiver;

  beforeAll(async () => {
    fake = await startFakeGraph({ autoStatuses: false });
    receiver = await startRawReceiver();
    fake.setWebhookTarget(receiver.url);
  });
  afterEach(() => {
    fake.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  it('builds a full inbound text envelope and delivers it in escaped, signed form', async () => {
    const text = 'Öffnet ihr am So/Feiertag? 🙂';
    const payload = fake.inboundText({ from: '+15550002222', text, name: 'Ana', userId: 'US.42', timestamp: 1760000000 });
    expect(payload).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '200000000000002',
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550001111', phone_number_id: '100000000000001' },
                contacts: [{ profile: { name: 'Ana' }, wa_id: '15550002222', user_id: 'US.42' }],
                messages: [
                  {
                    from: '15550002222',
                    id: expect.stringMatching(/^wamid\./),
                    timestamp: '1760000000',
                    text: { body: 'Öffnet ihr am So/Feiertag? 🙂' },
                    type: 'text',
                    from_user_id: 'US.42',
                  },
                ],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });

    const answer = await fake.deliverWebhook(payload);
    expect(answer).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    const [hook] = receiver.received;
    expect(hook.raw.toString('utf8')).toBe(metaJson(payload));
    expect(hook.raw.toString('utf8')).toContain('\\u00d6ffnet ihr am So\\/Feiertag? \\ud83d\\ude42');
    expect(signatureValid(hook)).toBe(true);
    expect(fake.deliveries).toEqual([expect.objectContaining({ url: receiver.url, status: 200 })]);
  });

  it('sends no signature header for signature: null, a verbatim one for a string, and honours appSecret', async () => {
    const payload = fake.echo({ to: '15550002222', text: 'Hi, Maria here.' });
    await fake.deliverWebhook(payload, { signature: null });
    await fake.deliverWebhook(payload, { signature: 'sha256=deadbeef' });
    await fake.deliverWebhook(payload, { appSecret: 'other-secret' });
    const [none, verbatim, other] = receiver.received;
    expect(none.headers['x-hub-signature-256']).toBeUndefined();
    expect(verbatim.headers['x-hub-signature-256']).toBe('sha256=deadbeef');
    expect(signatureValid(other, 'other-secret')).toBe(true);
    expect(signatureValid(other)).toBe(false);
    expect(none.json.entry[0].changes[0]).toMatchObject({
      field: 'smb_message_echoes',
      value: {
        message_echoes: [{ from: '15550001111', to: '15550002222', type: 'text', text: { body: 'Hi, Maria here.' } }],
      },
    });
  });

  it('builds status notifications, including failed ones and BSUID recipients', () => {
    const errors = [{ code: 131026, title: 'Message undeliverable' }];
    const failed: any = fake.statusNotification({
      wamid: 'wamid.A',
      status: 'failed',
      recipientId: '+15550002222',
      timestamp: 1,
      errors,
    });
    expect(failed.entry[0].changes[0].value.statuses).toEqual([
      { id: 'wamid.A', status: 'failed', timestamp: '1', recipient_id: '15550002222', errors },
    ]);
    const bsuid: any = fake.statusNotification({ wamid: 'wamid.B', status: 'read', recipientId: 'US.42' });
    expect(bsuid.entry[0].changes[0].value.statuses[0]).toMatchObject({ recipient_user_id: 'US.42' });
    expect(bsuid.entry[0].changes[0].value.statuses[0].recipient_id).toBeUndefined();
  });

  it('replays duplicates and rejects loudly without a target', async () => {
    const status = fake.statusNotification({ wamid: 'wamid.C', status: 'delivered', recipientId: '15550002222' });
    await fake.deliverWebhook(status);
    await fake.deliverWebhook(status);
    expect(receiver.received[0].raw.equals(receiver.received[1].raw)).toBe(true);
    const lonely = await startFakeGraph();
    await expect(lonely.deliverWebhook(status)).rejects.toThrow(/setWebhookTarget/);
    await lonely.close();
  });

  it('closes promptly with statuses pending and a receiver that never answers', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const slow = await startFakeGraph({ statusDelayMs: 5 });
    slow.setWebhookTarget(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`);
    slow.inboundText({ from: '15550002222', text: 'hi' });
    expect((await sendText(slow, '15550002222', 'hello')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(slow.deliveries).toEqual([expect.objectContaining({ error: expect.stringContaining('closed') })]);
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });
});
