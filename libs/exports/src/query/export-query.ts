import { Readable } from 'node:stream';
import type { EntityManager, QBFilterQuery } from '@mikro-orm/postgresql';
import { Conversation, conversationWhere, type ConversationFilter } from '@confab/conversations';
import { COLUMNS, valueSql, type ExportColumn, type ExportLevel } from './export-columns';

export type StatementFormat = 'csv' | 'jsonl' | 'columns' | 'copy-csv' | 'copy-jsonl';

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
 * A CSV cell as PostgreSQL's COPY writes it, with the formula neutralising of csv-cell.ts done in SQL: free text
 * and JSON that starts with =, +, -, @, tab or CR gets a leading single quote. COPY quotes the cell afterwards
 * when it holds the delimiter, a quote or a line break, so the quote lands inside the quoted value as before.
 */
function neutralisedSql(col: ExportColumn): string {
  const value = valueSql(col, 'csv');
  if (col.kind === 'number' || col.kind === 'money' || col.kind === 'time') return value;
  // The value twice rather than a subquery per cell: these are column reads, cheaper than a subplan per row.
  const v = `(${value})::text`;
  return `case when left(${v}, 1) in ('=', '+', '-', '@', E'\\t', E'\\r') then '''' || ${v} else ${v} end`;
}

/**
 * Each row comes back as one text column, rendered by PostgreSQL in C, so the driver parses one field per row
 * instead of dozens (most of what an export costs in JavaScript). For CSV it is a JSON array of the cell values;
 * for JSON Lines the values' JSON texts joined by VALUE_SEPARATOR, which the writer interleaves with the keys:
 * the keys then cross the database connection once, not on every row.
 */
function rowSql(level: ExportLevel, format: StatementFormat): string {
  const columns = COLUMNS[level];
  if (format === 'copy-csv') return columns.map((col) => `${neutralisedSql(col)} as "${col.name}"`).join(', ');
  // One JSON object per row, keys in column order and compact (json_build_object would add spaces, jsonb reorder).
  if (format === 'copy-jsonl') {
    return `concat(${columns.map((col, i) => `'${i === 0 ? '{' : ','}${JSON.stringify(col.name)}:', coalesce(to_json(${valueSql(col, 'jsonl')})::text, 'null')`).join(', ')}, '}') as line`;
  }
  // Plain columns are for comparing with PostgreSQL's own COPY (the benchmark); exports use the forms below.
  if (format === 'columns') return columns.map((col) => `${valueSql(col, 'csv')} as "${col.name}"`).join(', ');
  if (format === 'csv') return `json_build_array(${columns.map((col) => valueSql(col, format)).join(', ')})::text as line`;
  return `concat_ws(chr(31), ${columns.map((col) => `coalesce(to_json(${valueSql(col, format)})::text, 'null')`).join(', ')}) as line`;
}

/**
 * One statement per level over the filtered conversations, in a stable order (conversation start, then the rows'
 * own time), so a file read top to bottom tells each conversation in sequence. Messages and tool calls also carry
 * their own tenant condition: a row can only ever join to a conversation of the same tenant.
 */
export async function exportStatement(em: EntityManager, tenantId: string, level: ExportLevel, filter: ConversationFilter, format: StatementFormat = 'csv'): Promise<ExportSql> {
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

/**
 * Rows in batches through a server-side cursor (pg-cursor under the ORM's Kysely connection), `batch` rows per
 * round trip. Batches, not single rows, so no per-row promise stands between the driver and the writer. A cursor
 * only works while asked, so up to two batches are read ahead: PostgreSQL computes the next one while this process
 * formats the last, and no further. Leaving the iteration early (a client gone) destroys the reader, which closes
 * the cursor and returns the connection.
 */
export function streamBatches(em: EntityManager, statement: ExportSql, batch = 2000): AsyncIterable<Array<{ line: string }>> {
  const connection = em.getConnection();
  // The same statement shape the ORM's own stream() hands Kysely: parameters inlined by the platform's escaping.
  const compiled = { query: { kind: 'SelectQueryNode' }, queryId: { queryId: 'export' }, sql: em.getPlatform().formatQuery(statement.sql, statement.params), parameters: [] };
  async function* batches(): AsyncGenerator<Array<{ line: string }>> {
    for await (const result of connection.getClient().getExecutor().stream(compiled as never, batch)) yield result.rows as Array<{ line: string }>;
  }
  return Readable.from(batches(), { objectMode: true, highWaterMark: 2 });
}

/** The statement with its parameters inlined by the platform's escaping, for COPY (which takes no parameters). */
export function inlineStatement(em: EntityManager, statement: ExportSql): string {
  return em.getPlatform().formatQuery(statement.sql, statement.params as unknown[]);
}
