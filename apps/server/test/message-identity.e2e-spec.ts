import { ConnectionDirectory, ConversationInbox, type Connection, type InboundMessage } from '@confab/plugin-sdk';
import { text } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * A channel whose provider dedupes by an update id (Telegram-like) and names messages by another id: the update id
 * goes in `deliveryId`, the message id in `providerMessageId`. Driven through the SDK port a plugin uses
 * (ConversationInbox), against the real core, PostgreSQL and Redis.
 */
describe('Inbound message identity: delivery id (dedupe) apart from the message reference (quotes, edits, reactions)', () => {
  let server: TestServer;
  let api: ApiClient;
  let inbox: ConversationInbox;
  let connection: Connection;
  const customer = { identities: [{ kind: 'chat', value: 'chat-7001' }], displayName: 'Ada' };
  const update = (updateId: number, messageId: number, extra: Partial<InboundMessage> = {}): InboundMessage => ({
    deliveryId: `update:${updateId}`,
    providerMessageId: `chat-7001:${messageId}`,
    customer,
    text: `message ${messageId}`,
    sentAt: new Date(),
    ...extra,
  });
  const detail = async (conversationId: string) => (await api.get(`/api/v1/conversations/${conversationId}`)).body;

  beforeAll(async () => {
    server = await startTestServer();
    ({ api } = await createTenant(server.url, server.platformKey, 'Identity'));
    const assistantId = (await api.post('/api/v1/assistants', { name: 'Shop', systemPrompt: 'Shop assistant.', model: 'gpt-4o-mini' })).body.id;
    const channelId = (await api.post('/api/v1/channels', { type: 'api', assistantId, config: {} })).body.id;
    connection = await server.app.get(ConnectionDirectory).load(channelId, { type: 'api' });
    inbox = server.app.get(ConversationInbox);
    server.openai.respondWith(() => text('Noted.'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a redelivered update is a no-op, also when it races itself, and a new update naming a stored message too', async () => {
    const first = await inbox.accept(connection, update(500, 11));
    expect(first.duplicate).toBe(false);
    const again = await Promise.all([inbox.accept(connection, update(500, 11)), inbox.accept(connection, update(500, 11))]);
    expect(again).toEqual([{ ...first, duplicate: true }, { ...first, duplicate: true }]);
    // The provider resent the same message under a fresh update id: still that message.
    expect(await inbox.accept(connection, update(501, 11))).toEqual({ ...first, duplicate: true });
    // The same update id is the key, whatever reference it carries.
    expect(await inbox.accept(connection, update(500, 12))).toEqual({ ...first, duplicate: true });
    const customerMessages = (await detail(first.conversationId)).messages.filter((m: any) => m.author === 'customer');
    expect(customerMessages).toHaveLength(1);
    expect(customerMessages[0]).toMatchObject({ id: first.messageId, providerMessageId: 'chat-7001:11' });
  });

  it('a reply quoting the message by its reference links to it; an edit and a reaction find it by the reference', async () => {
    const quoted = await inbox.accept(connection, update(600, 21, { text: 'I want the blue one' }));
    const reply = await inbox.accept(connection, update(601, 22, { text: 'Actually, in size M', replyToProviderMessageId: 'chat-7001:21' }));
    expect(reply.duplicate).toBe(false);
    // Edits and reactions name the message, never the update that brought it.
    expect(await inbox.recordEdit(connection, { providerMessageId: 'update:600', text: 'nope', at: new Date() })).toBe(false);
    expect(await inbox.recordEdit(connection, { providerMessageId: 'chat-7001:21', text: 'I want the red one', at: new Date() })).toBe(true);
    expect(await inbox.recordReaction(connection, { targetProviderMessageId: 'chat-7001:22', emoji: '👍', customer, at: new Date() })).toBe(true);

    const messages = (await detail(quoted.conversationId)).messages;
    const byId = (id: string) => messages.find((m: any) => m.id === id);
    expect(byId(reply.messageId)).toMatchObject({ providerMessageId: 'chat-7001:22', replyTo: { providerMessageId: 'chat-7001:21', messageId: quoted.messageId } });
    expect(byId(quoted.messageId)).toMatchObject({ text: 'I want the red one', editedAt: expect.any(String), metadata: { edits: [expect.objectContaining({ text: 'I want the blue one' })] } });
    expect(byId(reply.messageId).metadata.reactions).toEqual([expect.objectContaining({ emoji: '👍' })]);
  });

  it('without a delivery id the reference is the dedupe key, as before', async () => {
    const plain = (id: string): InboundMessage => ({ providerMessageId: id, customer, text: 'plain', sentAt: new Date() });
    const first = await inbox.accept(connection, plain('chat-7001:31'));
    expect(await inbox.accept(connection, plain('chat-7001:31'))).toEqual({ ...first, duplicate: true });
    expect((await inbox.accept(connection, plain('chat-7001:32'))).duplicate).toBe(false);
  });
});
