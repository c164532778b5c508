import { getQueueToken } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { OutboxRelay } from '@confab/persistence';
import { AI_REPLY_QUEUE, GenerateReply, OUTBOUND_SEND_QUEUE, PendingWorkSweeper } from '@confab/conversations';
import { eventually, queryDatabase, text, type FakeGraph } from '@confab/testing';
import type { ApiClient } from './support/api-client';
import type { TestServer } from './support/test-server';
import { startWhatsAppTenant, textSendsTo } from './support/whatsapp-helpers';

/**
 * The reply job sends its own reply right after the turn commits (queues/reply-sender.ts), instead of through the
 * relay and the send queue; the send queue keeps the retries, and the sweeper the replies of a worker that died
 * between the commit and the send.
 */
describe('a reply sent by its reply job (loopback Graph API, real PostgreSQL and Redis)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let sendQueue: Queue;

  const replyRowOf = async (digits: string) =>
    (
      await queryDatabase<{ id: string; delivery_status: string; send_attempts: number }>(
        server.db.url,
        `select m.id, m.delivery_status, m.send_attempts from messages m
           join conversations c on c.id = m.conversation_id join customer_identities i on i.customer_id = c.customer_id
          where i.value = $1 and m.author = 'assistant'`,
        [digits],
      )
    )[0];

  beforeAll(async () => {
    ({ server, graph, api } = await startWhatsAppTenant({ conversations: { sendAttempts: 2, sendBackoffMs: 30 } }));
    sendQueue = server.app.get<Queue>(getQueueToken(OUTBOUND_SEND_QUEUE));
  });
  afterAll(async () => {
    await graph?.close();
    await server?.close();
  });
  beforeEach(() => server.openai.reset());

  it('goes out with the send queue stopped, and leaves no send job behind', async () => {
    // This worker takes no send jobs: a reply that needed one would wait forever.
    await sendQueue.pause(true);
    try {
      server.openai.respondWith(() => text('Rye until noon.'));
      await graph.deliverWebhook(graph.inboundText({ from: '4915100000051', text: 'Any rye left?' }));
      await eventually(async () => expect((await replyRowOf('4915100000051'))?.delivery_status).toMatch(/sent|delivered|read/), { timeoutMs: 15_000 });
      expect(textSendsTo(graph, '4915100000051')).toHaveLength(1);
      await server.app.get(OutboxRelay).drain();
      const counts = await sendQueue.getJobCounts();
      expect(counts.waiting + counts.delayed + counts.active).toBe(0);
    } finally {
      await sendQueue.resume(true);
    }
  });

  it('is retried by the send queue after a retryable failure, its own attempt counted among the attempts', async () => {
    // sendAttempts 2: the reply job's attempt and one queued retry, then the reply is failed for good.
    server.openai.respondWith(() => text('Spelt on Fridays.'));
    graph.failNext({ code: 131000 }, { code: 131000 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000052', text: 'Spelt?' }));
    await eventually(async () => expect((await replyRowOf('4915100000052'))?.delivery_status).toBe('failed'), { timeoutMs: 15_000 });
    expect(textSendsTo(graph, '4915100000052')).toHaveLength(2);
    expect((await replyRowOf('4915100000052')).send_attempts).toBe(2);

    // One failure, then the retry goes through.
    server.openai.respondWith(() => text('Oat bread too.'));
    graph.failNext({ code: 131000 });
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000053', text: 'Oat bread?' }));
    await eventually(async () => expect((await replyRowOf('4915100000053'))?.delivery_status).toMatch(/sent|delivered|read/), { timeoutMs: 15_000 });
    expect(textSendsTo(graph, '4915100000053')).toHaveLength(2);
  });

  it('is retried by the sweeper when the retry job was lost, and not while the job is still there', async () => {
    // The send queue is stopped here, so the retry the reply job queues after its failed attempt waits.
    await sendQueue.pause(true);
    try {
      server.openai.respondWith(() => text('Poppy seed rolls.'));
      graph.failNext({ code: 131000 });
      await graph.deliverWebhook(graph.inboundText({ from: '4915100000055', text: 'Poppy seeds?' }));
      const failedOnce = await eventually(async () => {
        const row = await replyRowOf('4915100000055');
        expect(row?.send_attempts).toBe(1);
        return row;
      }, { timeoutMs: 15_000 });
      await new Promise((r) => setTimeout(r, 100)); // past the retry's time (30 ms backoff)
      // Its job is still there: the sweeper leaves it alone.
      expect(await server.app.get(PendingWorkSweeper).sweep(0)).toMatchObject({ sends: 0 });
      // Lost, as when Redis refused it: the sweeper queues the retry again.
      await (await sendQueue.getJob(`send:${failedOnce.id}:1`))!.remove();
      expect(await server.app.get(PendingWorkSweeper).sweep(0)).toMatchObject({ sends: 1 });
    } finally {
      await sendQueue.resume(true);
    }
    await eventually(async () => expect((await replyRowOf('4915100000055'))?.delivery_status).toMatch(/sent|delivered|read/), { timeoutMs: 15_000 });
    expect(textSendsTo(graph, '4915100000055')).toHaveLength(2);
  });

  it('is sent by the sweeper when its worker died between the commit and the send', async () => {
    // No reply job runs: the message waits for one while the turn is run by hand, as a worker that dies after its commit.
    const replies = server.app.get<Queue>(getQueueToken(AI_REPLY_QUEUE));
    await replies.pause(true);
    try {
      await graph.deliverWebhook(graph.inboundText({ from: '4915100000054', text: 'Croissants?' }));
      const [conversation] = await eventually(async () => {
        const rows = await queryDatabase<{ id: string; tenant_id: string }>(
          server.db.url,
          `select c.id, c.tenant_id from conversations c join customer_identities i on i.customer_id = c.customer_id where i.value = $1`,
          ['4915100000054'],
        );
        expect(rows).toHaveLength(1);
        return rows;
      });
      server.openai.respondWith(() => text('Every morning.'));
      const outcome = await server.app.get(CommandBus).execute(new GenerateReply(conversation.tenant_id, conversation.id, false, 0, undefined, true));
      expect(outcome.status).toBe('replied');
      // Its event queued no send: the reply job would have sent it.
      await server.app.get(OutboxRelay).drain();
      await new Promise((r) => setTimeout(r, 300));
      expect(textSendsTo(graph, '4915100000054')).toHaveLength(0);
      expect((await replyRowOf('4915100000054')).delivery_status).toBe('pending');

      expect(await server.app.get(PendingWorkSweeper).sweep(0)).toMatchObject({ sends: 1 });
      await eventually(async () => expect((await replyRowOf('4915100000054'))?.delivery_status).toMatch(/sent|delivered|read/), { timeoutMs: 15_000 });
      expect(textSendsTo(graph, '4915100000054')).toHaveLength(1);
    } finally {
      await replies.resume(true);
    }
  });
});
