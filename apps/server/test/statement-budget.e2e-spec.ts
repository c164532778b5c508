import { countStatements, eventually, queryDatabase, startFakeGraph, text, type FakeGraph, type StatementCounter, type StatementTally } from '@confab/testing';
import { CommandBus } from '@nestjs/cqrs';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { OutboxRelay } from '@confab/persistence';
import { AI_REPLY_QUEUE, DeliverOutboundMessage, GenerateReply } from '@confab/conversations';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

/**
 * At most `statements` in all (fewer is fine: a cached connection saves its lookup) and exactly `transactions`
 * transactions that commit (0: every statement commits on its own).
 */
function withinBudget(tally: StatementTally, statements: number, transactions = 1): void {
  const writes = tally.commits - tally.autocommits;
  if (tally.statements > statements || writes !== transactions || tally.rollbacks) {
    throw new Error(`${tally.statements} statements (budget ${statements}), ${writes} commits of transactions (budget ${transactions}), ${tally.rollbacks} rollbacks:\n${tally.texts.join('\n')}`);
  }
}

/**
 * What one WhatsApp webhook costs PostgreSQL, counted statement by statement at the driver (a count, unlike a
 * time, does not vary between runs). The relay and the reply queue are stopped so only the webhook's own statements
 * are counted (a reply is queued on receipt, so its job would run during the count).
 */
describe('SQL statements per WhatsApp webhook (loopback Graph API, real PostgreSQL)', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let api: ApiClient;
  let counter: StatementCounter;
  let tenantId: string;

  const deliver = async (payload: object) => {
    counter.reset();
    const res = await graph.deliverWebhook(payload);
    expect(res.status).toBe(200);
    return counter.tally();
  };
  const FREE = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  /** One callback carrying the statuses of several notifications, as Meta batches them. */
  const together = (...payloads: any[]) => {
    const first = structuredClone(payloads[0]);
    first.entry[0].changes[0].value.statuses = payloads.flatMap((p) => p.entry[0].changes[0].value.statuses);
    return first;
  };
  const conversationOf = async (digits: string) => (await api.get(`/api/v1/conversations?channel=whatsapp&customer=${digits}`)).body.items[0];

  beforeAll(async () => {
    // The metrics projector polls the log on its own schedule; kept out of the count, which is the webhook's alone.
    server = await startTestServer({ metrics: { pollMs: 3_600_000, batchSize: 1000 } });
    graph = await startFakeGraph({ autoStatuses: false });
    ({ api, id: tenantId } = await createTenant(server.url, server.platformKey, 'Budget'));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Budget', systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
    graph.setWebhookTarget(`${server.url}/webhooks/whatsapp/${(await connectWhatsApp(api, assistantId, graph.url)).id}`);
    counter = countStatements();
  });
  afterAll(async () => {
    counter?.stop();
    await graph?.close();
    await server?.close();
  });

  it('stores a text message of a known customer with an open conversation in two statements and no transaction', async () => {
    await graph.deliverWebhook(graph.inboundText({ from: '4915100000901', text: 'first', name: 'Ada' }));
    // The reply sent and recorded, its events relayed: nothing else runs from here.
    await eventually(() => expect(graph.sent()).toHaveLength(1));
    await eventually(async () => expect(await queryDatabase(server.db.url, 'select 1 from messages where provider_message_id = $1', [graph.sent()[0].wamid])).toHaveLength(1));
    await server.app.get(OutboxRelay).drain();
    await server.app.get(OutboxRelay).onModuleDestroy();
    await server.app.get<Queue>(getQueueToken(AI_REPLY_QUEUE)).pause(true);

    const tally = await deliver(graph.inboundText({ from: '4915100000901', text: 'second', name: 'Ada' }));
    // One read (dedupe, customer, conversation) and one write that is atomic by itself. No NOTIFY: the reply is
    // queued on receipt, so the message's event is not relayed. The connection comes from memory.
    withinBudget(tally, 2, 0);
    expect(tally.rollbacks).toBe(0);
    const conversation = await conversationOf('4915100000901');
    expect(conversation).toMatchObject({ messageCount: 3, customer: { name: 'Ada', identifier: '4915100000901' }, status: 'open' }); // with the reply
  });

  it('creates the customer and the conversation of a first message in the same two statements', async () => {
    const tally = await deliver(graph.inboundText({ from: '4915100000902', text: 'hello', name: 'Grace' }));
    // No NOTIFY either: nothing reacts to ConversationStarted, so it is not relayed (the message carries it live).
    withinBudget(tally, 2, 0);
    expect(await conversationOf('4915100000902')).toMatchObject({ messageCount: 1, customer: { name: 'Grace', identifier: '4915100000902' } });
  });

  it('answers a redelivered message as a duplicate after one read', async () => {
    const payload = graph.inboundText({ from: '4915100000903', text: 'once', id: 'wamid.budget-dup' });
    await deliver(payload);
    const again = await deliver(payload);
    withinBudget(again, 1, 0); // the read
    await eventually(async () => expect(await conversationOf('4915100000903')).toMatchObject({ messageCount: 1 }));
  });

  it('moves a reply forward on a status webhook in one statement; a callback with several statuses commits once', async () => {
    const [reply] = graph.sent();
    const status = (name: 'sent' | 'delivered' | 'read', pricing?: object) => graph.statusNotification({ wamid: reply.wamid, recipientId: '4915100000901', status: name, pricing });
    const replyRow = async () => (await queryDatabase<{ id: string; delivery_status: string }>(server.db.url, 'select id, delivery_status from messages where provider_message_id = $1', [reply.wamid]))[0];

    const delivered = await deliver(status('delivered', FREE));
    // The update that also logs its event, atomic by itself (and the NOTIFY for the relays when it went out first).
    withinBudget(delivered, 2, 0);
    expect(delivered.texts.filter((t) => !/^select pg_notify/.test(t))).toHaveLength(1);
    expect((await replyRow()).delivery_status).toBe('delivered');

    const stale = await deliver(status('sent', FREE)); // arrives late: changes nothing, costs the same
    withinBudget(stale, 2, 0);
    expect((await replyRow()).delivery_status).toBe('delivered');

    const batch = await deliver(together(status('delivered', FREE), status('read')));
    withinBudget(batch, 5); // BEGIN, one statement per status, COMMIT (and the NOTIFY)
    const { id } = await replyRow();
    expect((await replyRow()).delivery_status).toBe('read');
    const logged = await queryDatabase<{ status: string }>(server.db.url, `select payload->>'status' as status from domain_events where type = 'DeliveryStatusChanged' and payload->>'messageId' = $1 order by id`, [id]);
    expect(logged.map((e) => e.status)).toEqual(['delivered', 'read']);
  });

  // The reply leg, run as its jobs run it (the relay is stopped since the first test, so nothing else starts it):
  // the turn's read, then one statement that locks and writes everything; the send's read, then one statement
  // that records it with its event.
  it('answers a waiting message in 2 statements and sends the reply in 2, without a transaction around either', async () => {
    await deliver(graph.inboundText({ from: '4915100000910', text: 'When do you open?', name: 'Lin' }));
    const conversation = await conversationOf('4915100000910');
    const commands = server.app.get(CommandBus);
    server.openai.enqueue(text('From nine to six.'));

    counter.reset();
    const outcome = await commands.execute(new GenerateReply(tenantId, conversation.id, false));
    const turn = counter.tally();
    expect(outcome).toMatchObject({ status: 'replied', morePending: false });
    // The conversation with the turn's messages; then the locks, the check that nothing moved and the writes as one
    // statement that is a transaction by itself (its guard, confab_turn_guard, takes the locks). (The assistant, the budget and the connection
    // come from memory: earlier tests used them.)
    withinBudget(turn, 2, 0);

    counter.reset();
    const sent = await commands.execute(new DeliverOutboundMessage(tenantId, (outcome as { messageId: string }).messageId, false));
    const send = counter.tally();
    expect(sent.status).toBe('sent');
    // The message with what sending needs; the record with its event, after the early statuses' lock, as one statement
    // that is a transaction by itself (its guard, confab_sent_guard, takes the lock).
    withinBudget(send, 2, 0);
    expect(graph.sent().filter((s) => s.to.replace(/^\+/, '') === '4915100000910')).toHaveLength(1);
    expect(await conversationOf('4915100000910')).toMatchObject({ messageCount: 2 });
  });

  // The reply job sends its own reply: the turn hands over what the send would read (the reply, the conversation's
  // channel and service window, the customer's identities), so the send leg is the record alone.
  it("sends a reply job's reply in 1 statement: the turn's read already knows where it goes", async () => {
    await deliver(graph.inboundText({ from: '4915100000930', text: 'Do you deliver?', name: 'Ola' }));
    const conversation = await conversationOf('4915100000930');
    const commands = server.app.get(CommandBus);
    server.openai.enqueue(text('Within the city, yes.'));

    counter.reset();
    const outcome = await commands.execute(new GenerateReply(tenantId, conversation.id, false, 0, undefined, true));
    withinBudget(counter.tally(), 2, 0);
    const { messageId, send: preloaded } = outcome as { messageId: string; send: NonNullable<DeliverOutboundMessage['preloaded']> };
    // What the send would have read back (outbound-send-rows.ts loadOutboundSend), column for column.
    const identities = await queryDatabase<{ kind: string; value: string }>(server.db.url,
      'select i.kind, i.value from customer_identities i join conversations c on c.customer_id = i.customer_id where c.id = $1 order by i.created_at, i.id', [conversation.id]);
    const [stored] = await queryDatabase<{ text: string; metadata: object; service_window_expires_at: Date; connection_id: string }>(server.db.url,
      'select m.text, m.metadata, c.service_window_expires_at, c.connection_id from messages m join conversations c on c.id = m.conversation_id where m.id = $1', [messageId]);
    expect(identities.length).toBeGreaterThan(0);
    expect(preloaded).toEqual({
      id: messageId, conversationId: conversation.id, deliveryStatus: 'pending', text: stored.text, metadata: stored.metadata, replyToProviderMessageId: null,
      channel: 'whatsapp', connectionId: stored.connection_id, serviceWindowExpiresAt: stored.service_window_expires_at, to: identities,
    });

    counter.reset();
    const sent = await commands.execute(new DeliverOutboundMessage(tenantId, messageId, false, 0, preloaded));
    const send = counter.tally();
    expect(sent.status).toBe('sent');
    withinBudget(send, 1, 0);
    expect(send.texts[0]).toMatch(/^with guard as materialized \(select confab_sent_guard\(/);
    expect(graph.sent().filter((s) => s.to.replace(/^\+/, '') === '4915100000930').map((s) => s.body?.text?.body)).toEqual(['Within the city, yes.']);
    const [row] = await queryDatabase<{ delivery_status: string }>(server.db.url, 'select delivery_status from messages where id = $1', [messageId]);
    expect(row.delivery_status).toBe('sent');
  });

  // The one-statement commit declines when something moved while the model answered (here: the customer wrote
  // again), changing nothing; the transaction then decides (a superseded text, or a reply with more to answer).
  it('takes the transaction when the customer wrote again while the reply was generated', async () => {
    await deliver(graph.inboundText({ from: '4915100000920', text: 'Are you open today?', name: 'Ida' }));
    const conversation = await conversationOf('4915100000920');
    const commands = server.app.get(CommandBus);
    server.openai.enqueue(text('Yes, until six.'));
    const asked = server.openai.requests.length;
    const release = server.openai.hold();
    const turn = commands.execute(new GenerateReply(tenantId, conversation.id, false));
    await eventually(() => expect(server.openai.requests.length).toBeGreaterThan(asked));
    await deliver(graph.inboundText({ from: '4915100000920', text: 'And tomorrow?', name: 'Ida' }));

    counter.reset();
    release();
    const outcome = await turn;
    const commit = counter.tally();
    expect(outcome).toMatchObject({ morePending: true });
    expect(commit.texts[0]).toMatch(/^with guard as materialized \(select confab_turn_guard\(/);
    // The declined attempt; then BEGIN, the conversation's lock, the messages' lock, one write, COMMIT.
    withinBudget(commit, 6, 1);
    const states = await queryDatabase<{ text: string; reply_state: string }>(server.db.url,
      `select text, reply_state from messages where conversation_id = $1 and direction = 'inbound'`, [conversation.id]);
    // The second message still waits for its own turn, whatever became of the first's text.
    expect(states.find((m) => m.text === 'And tomorrow?')).toEqual({ text: 'And tomorrow?', reply_state: 'pending' });
    const first = states.find((m) => m.text === 'Are you open today?')!.reply_state;
    expect(outcome.status === 'superseded' ? first === 'pending' : outcome.status === 'replied' && first === 'answered').toBe(true);
  });

  // The guard also sees a person taking the conversation over while the model answered: the one-statement commit
  // writes nothing (not the reply, not its ledger, not its events), and the text is never sent.
  it('writes and sends nothing when a person took the conversation over while the reply was generated', async () => {
    await deliver(graph.inboundText({ from: '4915100000940', text: 'I want a refund', name: 'Kai' }));
    const conversation = await conversationOf('4915100000940');
    const commands = server.app.get(CommandBus);
    server.openai.enqueue(text('Refunds take five days.'));
    const asked = server.openai.requests.length;
    const release = server.openai.hold();
    const turn = commands.execute(new GenerateReply(tenantId, conversation.id, false, 0, undefined, true));
    await eventually(() => expect(server.openai.requests.length).toBeGreaterThan(asked));
    expect((await api.post(`/api/v1/conversations/${conversation.id}/handoff`, { reason: 'Refund questions go to a person' })).status).toBe(200);

    counter.reset();
    release();
    const outcome = await turn;
    const commit = counter.tally();
    expect(commit.texts[0]).toMatch(/^with guard as materialized \(select confab_turn_guard\(/);
    expect(outcome.status).not.toBe('replied');
    expect(outcome).not.toHaveProperty('send');
    const replies = await queryDatabase<{ id: string }>(server.db.url,
      `select id from messages where conversation_id = $1 and author = 'assistant'`, [conversation.id]);
    expect(replies).toEqual([]);
    const [inbound] = await queryDatabase<{ reply_state: string }>(server.db.url,
      `select reply_state from messages where conversation_id = $1 and direction = 'inbound'`, [conversation.id]);
    expect(inbound.reply_state).not.toBe('answered');
    expect((await conversationOf('4915100000940')).owner).toBe('human');
    await new Promise((r) => setTimeout(r, 300));
    expect(graph.sent().filter((s) => s.to.replace(/^\+/, '') === '4915100000940')).toEqual([]);
  });
});
