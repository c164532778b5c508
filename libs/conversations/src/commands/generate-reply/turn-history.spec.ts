import { Message } from '../../entities/message.entity';
import { historyForTurn } from './turn-history';

const message = (id: string, fields: Partial<Message>): Message => Object.assign(new Message(), { id, ...fields });

describe('historyForTurn', () => {
  const answered = message('a', { author: 'customer', replyState: 'answered', text: 'earlier question' });
  const reply = message('r', { author: 'assistant', text: 'earlier answer' });
  const first = message('p1', { author: 'customer', replyState: 'pending', text: 'first of the burst' });
  const second = message('p2', { author: 'customer', replyState: 'pending', text: 'second of the burst' });
  const late = message('p3', { author: 'customer', replyState: 'pending', text: 'arrived after the turn began' });

  it('keeps the turn and everything before it, oldest first', () => {
    expect(historyForTurn([second, first, reply, answered], [first, second]).map((m) => m.id)).toEqual(['a', 'r', 'p1', 'p2']);
  });

  it('leaves out a pending customer message that is not part of the turn, so it is not answered twice', () => {
    expect(historyForTurn([late, second, first, reply, answered], [first, second]).map((m) => m.id)).toEqual(['a', 'r', 'p1', 'p2']);
  });
});
