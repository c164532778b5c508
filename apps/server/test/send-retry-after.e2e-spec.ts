import { eventually, text, type FakeGraph } from '@confab/testing';
import type { ApiClient } from './support/api-client';
import type { TestServer } from './support/test-server';
import { startWhatsAppTenant, textSendsTo } from './support/whatsapp-helpers';

/**
 * A provider's retry-after reaches the send queue: the WhatsApp plugin reports it in SendResult.retryAfterMs and
 * the next attempt waits at least that long, although the queue's own backoff (30 ms here) would go much sooner.
 */
describe('Send retries honour the provider retry-after (loopback Graph API, real PostgreSQL and Redis)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;

  const replyOf = async (identifier: string) => {
    const list = await api.get(`/api/v1/conversations?channel=whatsapp&customer=${identifier}`);
    if (!list.body.items[0]) return null;
    const detail = (await api.get(`/api/v1/conversations/${list.body.items[0].id}`)).body;
    return detail.messages.find((m: any) => m.author === 'assistant') ?? null;
  };

  beforeAll(async () => {
    ({ server, graph, api } = await startWhatsAppTenant({ conversations: { sendAttempts: 2, sendBackoffMs: 30 } }));
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('waits out a 429 Retry-After before the next attempt, and the message says when that is', async () => {
    server.openai.respondWith(() => text('Fresh rolls at seven.'));
    graph.failNext({ code: 130429, httpStatus: 429, retryAfter: 3 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000031', text: 'When are rolls ready?' }));

    // Between the attempts the stored delivery state names the provider's wait and the next attempt's time.
    const waiting = await eventually(async () => {
      const reply = await replyOf('4915100000031');
      expect(reply?.error?.nextAttemptAt).toEqual(expect.any(String));
      return reply;
    });
    expect(waiting).toMatchObject({ deliveryStatus: 'pending', error: { code: '130429', retryable: true, retryAfterMs: 3000 } });
    const [first] = textSendsTo(graph, '4915100000031');
    expect(Date.parse(waiting.error.nextAttemptAt) - first.at).toBeGreaterThanOrEqual(3000);

    const sent = await eventually(async () => {
      const reply = await replyOf('4915100000031');
      expect(reply?.deliveryStatus).toMatch(/sent|delivered|read/);
      return reply;
    }, { timeoutMs: 20_000 });
    expect(sent.error).toBeNull();
    const attempts = textSendsTo(graph, '4915100000031');
    expect(attempts).toHaveLength(2);
    // The queue's own backoff would have retried after 30 ms; the provider asked for 3 s.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(3000);
  });

  it('still counts the waits as attempts: the last one fails the message for good', async () => {
    server.openai.respondWith(() => text('We open at six.'));
    // A throughput error in Meta's own form (HTTP 400, code in the body, no header): the plugin waits its 1 s window.
    graph.failNext({ code: 130429 }, { code: 130429 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000032', text: 'When do you open?' }));
    const failed = await eventually(async () => {
      const reply = await replyOf('4915100000032');
      expect(reply?.deliveryStatus).toBe('failed');
      return reply;
    }, { timeoutMs: 20_000 });
    expect(failed.error).toMatchObject({ code: '130429', retryable: true, retryAfterMs: 1000 });
    expect(failed.error.nextAttemptAt).toBeUndefined();
    const attempts = textSendsTo(graph, '4915100000032');
    expect(attempts).toHaveLength(2);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000);
  });
});
