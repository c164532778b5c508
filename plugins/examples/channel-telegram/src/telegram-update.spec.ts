import { textUpdate } from '../test/fake-bot-api';
import { toInboundMessage } from './telegram-update';
import { secretTokenMatches } from './webhook-secret';

describe('Telegram updates as inbound messages', () => {
  it('keys the message by update id and the customer by chat id, with the sender as display name', () => {
    const message = toInboundMessage(textUpdate(77, 4242, 'hello'));
    expect(message).toMatchObject({ providerMessageId: '77', text: 'hello', customer: { identities: [{ kind: 'telegram_chat', value: '4242' }], displayName: 'Ada Lovelace' } });
    expect(message!.attachments).toBeUndefined();
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
