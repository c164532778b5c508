import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import { Conversation, conversationWhere, type ConversationFilter } from '@confab/conversations';
import { COLUMNS, valueSql, type ExportColumn, type ExportLevel } from './export-columns';

export type StatementFormat = 'columns' | 'copy-csv' | 'copy-jsonl';

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
 * A CSV cell as PostgreSQL's COPY writes it, with the formula neutralising (format-options.ts) done in SQL: free text
 * and JSON that starts with =, +, -, @, tab or CR gets a leading single quote. COPY quotes the cell afterwards
 * when it holds the delimiter, a quote or a line break, so the quote lands inside the quoted value as before.
 */
function neutralisedSql(col: ExportColumn): string {
  const value = valueSql(col, 'csv');
  if (col.kind !== 'text' && col.kind !== 'json') return value;
  // The value twice rather than a subquery per cell: these are column reads, cheaper than a subplan per row.
  const v = `(${value})::text`;
  return `case when left(${v}, 1) in ('=', '+', '-', '@', E'\\t', E'\\r') then '''' || ${v} else ${v} end`;
}

/**
 * A value as JSON text. Only free text goes through to_json (which scans it for characters to escape); ids, times
 * and amounts are ours and never hold a quote or backslash, so they are just put between quotes, which makes
 * PostgreSQL's part of a JSON Lines export about a third cheaper than row_to_json over the whole row.
 */
function jsonSql(col: ExportColumn): string {
  const value = valueSql(col, 'jsonl');
  switch (col.kind) {
    case 'id':
    case 'time':
    case 'money':
      return `'"' || ${value} || '"'`;
    case 'number':
      return `(${value})::text`;
    case 'json':
      return `(${value})::text`;
    default:
      return `to_json(${value})::text`;
  }
}

/**
 * The select list. `copy-csv`: one column per field, formula cells neutralised, for COPY's CSV writer. `copy-jsonl`:
 * one JSON object per row, keys in column order, numbers as numbers and JSON nested. `columns`: the plain values, the benchmark's COPY baseline.
 */
function rowSql(level: ExportLevel, format: StatementFormat): string {
  const columns = COLUMNS[level];
  if (format === 'copy-csv') return columns.map((col) => `${neutralisedSql(col)} as "${col.name}"`).join(', ');
  if (format === 'copy-jsonl') {
    return `concat(${columns.map((col, i) => `'${i === 0 ? '{' : ','}${JSON.stringify(col.name)}:', coalesce(${jsonSql(col)}, 'null')`).join(', ')}, '}') as line`;
  }
  return columns.map((col) => `${valueSql(col, 'csv')} as "${col.name}"`).join(', ');
}

/**
 * One statement per level over the filtered conversations, in a stable order (conversation start, then the rows'
 * own time), so a file read top to bottom tells each conversation in sequence. Messages and tool calls also carry
 * their own tenant condition: a row can only ever join to a conversation of the same tenant.
 */
export async function exportStatement(em: EntityManager, tenantId: string, level: ExportLevel, filter: ConversationFilter, format: StatementFormat = 'columns'): Promise<ExportSql> {
  const conversations = await filteredConversations(em, filter);
  const select = rowSql(level, format);
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

/** The statement with its parameters inlined by the platform's escaping, for COPY (which takes no parameters). */
export function inlineStatement(em: EntityManager, statement: ExportSql): string {
  return em.getPlatform().formatQuery(statement.sql, statement.params as unknown[]);
}
