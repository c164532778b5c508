import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { OutboxRelay } from '@confab/persistence';
import { AI_REPLY_QUEUE, PendingWorkSweeper } from '@confab/conversations';
import { eventually, queryDatabase, text, type FakeGraph } from '@confab/testing';
import type { TestServer } from './support/test-server';
import { startWhatsAppTenant, textSendsTo } from './support/whatsapp-helpers';

/**
 * The process that receives a customer message queues its reply right after the commit; the message's event is
 * logged for the read models but not relayed. A job lost before it ran (Redis restarted without persistence, the
 * process died before queueing) leaves the message pending, and the sweeper queues its reply.
 */
describe('a reply queued on receipt (loopback Graph API, real PostgreSQL and Redis)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let replies: Queue;

  const messageEvent = async (digits: string) =>
    (
      await queryDatabase<{ id: string; relayed: boolean; scheduled: boolean; queued: boolean; reply_state: string; stamped: boolean }>(
        server.db.url,
        `select e.id, e.relayed, (e.payload->>'scheduledOnReceipt')::boolean as scheduled, m.reply_state, m.reply_queued_at is not null as stamped,
                exists (select 1 from outbox o where o.event_id = e.id) as queued
           from domain_events e join messages m on m.id = (e.payload->>'messageId')::uuid
           join conversations c on c.id = m.conversation_id join customer_identities i on i.customer_id = c.customer_id
          where i.value = $1 and e.type = 'CustomerMessageReceived'`,
        [digits],
      )
    )[0];

  beforeAll(async () => {
    ({ server, graph } = await startWhatsAppTenant({}));
    replies = server.app.get<Queue>(getQueueToken(AI_REPLY_QUEUE));
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('is queued without the relay: the message event gets no outbox row and the reply goes out', async () => {
    server.openai.respondWith(() => text('Open until six.'));
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000071', text: 'When do you close?' }));
    await eventually(() => expect(textSendsTo(graph, '4915100000071')).toHaveLength(1), { timeoutMs: 15_000 });
    // The pipeline trace's 'queued' time came with the message's insert: no statement of its own.
    expect(await messageEvent('4915100000071')).toMatchObject({ relayed: false, scheduled: true, queued: false, reply_state: 'answered', stamped: true });
    // Its conversation's start is only logged too: read models take it from the log, the message carried it live.
    const started = await queryDatabase<{ relayed: boolean; queued: boolean }>(
      server.db.url,
      `select e.relayed, exists (select 1 from outbox o where o.event_id = e.id) as queued
         from domain_events e join conversations c on c.id = e.aggregate_id join customer_identities i on i.customer_id = c.customer_id
        where i.value = $1 and e.type = 'ConversationStarted'`,
      ['4915100000071'],
    );
    expect(started).toEqual([{ relayed: false, queued: false }]);
  });

  it('is queued by the sweeper when its job was lost before it ran, and answered once', async () => {
    await replies.pause(true);
    try {
      await graph.deliverWebhook(graph.inboundText({ from: '4915100000072', text: 'Do you deliver?' }));
      const event = await eventually(async () => {
        const row = await messageEvent('4915100000072');
        expect(row).toMatchObject({ relayed: false, queued: false, reply_state: 'pending' });
        return row;
      });
      // The job is gone, as after a Redis restart without persistence; the relay has nothing that would queue it again.
      await eventually(async () => expect(await replies.getWaiting()).not.toHaveLength(0));
      for (const job of await replies.getJobs(['waiting', 'delayed'])) await job.remove();
      await server.app.get(OutboxRelay).drain();
      expect((await messageEvent('4915100000072')).reply_state).toBe('pending');
      expect(event.scheduled).toBe(true);
    } finally {
      await replies.resume(true);
    }
    server.openai.respondWith(() => text('Within the city, yes.'));
    expect(await server.app.get(PendingWorkSweeper).sweep(0)).toMatchObject({ replies: 1 });
    await eventually(() => expect(textSendsTo(graph, '4915100000072')).toHaveLength(1), { timeoutMs: 15_000 });
    expect((await messageEvent('4915100000072')).reply_state).toBe('answered');
  });
});
