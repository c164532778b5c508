import { UnlimitedRateLimits } from '@confab/plugin-sdk/testing';
import { createHmac } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DomainError, type ConnectionDirectory, type ConversationInbox, type InboundMessage } from '@confab/plugin-sdk';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';

const ID = '7b0c4f8e-4c56-4a44-9a3e-0f6f2f1f2a11';
const SECRET = 'app-secret';
const connection = { id: ID, tenantId: 't', type: 'whatsapp', config: { appSecret: SECRET, phoneNumberId: '1001' } };
const directory = { load: async () => connection } as unknown as ConnectionDirectory;

function signedRequest(ids: string[]): any {
  const payload = {
    object: 'whatsapp_business_account',
    entry: [{ id: 'w', changes: [{ field: 'messages', value: {
      metadata: { phone_number_id: '1001' },
      messages: ids.map((id) => ({ from: '4915100000001', id, timestamp: '1767225600', type: 'text', text: { body: id } })),
    } }] }],
  };
  const raw = Buffer.from(JSON.stringify(payload));
  const signature = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
  return { rawBody: raw, body: payload, header: (name: string) => (name === 'x-hub-signature-256' ? signature : undefined) };
}

/** An inbox that stores what it is given, and fails the ids it is told to, the way the core's port can fail. */
function inboxFailing(failures: Record<string, Error>): { inbox: ConversationInbox; stored: string[] } {
  const stored: string[] = [];
  const inbox = {
    accept: async (_c: unknown, m: InboundMessage) => {
      const failure = failures[m.providerMessageId];
      if (failure) throw failure;
      stored.push(m.providerMessageId);
      return { conversationId: 'c', messageId: m.providerMessageId, duplicate: false };
    },
  } as unknown as ConversationInbox;
  return { inbox, stored };
}

describe('one notification, many items: a bad item never costs the others', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  it('acknowledges an item the core refuses for its content and stores the rest (200, counted as refused)', async () => {
    const { inbox, stored } = inboxFailing({ 'wamid.B': new DomainError('INBOUND_CONTENT_REFUSED', 'no') });
    const controller = new WhatsAppWebhookController(directory, inbox, {}, new UnlimitedRateLimits());
    const res = await controller.receive(ID, signedRequest(['wamid.A', 'wamid.B', 'wamid.C']));
    expect(res.received).toMatchObject({ messages: 2, refused: 1 });
    expect(stored).toEqual(['wamid.A', 'wamid.C']);
  });

  it('stores every other item before failing the delivery on an infrastructure error, so Meta redelivers', async () => {
    const down = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const { inbox, stored } = inboxFailing({ 'wamid.A': down });
    const controller = new WhatsAppWebhookController(directory, inbox, {}, new UnlimitedRateLimits());
    await expect(controller.receive(ID, signedRequest(['wamid.A', 'wamid.B', 'wamid.C']))).rejects.toBe(down);
    expect(stored).toEqual(['wamid.B', 'wamid.C']);
  });
});
