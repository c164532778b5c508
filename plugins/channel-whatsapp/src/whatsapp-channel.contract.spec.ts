import { parseAllowedHosts } from '@confab/net';
import { describeChannelContract } from '@confab/plugin-sdk/testing';
import { startFakeGraph, type FakeGraph } from '@confab/testing';
import { WhatsAppChannel } from './whatsapp-channel';
import type { WhatsAppConnectionConfig } from './whatsapp.config';

let graph: FakeGraph;
const config = (): WhatsAppConnectionConfig => ({
  phoneNumberId: '100000000000001', businessAccountId: '200000000000002', accessToken: 'test-access-token',
  appSecret: 'test-app-secret', verifyToken: 'verify-token-1', graphApiBaseUrl: graph.url, graphApiVersion: 'v25.0',
});
// The fake Graph listens on loopback, which the address policy refuses unless listed (as OUTBOUND_ALLOWED_HOSTS does).
const channel = () => new WhatsAppChannel({ allowedHosts: parseAllowedHosts('127.0.0.1') });
const connection = () => ({ id: 'c1', tenantId: 't1', type: 'whatsapp', assistantId: 'a1', name: 'wa', config: config(), state: {} });

beforeAll(async () => {
  graph = await startFakeGraph({ autoStatuses: false });
});
afterAll(() => graph.close());

describeChannelContract('WhatsAppChannel', () => ({
  plugin: channel(),
  connection: connection(),
  message: { to: [{ kind: 'wa_id', value: '4915123456789' }] },
  validConfig: { phoneNumberId: '100000000000001', businessAccountId: '200000000000002', accessToken: 'EAAG-long-token', appSecret: 'app-secret-1', verifyToken: 'verify-token-1' },
}));

describe('WhatsAppChannel sending', () => {
  beforeEach(() => graph.reset());

  it('splits a long reply into parts under 4096 characters, in order, quoting only in the first', async () => {
    graph.inboundText({ from: '4915123456789', text: 'hi' });
    const paragraph = 'A sentence that goes on for a while. '.repeat(60);
    const text = [paragraph, paragraph, paragraph].join('\n\n');
    const result = await channel().send(connection(), { messageId: 'm1', conversationId: 'c', to: [{ kind: 'wa_id', value: '4915123456789' }], text, replyToProviderMessageId: 'wamid.Q' });
    expect(result.ok).toBe(true);
    const sends = graph.sent();
    expect(sends.length).toBeGreaterThan(1);
    expect(sends.every((s) => s.body.text.body.length <= 4096)).toBe(true);
    expect(sends.map((s) => s.body.text.body).join('\n\n').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
    expect(sends[0].body.context).toEqual({ message_id: 'wamid.Q' });
    expect(sends.slice(1).every((s) => !s.body.context)).toBe(true);
  });

  it('classifies Graph errors: throttling retryable, a bad token permanent', async () => {
    graph.inboundText({ from: '4915123456789', text: 'hi' });
    const wa = channel();
    const msg = { messageId: 'm2', conversationId: 'c', to: [{ kind: 'wa_id', value: '4915123456789' }], text: 'hello' };
    graph.failNext({ code: 130429 }, { code: 190 }, { code: 131056, httpStatus: 429, retryAfter: 12 });
    expect(await wa.send(connection(), msg)).toMatchObject({ ok: false, retryable: true, providerCode: '130429', retryAfterMs: 1000 });
    const permanent = await wa.send(connection(), msg);
    expect(permanent).toMatchObject({ ok: false, retryable: false, providerCode: '190' });
    expect(permanent).not.toHaveProperty('retryAfterMs');
    // A Retry-After header (a proxy's 429) is the provider's word and wins over the code's own window.
    expect(await wa.send(connection(), msg)).toMatchObject({ ok: false, retryable: true, providerCode: '131056', retryAfterMs: 12_000 });
    expect(await wa.send({ ...connection(), config: { ...config(), graphApiBaseUrl: 'http://127.0.0.1:1' } }, msg)).toMatchObject({ ok: false, retryable: true });
  });
});
