import { textUpdate } from '../test/fake-bot-api';
import { toInboundMessage, type TelegramUpdate } from './telegram-update';
import { secretTokenMatches } from './webhook-secret';

describe('Telegram updates as inbound messages', () => {
  it('dedupes by update id, references the message by chat and message id, and knows the customer by chat id', () => {
    const message = toInboundMessage(textUpdate(77, 4242, 'hello'));
    expect(message).toMatchObject({ deliveryId: '77', providerMessageId: '4242:1077', text: 'hello', customer: { identities: [{ kind: 'telegram_chat', value: '4242' }], displayName: 'Ada Lovelace' } });
    expect(message!.attachments).toBeUndefined();
    const reply = textUpdate(80, 4242, 'about that');
    const quoting: TelegramUpdate = { ...reply, message: { ...reply.message, reply_to_message: { message_id: 1077 } } };
    expect(toInboundMessage(quoting)).toMatchObject({ deliveryId: '80', replyToProviderMessageId: '4242:1077' });
  });

  it('keeps a message without text as unsupported content, and ignores updates that are not messages', () => {
    const photo = textUpdate(78, 1, 'x');
    delete (photo.message as { text?: string }).text;
    expect(toInboundMessage(photo)?.attachments).toEqual([{ type: 'unsupported' }]);
    expect(toInboundMessage({ update_id: 79 })).toBeNull();
  });

  it('compares the secret token exactly, whatever the lengths', () => {
    expect(secretTokenMatches('a-webhook-secret-1234', 'a-webhook-secret-1234')).toBe(true);
    expect(secretTokenMatches('a-webhook-secret-123', 'a-webhook-secret-1234')).toBe(false);
    expect(secretTokenMatches(undefined, 'a-webhook-secret-1234')).toBe(false);
  });
});
