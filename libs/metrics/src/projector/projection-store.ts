import type { PoolClient } from 'pg';
import { mergeHistograms } from '../histogram/log-histogram';
import type { BatchInput } from './batch-projection';
import { COUNTERS, snake, type ConversationState, type LogEvent, type MessageState, type RollupDelta } from './projection-state';

export const CHECKPOINT = 'metrics';

export interface Position {
  txId: string;
  eventId: string;
}

export const START: Position = { txId: '0', eventId: '0' };

/**
 * Reads the log in (transaction id, event id) order, and only events of transactions that have finished:
 * `tx_id < pg_snapshot_xmin(pg_current_snapshot())`. Event ids come from a sequence when a row is inserted, not
 * when its transaction commits, so a reader going by id alone could pass id 7 (committed) while id 5 is still in
 * an open transaction and skip id 5 for good. Transaction ids do not have that gap: every transaction still running
 * has an id >= the snapshot's xmin, and any that starts later gets a larger one, so once the reader has passed a
 * position below xmin, nothing can appear behind it. Causally ordered writes keep their order (a transaction that
 * starts writing after another committed gets a larger id), and events of one transaction stay in id order.
 * The price: a long-running writing transaction holds back everything after it (lag, never loss).
 */
export async function readEvents(client: PoolClient, after: Position, limit: number, options: { tenantId?: string; upTo?: Position } = {}): Promise<LogEvent[]> {
  const params: unknown[] = [after.txId, after.eventId, limit];
  let extra = '';
  if (options.tenantId) {
    params.push(options.tenantId);
    extra += ` and tenant_id = $${params.length}`;
  }
  if (options.upTo) {
    params.push(options.upTo.txId, options.upTo.eventId);
    extra += ` and (tx_id, id) <= ($${params.length - 1}::xid8, $${params.length}::bigint)`;
  }
  const { rows } = await client.query(
    `select id::text, tx_id::text, tenant_id, aggregate_id, type, payload, occurred_at
       from domain_events
      where (tx_id, id) > ($1::xid8, $2::bigint) and tx_id < pg_snapshot_xmin(pg_current_snapshot())${extra}
      order by tx_id, id
      limit $3`,
    params,
  );
  return rows.map((r) => ({ id: r.id, txId: r.tx_id, tenantId: r.tenant_id, aggregateId: r.aggregate_id, type: r.type, payload: r.payload, occurredAt: r.occurred_at }));
}

/**
 * Whether the log holds an event the projector can apply now, in one read outside any transaction: polling an idle
 * log then costs this statement instead of a transaction with a lock and a checkpoint upsert. Same bounds as
 * readEvents (past the checkpoint, below the oldest running transaction).
 */
export async function hasDueEvents(query: (sql: string, params: unknown[]) => Promise<Array<{ due: boolean }>>): Promise<boolean> {
  const [row] = await query(
    // Not `exists (...)`: expecting an early match, PostgreSQL scanned the whole log for it (4.7 ms at 6,500 events,
    // growing with the log). Ordered with a limit, it walks the index from the checkpoint (0.2 ms).
    `select coalesce((
       select true from domain_events
        where (tx_id, id) > (
                coalesce((select last_tx_id from projection_checkpoints where name = $1), '0'::xid8),
                coalesce((select last_event_id from projection_checkpoints where name = $1), 0))
          and tx_id < pg_snapshot_xmin(pg_current_snapshot())
        order by tx_id, id limit 1), false) as due`,
    [CHECKPOINT],
  );
  return row?.due === true;
}

export async function readCheckpoint(client: PoolClient): Promise<Position> {
  await client.query(`insert into projection_checkpoints (name, last_event_id, last_tx_id) values ($1, 0, '0') on conflict (name) do nothing`, [CHECKPOINT]);
  const { rows } = await client.query('select last_tx_id::text as tx_id, last_event_id::text as event_id from projection_checkpoints where name = $1', [CHECKPOINT]);
  return { txId: rows[0].tx_id, eventId: rows[0].event_id };
}

export async function writeCheckpoint(client: PoolClient, position: Position): Promise<void> {
  await client.query('update projection_checkpoints set last_tx_id = $2::xid8, last_event_id = $3, updated_at = now() where name = $1', [CHECKPOINT, position.txId, position.eventId]);
}

const uniq = (values: Iterable<unknown>) => [...new Set([...values].filter((v): v is string => typeof v === 'string' && v.length > 0))];

/** Loads, in a handful of queries, every state row the batch's events can touch. */
export async function loadBatchInput(client: PoolClient, events: LogEvent[]): Promise<BatchInput> {
  const conversationIds = uniq(events.map((e) => e.payload.conversationId ?? e.aggregateId));
  const messageIds = uniq(events.flatMap((e) => [e.payload.messageId, ...(e.payload.answeredMessageIds ?? []), ...(e.payload.messageIds ?? [])]));
  const agentConversations = uniq(events.filter((e) => e.type === 'AgentEchoRecorded' || (e.type === 'AgentMessageSent' && (e.payload.author ?? 'agent') === 'agent')).map((e) => e.payload.conversationId));
  const tenantIds = uniq(events.map((e) => e.tenantId));

  const conversations = new Map<string, ConversationState>();
  const known = await client.query('select * from metrics_conversations where conversation_id = any($1::uuid[])', [conversationIds]);
  for (const r of known.rows) conversations.set(r.conversation_id, conversationFromRow(r));
  const missing = conversationIds.filter((id) => !conversations.has(id));
  if (missing.length) {
    // Conversations whose ConversationStarted the projection has not seen (or not yet, in this batch): their
    // dimensions come from the conversation row; they are not counted as chats until that event is applied.
    const found = await client.query('select id, tenant_id, assistant_id, channel, tags from conversations where id = any($1::uuid[])', [missing]);
    for (const r of found.rows) {
      conversations.set(r.id, { conversationId: r.id, tenantId: r.tenant_id, assistantId: r.assistant_id, channel: r.channel, isTest: (r.tags ?? []).includes('test'), counted: false, handedOver: false });
    }
  }

  const messages = new Map<string, MessageState>();
  const rows = await client.query(
    `select * from metrics_messages
      where message_id = any($1::uuid[]) or reply_id = any($1::uuid[])
         or (conversation_id = any($2::uuid[]) and awaits_reply and answer is null)`,
    [messageIds, agentConversations],
  );
  for (const r of rows.rows) messages.set(r.message_id, messageFromRow(r));

  const timezones = new Map<string, string>();
  const tz = await client.query('select id, timezone from tenants where id = any($1::uuid[])', [tenantIds]);
  for (const r of tz.rows) timezones.set(r.id, r.timezone);

  const expectsReply = new Map<string, boolean>();
  const oldReceived = uniq(events.filter((e) => e.type === 'CustomerMessageReceived' && typeof e.payload.expectsReply !== 'boolean').map((e) => e.payload.messageId));
  if (oldReceived.length) {
    const r = await client.query('select id, reply_state from messages where id = any($1::uuid[])', [oldReceived]);
    for (const row of r.rows) expectsReply.set(row.id, row.reply_state !== null);
  }
  const ledger = new Map<string, { llm: number; embedding: number }>();
  const oldReplies = uniq(events.filter((e) => e.type === 'AssistantReplied' && typeof e.payload.llmCostMicros !== 'number').map((e) => e.payload.messageId));
  if (oldReplies.length) {
    const r = await client.query(
      `select message_id, kind, sum(cost_micros)::bigint::text as micros from usage_records where message_id = any($1::uuid[]) group by 1, 2`,
      [oldReplies],
    );
    for (const row of r.rows) {
      const entry = ledger.get(row.message_id) ?? { llm: 0, embedding: 0 };
      if (row.kind === 'llm') entry.llm += Number(row.micros);
      if (row.kind === 'embedding') entry.embedding += Number(row.micros);
      ledger.set(row.message_id, entry);
    }
  }
  return { conversations, messages, timezones, expectsReply, ledger };
}

function conversationFromRow(r: any): ConversationState {
  return { conversationId: r.conversation_id, tenantId: r.tenant_id, assistantId: r.assistant_id, channel: r.channel, isTest: r.is_test, counted: r.counted, handedOver: r.handed_over };
}

function messageFromRow(r: any): MessageState {
  return {
    messageId: r.message_id, tenantId: r.tenant_id, conversationId: r.conversation_id, author: r.author, at: r.at, awaitsReply: r.awaits_reply,
    answer: r.answer, replyId: r.reply_id, responseMs: r.response_ms, sentAt: r.sent_at, failedCode: r.failed_code, failedAt: r.failed_at,
    channelFeeMicros: Number(r.channel_fee_micros),
  };
}

export async function writeConversations(client: PoolClient, rows: ConversationState[]): Promise<void> {
  if (!rows.length) return;
  await client.query(
    `insert into metrics_conversations (conversation_id, tenant_id, assistant_id, channel, is_test, counted, handed_over)
     select * from jsonb_to_recordset($1::jsonb) as r(conversation_id uuid, tenant_id uuid, assistant_id uuid, channel text, is_test boolean, counted boolean, handed_over boolean)
     on conflict (conversation_id) do update set counted = excluded.counted, handed_over = excluded.handed_over`,
    [JSON.stringify(rows.map((c) => ({
      conversation_id: c.conversationId, tenant_id: c.tenantId, assistant_id: c.assistantId, channel: c.channel, is_test: c.isTest, counted: c.counted, handed_over: c.handedOver,
    })))],
  );
}

export async function writeMessages(client: PoolClient, rows: MessageState[]): Promise<void> {
  if (!rows.length) return;
  await client.query(
    `insert into metrics_messages (message_id, tenant_id, conversation_id, author, at, awaits_reply, answer, reply_id, response_ms, sent_at, failed_code, failed_at, channel_fee_micros)
     select * from jsonb_to_recordset($1::jsonb) as r(message_id uuid, tenant_id uuid, conversation_id uuid, author text, at timestamptz, awaits_reply boolean,
       answer text, reply_id uuid, response_ms integer, sent_at timestamptz, failed_code text, failed_at timestamptz, channel_fee_micros bigint)
     on conflict (message_id) do update set awaits_reply = excluded.awaits_reply, answer = excluded.answer, reply_id = excluded.reply_id,
       response_ms = excluded.response_ms, sent_at = excluded.sent_at, failed_code = excluded.failed_code, failed_at = excluded.failed_at,
       channel_fee_micros = excluded.channel_fee_micros`,
    [JSON.stringify(rows.map((m) => ({
      message_id: m.messageId, tenant_id: m.tenantId, conversation_id: m.conversationId, author: m.author, at: m.at, awaits_reply: m.awaitsReply, answer: m.answer,
      reply_id: m.replyId, response_ms: m.responseMs, sent_at: m.sentAt, failed_code: m.failedCode, failed_at: m.failedAt, channel_fee_micros: m.channelFeeMicros,
    })))],
  );
}

const counterColumns = COUNTERS.map(snake);

/** Adds the batch's changes to the hourly rollups and, summed per day, to the daily ones. */
export async function writeRollups(client: PoolClient, deltas: RollupDelta[]): Promise<void> {
  if (!deltas.length) return;
  await upsertRollups(client, 'metrics_rollups', deltas, true);
  const daily = new Map<string, RollupDelta>();
  for (const d of deltas) {
    const key = [d.tenantId, d.day, d.assistantId, d.channel, d.isTest].join('|');
    const into = daily.get(key);
    if (!into) {
      daily.set(key, { ...d, responseHist: { ...d.responseHist }, failedByCode: { ...d.failedByCode } });
      continue;
    }
    for (const c of COUNTERS) into[c] += d[c];
    mergeHistograms(into.responseHist, d.responseHist);
    mergeHistograms(into.failedByCode, d.failedByCode);
  }
  await upsertRollups(client, 'metrics_daily', [...daily.values()], false);
}

async function upsertRollups(client: PoolClient, table: 'metrics_rollups' | 'metrics_daily', deltas: RollupDelta[], hourly: boolean): Promise<void> {
  const keys = hourly ? ['tenant_id', 'day', 'hour', 'assistant_id', 'channel', 'is_test'] : ['tenant_id', 'day', 'assistant_id', 'channel', 'is_test'];
  const keyTypes: Record<string, string> = { tenant_id: 'uuid', day: 'date', hour: 'smallint', assistant_id: 'uuid', channel: 'text', is_test: 'boolean' };
  const columns = [...keys, ...counterColumns, 'response_hist', 'failed_by_code'];
  const types = [...keys.map((k) => keyTypes[k]), ...counterColumns.map(() => 'bigint'), 'jsonb', 'jsonb'];
  await client.query(
    `insert into ${table} (${columns.join(', ')})
     select * from jsonb_to_recordset($1::jsonb) as r(${columns.map((c, i) => `${c} ${types[i]}`).join(', ')})
     on conflict (${keys.join(', ')}) do update set
       ${counterColumns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(',\n       ')},
       response_hist = metrics_jsonb_add(${table}.response_hist, excluded.response_hist),
       failed_by_code = metrics_jsonb_add(${table}.failed_by_code, excluded.failed_by_code)`,
    [JSON.stringify(deltas.map((d) => ({
      tenant_id: d.tenantId, day: d.day, hour: d.hour, assistant_id: d.assistantId, channel: d.channel, is_test: d.isTest,
      ...Object.fromEntries(COUNTERS.map((c) => [snake(c), d[c]])), response_hist: d.responseHist, failed_by_code: d.failedByCode,
    })))],
  );
}

/** Forgets what the projection built, for one tenant or all, before replaying the log. */
export async function clearProjection(client: PoolClient, tenantId?: string): Promise<void> {
  for (const table of ['metrics_daily', 'metrics_rollups', 'metrics_messages', 'metrics_conversations']) {
    if (tenantId) await client.query(`delete from ${table} where tenant_id = $1`, [tenantId]);
    else await client.query(`truncate ${table}`);
  }
}
