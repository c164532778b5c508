import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEventsSql, asOneStatement, entityInsertsSql, type Db, type DomainEvent, type SqlPart } from '@confab/persistence';
import type { ConversationVariable } from '@confab/plugin-sdk';
import type { ReplyState } from '../../entities/message.entity';
import { CONVERSATION_RETURNING, type StoredConversationState } from '../receive-inbound-message/store-inbound-message';

/** What a turn's writes need of its conversation, read under the row's lock (lockConversation). */
export interface TurnConversation {
  id: string;
  tenantId: string;
  assistantId: string;
  connectionId: string;
  owner: string;
}

/**
 * Everything one turn changes, gathered in memory and written by `writeTurn` as a single statement: the rows it adds
 * (reply, ledger, tool calls, tasks), what it does to the customer messages it answered, the conversation's counters
 * as increments, and its events.
 */
export class TurnWrites {
  readonly rows: object[] = [];
  readonly events: DomainEvent[] = [];
  readonly totals = { messages: 0, costMicros: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0 };
  lastMessageAt?: Date;
  variables?: Record<string, ConversationVariable>;
  handoff?: { reason: string; summary: string | null; at: Date };
  answered?: { ids: string[]; state: ReplyState; error: string | null; reason: string | null; byMessageId: string };

  insert(...rows: object[]): void {
    this.rows.push(...rows);
  }

  addTotals(costMicros: number, tokens: { promptTokens: number; cachedTokens: number; completionTokens: number }): void {
    this.totals.costMicros += costMicros;
    this.totals.promptTokens += tokens.promptTokens;
    this.totals.cachedTokens += tokens.cachedTokens;
    this.totals.completionTokens += tokens.completionTokens;
  }
}

/** The conversation row locked for the turn's writes (the order a hand-over takes: conversation, then messages). */
export async function lockConversation(tx: EntityManager, tenantId: string, conversationId: string): Promise<TurnConversation> {
  const [row] = await tx.execute<TurnConversation[]>(
    `select id, tenant_id as "tenantId", assistant_id as "assistantId", connection_id as "connectionId", owner
     from conversations where tenant_id = ? and id = ? for update`,
    [tenantId, conversationId],
  );
  // Read a moment ago outside the transaction; gone now means its tenant is being deleted.
  if (!row) throw new Error(`Conversation ${conversationId} disappeared during its turn`);
  return row;
}

/**
 * The turn's writes as ONE statement in the caller's transaction (which holds the conversation's lock): a flush
 * of the same rows took five statements and most of the reply job's ORM time (docs/benchmarks.md). Counters are
 * added to, not overwritten. Returns the conversation as it is afterwards, for the live feed.
 */
export async function writeTurn(tx: EntityManager, conversation: TurnConversation, writes: TurnWrites): Promise<StoredConversationState> {
  const statement = turnStatement(tx, conversation, writes);
  const [state] = await tx.execute<StoredConversationState[]>(statement.sql, statement.params);
  if (!state) throw new Error(`Conversation ${conversation.id} disappeared during its turn`);
  return state;
}

/**
 * The common turn's commit in one round trip, outside any transaction: one prepared statement whose guard
 * (confab_turn_guard) takes the locks and checks that nothing moved since the turn read its messages, and whose
 * every write is gated on it. `conversation` is the state the turn read; `turnIds` are the customer messages it
 * answers. Undefined when something moved (or the conversation is gone): nothing was written, and the caller takes
 * the transaction's path, which decides what the turn becomes.
 */
export async function writeTurnAtOnce(
  em: EntityManager,
  db: Pick<Db, 'write'>,
  conversation: TurnConversation,
  turnIds: string[],
  writes: TurnWrites,
): Promise<StoredConversationState | undefined> {
  const expected = { owner: conversation.owner, assistantId: conversation.assistantId, connectionId: conversation.connectionId };
  const guard: SqlPart = {
    sql: 'select confab_turn_guard(?, ?, ?::uuid[], ?::jsonb) as ok',
    params: [conversation.tenantId, conversation.id, `{${turnIds.join(',')}}`, JSON.stringify(expected)],
  };
  const statement = turnStatement(em, conversation, writes, guard);
  const [state] = await db.write<StoredConversationState>(statement.sql, statement.params, { wakesRelay: statement.relayed });
  return state;
}

/** The turn's writes as one statement; with a guard, its CTE comes first and every write waits for its verdict. */
function turnStatement(em: EntityManager, conversation: TurnConversation, writes: TurnWrites, guard?: SqlPart): SqlPart & { relayed: boolean } {
  const { tenantId, id } = conversation;
  // A materialized CTE runs once; each write's condition on it is a one-time filter, checked before it writes.
  const allowed = guard ? '(select ok from guard)' : undefined;
  const parts: SqlPart[] = guard ? [{ sql: guard.sql, params: guard.params }] : [];
  parts.push(...entityInsertsSql(em, writes.rows, allowed));
  const answered = writes.answered;
  if (answered?.ids.length) {
    parts.push({
      sql: `update messages set reply_state = ?::text, reply_error = ?::text, reply_reason = ?::text, answered_by_message_id = ?::uuid
            where tenant_id = ? and id = any(?::uuid[])${allowed ? ` and ${allowed}` : ''}`,
      params: [answered.state, answered.error, answered.reason, answered.byMessageId, tenantId, `{${answered.ids.join(',')}}`],
    });
  }
  let relayed = false;
  if (writes.events.length) {
    const events = appendEventsSql(writes.events, allowed);
    relayed = events.relayed;
    parts.push({ sql: events.sql, params: events.params });
  }
  const t = writes.totals;
  const set: string[] = [
    'message_count = message_count + ?', 'total_cost_micros = total_cost_micros + ?', 'prompt_tokens = prompt_tokens + ?',
    'cached_tokens = cached_tokens + ?', 'completion_tokens = completion_tokens + ?',
  ];
  const params: unknown[] = [t.messages, t.costMicros, t.promptTokens, t.cachedTokens, t.completionTokens];
  if (writes.lastMessageAt) {
    set.push('last_message_at = greatest(last_message_at, ?::timestamptz)');
    params.push(writes.lastMessageAt.toISOString());
  }
  if (writes.variables) {
    set.push('variables = ?::jsonb');
    params.push(JSON.stringify(writes.variables));
  }
  if (writes.handoff) {
    set.push(`owner = 'human'`, 'handoff_reason = ?', 'handoff_summary = ?', 'handed_over_at = ?::timestamptz');
    params.push(writes.handoff.reason, writes.handoff.summary, writes.handoff.at.toISOString());
  }
  set.push('updated_at = now()');
  const where = `where tenant_id = ? and id = ?${allowed ? ` and ${allowed}` : ''}`;
  const statement = asOneStatement(parts, `update conversations set ${set.join(', ')} ${where} ${CONVERSATION_RETURNING}`, [...params, tenantId, id], guard ? 'guard' : undefined);
  return { ...statement, relayed };
}
