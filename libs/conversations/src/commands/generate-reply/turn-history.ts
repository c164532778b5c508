import type { Message } from '../../entities/message.entity';

/**
 * The history the model sees for one turn, oldest first. A customer message that is still pending but not part of
 * the turn arrived after the turn read its messages: it gets its own turn, so showing it here would answer it twice
 * (once folded into this reply, once on its own).
 */
export function historyForTurn(newestFirst: Message[], turn: Message[]): Message[] {
  const inTurn = new Set(turn.map((m) => m.id));
  return newestFirst.filter((m) => m.replyState !== 'pending' || inTurn.has(m.id)).reverse();
}
