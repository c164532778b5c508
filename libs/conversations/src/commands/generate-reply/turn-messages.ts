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
  /** The customer's identities, oldest first: where the reply goes (the send reads nothing the turn knows). */
  identities: Array<{ kind: string; value: string }>;
}

/**
 * A turn's conversation and messages in one read: what still waits for a reply and the latest history, from one
 * snapshot (so a message that arrives meanwhile is in neither list, and the history never shows a pending message
 * outside the turn). A pending message older than the history window is still found. The conversation and its
 * customer's identities ride along as JSON on the first row only (a lateral join; a conversation without messages
 * gives one row of nulls): on every row, each of up to 40 rows parsed the same JSON again. Undefined when there is
 * no such conversation. Read through a prepared statement (Db.query); the rows become unmanaged entities
 * (mapRows): the turn writes with its own statements and never flushes them.
 */
export async function loadTurnMessages(db: Pick<Db, 'query'>, em: EntityManager, tenantId: string, conversationId: string, historyLimit: number): Promise<TurnMessages | undefined> {
  const rows = await db.query<Record<string, unknown> & { conversation: (Record<string, unknown> & { identities: TurnMessages['identities'] }) | null }>(
    // The identities' subquery sits in the branch taken for the first row only, so it runs once per read (as a
    // lateral join it ran once per message row).
    `select case when row_number() over (order by m.created_at desc, m.id desc) = 1
                 then to_jsonb(c) || jsonb_build_object('identities', (
                   select coalesce(jsonb_agg(jsonb_build_object('kind', i.kind, 'value', i.value) order by i.created_at, i.id), '[]'::jsonb)
                     from customer_identities i where i.tenant_id = c.tenant_id and i.customer_id = c.customer_id)) end as conversation, m.*
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
  const first = rows[0]?.conversation;
  if (!first) return undefined;
  const { identities, ...conversationRow } = first;
  const [conversation] = mapRows(em, Conversation, [conversationRow]);
  const newestFirst = mapRows(em, Message, rows.filter((row) => row.id !== null));
  return {
    conversation,
    pending: newestFirst.filter((m) => m.replyState === 'pending').reverse(),
    recent: newestFirst.slice(0, historyLimit),
    identities,
  };
}
