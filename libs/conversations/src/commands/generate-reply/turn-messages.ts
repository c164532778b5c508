import type { EntityManager } from '@mikro-orm/postgresql';
import { Message } from '../../entities/message.entity';

export interface TurnMessages {
  /** The customer messages still waiting for a reply, oldest first. */
  pending: Message[];
  /** The conversation's latest messages, newest first (at most the history limit). */
  recent: Message[];
}

/**
 * A turn's messages in one read: what still waits for a reply and the latest history, from one snapshot (so a
 * message that arrives meanwhile is in neither list, and the history never shows a pending message outside the
 * turn). A pending message older than the history window is still found.
 */
export async function loadTurnMessages(em: EntityManager, tenantId: string, conversationId: string, historyLimit: number): Promise<TurnMessages> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select m.* from messages m
      where m.tenant_id = ? and m.conversation_id = ?
        and (m.reply_state = 'pending'
             or m.id in (select r.id from messages r where r.tenant_id = ? and r.conversation_id = ? order by r.created_at desc limit ?))
      order by m.created_at desc, m.id desc`,
    [tenantId, conversationId, tenantId, conversationId, historyLimit],
  );
  const newestFirst = rows.map((row) => em.map(Message, row));
  return {
    pending: newestFirst.filter((m) => m.replyState === 'pending').reverse(),
    recent: newestFirst.slice(0, historyLimit),
  };
}
