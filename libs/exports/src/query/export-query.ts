import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import { Conversation, conversationWhere, type ConversationFilter } from '@confab/conversations';
import { COLUMNS, type ExportLevel } from './export-columns';

export interface ExportSql {
  sql: string;
  params: unknown[];
}

/**
 * The conversations list's own filter (`conversationWhere`) rendered by the ORM in the tenant's context, so any
 * filter the list learns (a new parameter in conversationWhere) applies to every export the same way, and the
 * tenant condition comes from the same filter that guards every other query.
 */
async function filteredConversations(em: EntityManager, filter: ConversationFilter): Promise<ExportSql> {
  const qb = em.createQueryBuilder(Conversation, 'c').select('*').where(conversationWhere(filter) as QBFilterQuery<Conversation>);
  await qb.applyFilters();
  const { sql, params } = qb.toQuery();
  return { sql, params: [...params] };
}

/**
 * One statement per level over the filtered conversations, in a stable order (conversation start, then the rows'
 * own time), so a file read top to bottom tells each conversation in sequence. Messages and tool calls also carry
 * their own tenant condition: a row can only ever join to a conversation of the same tenant.
 */
export async function exportStatement(em: EntityManager, tenantId: string, level: ExportLevel, filter: ConversationFilter): Promise<ExportSql> {
  const conversations = await filteredConversations(em, filter);
  const select = COLUMNS[level].map((col) => `${col.sql} as "${col.name}"`).join(', ');
  const from = `with c as (${conversations.sql})`;
  switch (level) {
    case 'conversations':
      return { sql: `${from} select ${select} from c order by c.created_at, c.id`, params: conversations.params };
    case 'messages':
      return {
        sql: `${from} select ${select} from c join messages m on m.conversation_id = c.id where m.tenant_id = ? order by c.created_at, c.id, m.created_at, m.id`,
        params: [...conversations.params, tenantId],
      };
    case 'tool-calls':
      return {
        sql: `${from} select ${select} from c join tool_calls t on t.conversation_id = c.id where t.tenant_id = ? order by c.created_at, c.id, t.created_at, t.id`,
        params: [...conversations.params, tenantId],
      };
  }
}

/** How many rows the statement yields: the progress bar's denominator for a background export. */
export async function countRows(em: EntityManager, statement: ExportSql): Promise<number> {
  const [row] = await em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from (${statement.sql}) as rows`, statement.params);
  return row.n;
}

/**
 * Rows through a server-side cursor (pg-cursor under the ORM's connection), `batch` rows per round trip; the
 * consumer pulls, so a slow reader holds the cursor instead of filling memory. Ending the iteration early (a
 * client gone) closes the cursor and returns the connection.
 */
export function streamRows(em: EntityManager, statement: ExportSql, batch = 2000): AsyncIterableIterator<Record<string, unknown>> {
  return em.getConnection().stream<Record<string, unknown>>(statement.sql, statement.params, undefined, undefined, batch);
}
