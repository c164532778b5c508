import { Logger } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import { DriverException } from '@mikro-orm/core';
import { ValidationFailed, type Connection, type InboundMessage } from '@confab/plugin-sdk';
import { ConversationInboxAdapter, InboundContentRefused } from './conversation-inbox.adapter';

const connection = { id: 'c-1', tenantId: 't-1', type: 'whatsapp', assistantId: 'a', name: 'n', config: {}, state: {} } as Connection;
const message: InboundMessage = { providerMessageId: 'wamid.1', customer: { identities: [{ kind: 'wa_id', value: '49\u0000' }], displayName: 'A\ud800' }, text: 'x\u0000', sentAt: new Date(0) };

/** A command bus that records what it is given and answers with `outcome` (Nest's bus, not the project's code). */
function bus(outcome: () => unknown): { commands: CommandBus; seen: any[] } {
  const seen: any[] = [];
  return { seen, commands: { execute: async (command: unknown) => (seen.push(command), outcome()) } as unknown as CommandBus };
}

describe('ConversationInboxAdapter', () => {
  let warn: jest.SpyInstance;
  beforeAll(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));

  it('hands the lifecycle storable text and names the repaired fields in a warning (never their content)', async () => {
    const { commands, seen } = bus(() => ({ conversationId: 'x', messageId: 'y', duplicate: false }));
    await new ConversationInboxAdapter(commands).accept(connection, message);
    const stored = seen[0].message as InboundMessage;
    expect(stored).toMatchObject({ text: 'x\ufffd', customer: { identities: [{ value: '49\ufffd' }], displayName: 'A\ufffd' } });
    expect(stored.sentAt).toBe(message.sentAt);
    const logged = warn.mock.calls.at(-1)![0];
    expect(logged.fields).toEqual(['customer.identities.0.value', 'customer.displayName', 'text']);
    expect(JSON.stringify(logged)).not.toContain('49');
  });

  it('turns a database refusal of the content (SQLSTATE class 22) into a 400-class error, and leaves other failures alone', async () => {
    const dataError = new DriverException(Object.assign(new Error('insert into "messages" ... invalid byte sequence'), { code: '22021' }));
    const refused = new ConversationInboxAdapter(bus(() => Promise.reject(dataError)).commands).accept(connection, message);
    await expect(refused).rejects.toBeInstanceOf(InboundContentRefused);
    await expect(refused).rejects.toBeInstanceOf(ValidationFailed);
    await expect(refused).rejects.toMatchObject({ details: { sqlState: '22021' } });

    const down = new DriverException(Object.assign(new Error('connection terminated'), { code: '57P01' }));
    await expect(new ConversationInboxAdapter(bus(() => Promise.reject(down)).commands).accept(connection, message)).rejects.toBe(down);
  });
});
