import { createHmac } from 'node:crypto';
import { describeChannelContract } from '@confab/plugin-sdk/testing';
import { startWebhookReceiver, type WebhookReceiver } from '@confab/testing';
import { parseAllowedHosts } from '@confab/net';
import { ApiChannel } from './api-channel';

const loopbackAllowed = { allowedHosts: parseAllowedHosts('127.0.0.1') };
import type { ApiChannelConfig } from './api-channel.config';

const connection = (config: ApiChannelConfig) => ({ id: 'c1', tenantId: 't1', type: 'api', assistantId: 'a1', name: 'api', config, state: {} });
const message = { messageId: 'm-1', conversationId: 'conv-1', to: [{ kind: 'external:c1', value: 'user-9' }], text: 'Hello' };

describeChannelContract('ApiChannel', () => ({ plugin: new ApiChannel(loopbackAllowed), connection: connection({}), validConfig: { callbackUrl: 'https://example.test/cb' } }));

describe('ApiChannel callbacks', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.received.length = 0;
  });

  it('posts the reply signed with the connection secret', async () => {
    const result = await new ApiChannel(loopbackAllowed).send(connection({ callbackUrl: receiver.url, callbackSecret: 'a-long-enough-secret' }), message);
    expect(result).toMatchObject({ ok: true, deliveryStatus: 'delivered' });
    const [hit] = receiver.received;
    expect(hit.json).toEqual({ type: 'message.created', conversationId: 'conv-1', messageId: 'm-1', customerId: 'user-9', text: 'Hello' });
    const mac = createHmac('sha256', 'a-long-enough-secret').update(`m-1.${hit.headers['webhook-timestamp']}.${hit.body}`).digest('base64');
    expect(hit.headers['webhook-signature']).toBe(`v1,${mac}`);
  });

  it('classifies 5xx and 429 as retryable, other 4xx as permanent, and an unreachable URL as retryable', async () => {
    const channel = new ApiChannel(loopbackAllowed);
    receiver.script(503, 429, 404);
    const conn = connection({ callbackUrl: receiver.url });
    expect(await channel.send(conn, message)).toMatchObject({ ok: false, retryable: true, providerCode: 'HTTP_503' });
    expect(await channel.send(conn, message)).toMatchObject({ ok: false, retryable: true, providerCode: 'HTTP_429' });
    expect(await channel.send(conn, message)).toMatchObject({ ok: false, retryable: false, providerCode: 'HTTP_404' });
    expect(await channel.send(connection({ callbackUrl: 'http://127.0.0.1:1/nothing' }), message)).toMatchObject({ ok: false, retryable: true, providerCode: 'CALLBACK_UNREACHABLE' });
  });

  it('refuses callback URLs on internal addresses that are not allowed, for good', async () => {
    const strict = new ApiChannel({ allowedHosts: [] });
    expect(await strict.send(connection({ callbackUrl: receiver.url }), message)).toMatchObject({ ok: false, retryable: false, providerCode: 'CALLBACK_FORBIDDEN' });
    expect(await strict.send(connection({ callbackUrl: 'http://169.254.169.254/latest/meta-data' }), message)).toMatchObject({ ok: false, retryable: false });
    expect(receiver.received).toHaveLength(0);
  });
});
