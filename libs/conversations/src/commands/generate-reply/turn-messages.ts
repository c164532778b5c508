import type { EntityManager } from '@mikro-orm/postgresql';
import { mapRows, type Db } from '@confab/persistence';
import { Conversation } from '../../entities/conversation.entity';
import { Message } from '../../entities/message.entity';

export interface TurnMessages {
  conversation: Conversation;
  /** The customer messages still waiting for a reply, oldest first. */
  pending: Message[];
  /** The conversation's latest messages, newest first (at most the history limit). */
  recent: Message[];
}

/**
 * A turn's conversation and messages in one read: what still waits for a reply and the latest history, from one
 * snapshot (so a message that arrives meanwhile is in neither list, and the history never shows a pending message
 * outside the turn). A pending message older than the history window is still found. The conversation rides along
 * as JSON on every row (a lateral join; a conversation without messages gives one row of nulls); undefined when
 * there is no such conversation. Read through a prepared statement (Db.query); the rows become unmanaged entities
 * (mapRows): the turn writes with its own statements and never flushes them.
 */
export async function loadTurnMessages(db: Pick<Db, 'query'>, em: EntityManager, tenantId: string, conversationId: string, historyLimit: number): Promise<TurnMessages | undefined> {
  const rows = await db.query<Record<string, unknown> & { conversation: Record<string, unknown> }>(
    `select to_jsonb(c) as conversation, m.*
       from conversations c
       left join lateral (
         select m.* from messages m
          where m.tenant_id = c.tenant_id and m.conversation_id = c.id
            and (m.reply_state = 'pending'
                 or m.id in (select r.id from messages r where r.tenant_id = c.tenant_id and r.conversation_id = c.id order by r.created_at desc limit ?))
       ) m on true
      where c.tenant_id = ? and c.id = ?
      order by m.created_at desc, m.id desc`,
    [historyLimit, tenantId, conversationId],
  );
  if (!rows.length) return undefined;
  const [conversation] = mapRows(em, Conversation, [rows[0].conversation]);
  const newestFirst = mapRows(em, Message, rows.filter((row) => row.id !== null));
  return {
    conversation,
    pending: newestFirst.filter((m) => m.replyState === 'pending').reverse(),
    recent: newestFirst.slice(0, historyLimit),
  };
}
