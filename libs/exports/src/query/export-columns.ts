import { money } from '@confab/assistants';

export const EXPORT_LEVELS = ['conversations', 'messages', 'tool-calls'] as const;
export type ExportLevel = (typeof EXPORT_LEVELS)[number];

/**
 * How a value is written: `text` is user-controlled (neutralised in CSV, a JSON string in JSON Lines), `number`
 * stays a number, `time` is ISO 8601 UTC, `json` a JSON document (one cell in CSV, nested in JSON Lines), `money`
 * integer micro-units written as an exact decimal string.
 */
export type ColumnKind = 'text' | 'id' | 'number' | 'time' | 'json' | 'money';

export interface ExportColumn {
  name: string;
  /** A SQL expression over the level's aliases (`c` conversations, `m` messages, `t` tool calls). */
  sql: string;
  kind: ColumnKind;
}

/** The currency every stored cost is in; taken from the API's money helper so the two cannot disagree. */
export const EXPORT_CURRENCY = money(0).currency;

const text = (name: string, sql: string): ExportColumn => ({ name, sql, kind: 'text' });
/** A uuid column: never needs escaping or neutralising, which saves PostgreSQL work on every row. */
const id = (name: string, sql: string): ExportColumn => ({ name, sql, kind: 'id' });
const number = (name: string, sql: string): ExportColumn => ({ name, sql, kind: 'number' });
const json = (name: string, sql: string): ExportColumn => ({ name, sql, kind: 'json' });
const time = (name: string, sql: string): ExportColumn => ({ name, sql, kind: 'time' });
const amount = (name: string, sql: string): ExportColumn => ({ name, sql, kind: 'money' });
const currency: ExportColumn = { name: 'currency', sql: `'${EXPORT_CURRENCY}'::text`, kind: 'text' };

/**
 * The value as PostgreSQL renders it into the row's JSON. Times: ISO 8601 UTC with milliseconds, as the API
 * writes them. Money: the same digits as the API's money() (sign, units, six decimals), from numeric so no float
 * is involved. JSON columns stay nested for JSON Lines and become their JSON text for a CSV cell.
 */
export function valueSql(col: ExportColumn, format: 'csv' | 'jsonl'): string {
  switch (col.kind) {
    case 'time':
      return `to_char(${col.sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'money':
      return `((${col.sql})::numeric / 1000000)::numeric(20, 6)::text`;
    case 'json':
      return format === 'csv' ? `(${col.sql})::text` : `(${col.sql})`;
    default:
      return col.sql;
  }
}

export const CONVERSATION_COLUMNS: ExportColumn[] = [
  id('id', 'c.id'),
  text('channel', 'c.channel'),
  id('assistantId', 'c.assistant_id'),
  id('connectionId', 'c.connection_id'),
  id('customerId', 'c.customer_id'),
  text('customerIdentifier', 'c.customer_identifier'),
  text('customerName', 'c.customer_name'),
  text('status', 'c.status'),
  text('owner', 'c.owner'),
  json('tags', 'to_jsonb(c.tags)'),
  number('messageCount', 'c.message_count'),
  number('failedDeliveries', 'c.failed_deliveries'),
  number('promptTokens', 'c.prompt_tokens'),
  number('cachedTokens', 'c.cached_tokens'),
  number('completionTokens', 'c.completion_tokens'),
  amount('totalCost', 'c.total_cost_micros'),
  currency,
  time('createdAt', 'c.created_at'),
  time('lastMessageAt', 'c.last_message_at'),
  time('handedOverAt', 'c.handed_over_at'),
  text('handedOverBy', 'c.handed_over_by_name'),
  text('handoffReason', 'c.handoff_reason'),
  json('variables', 'c.variables'),
];

export const MESSAGE_COLUMNS: ExportColumn[] = [
  id('conversationId', 'm.conversation_id'),
  id('id', 'm.id'),
  time('createdAt', 'm.created_at'),
  text('channel', 'c.channel'),
  id('assistantId', 'c.assistant_id'),
  text('direction', 'm.direction'),
  text('author', 'm.author'),
  // Who wrote an agent message: the operator's name, or the agentName an API caller gave.
  text('agentName', "case when m.author = 'agent' then m.metadata->>'agentName' end"),
  text('text', 'm.text'),
  json('attachments', 'm.attachments'),
  text('deliveryStatus', 'm.delivery_status'),
  text('errorCode', "m.error->>'code'"),
  text('errorMessage', "m.error->>'message'"),
  text('replyState', 'm.reply_state'),
  text('replyError', 'm.reply_error'),
  text('model', "m.usage->>'model'"),
  number('promptTokens', "(m.usage->>'promptTokens')::int"),
  number('cachedTokens', "(m.usage->>'cachedTokens')::int"),
  number('completionTokens', "(m.usage->>'completionTokens')::int"),
  amount('cost', 'm.cost_micros'),
  currency,
  number('latencyMs', 'm.latency_ms'),
  time('sentAt', 'm.sent_at'),
  time('deliveredAt', 'm.delivered_at'),
  time('readAt', 'm.read_at'),
  time('failedAt', 'm.failed_at'),
  time('editedAt', 'm.edited_at'),
  time('revokedAt', 'm.revoked_at'),
  text('providerMessageId', 'm.provider_message_id'),
];

export const TOOL_CALL_COLUMNS: ExportColumn[] = [
  id('conversationId', 't.conversation_id'),
  id('messageId', 't.message_id'),
  id('id', 't.id'),
  time('createdAt', 't.created_at'),
  text('callId', 't.call_id'),
  text('name', 't.name'),
  // Arguments the model sent that were not JSON are kept as their raw text (a JSON string).
  json('arguments', 'coalesce(t.arguments, to_jsonb(t.raw_arguments))'),
  json('result', 't.result'),
  text('error', 't.error'),
  text('validation', 't.validation'),
  number('durationMs', 't.duration_ms'),
];

export const COLUMNS: Record<ExportLevel, ExportColumn[]> = {
  conversations: CONVERSATION_COLUMNS,
  messages: MESSAGE_COLUMNS,
  'tool-calls': TOOL_CALL_COLUMNS,
};
