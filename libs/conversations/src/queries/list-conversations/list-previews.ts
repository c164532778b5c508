import type { EntityManager } from '@mikro-orm/postgresql';
import type { LastMessageView } from '../../http/conversation.views';
import { unansweredSql } from './conversation-where';

/** Characters of the last message shown in a list row; the full text is in the conversation. */
const PREVIEW_CHARS = 160;

export interface ListPreview {
  lastMessage: LastMessageView | null;
  unanswered: boolean;
}

/**
 * What a list row shows beyond the conversation row: its latest message (author and the start of the text) and
 * whether a customer message is unanswered. One statement for the whole page, over the (conversation_id,
 * created_at) index, the tenant named in every condition.
 */
export async function listPreviews(em: EntityManager, tenantId: string, conversationIds: string[], unansweredAfterMs?: number): Promise<Map<string, ListPreview>> {
  if (!conversationIds.length) return new Map();
  const rows = await em.getConnection().execute<Array<{ id: string; author: string | null; text: string | null; created_at: Date | string | null; unanswered: boolean }>>(
    `select c.id, last.author, last.text, last.created_at, ${unansweredSql('c', unansweredAfterMs)} as unanswered
     from conversations c
     left join lateral (
       select m.author, left(m.text, ${PREVIEW_CHARS}) as text, m.created_at from messages m
       where m.conversation_id = c.id and m.tenant_id = c.tenant_id
       order by m.created_at desc, m.id desc limit 1
     ) last on true
     where c.tenant_id = ? and c.id = any(?::uuid[])`,
    // Ids come from the page just read (uuids), so the array literal needs no escaping.
    [tenantId, `{${conversationIds.join(',')}}`],
  );
  return new Map(rows.map((r) => [r.id, {
    lastMessage: r.author ? { author: r.author, text: r.text ?? '', createdAt: new Date(r.created_at!).toISOString() } : null,
    unanswered: r.unanswered === true,
  }]));
}
