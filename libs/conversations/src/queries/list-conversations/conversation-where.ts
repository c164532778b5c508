import { raw, type FilterQuery } from '@mikro-orm/core';
import { Conversation } from '../../entities/conversation.entity';
import type { ConversationFilter } from './list-conversations.query';
import { searchExpression } from './message-search';

/**
 * How long a customer message may wait for its reply before it counts as unanswered (`pending`) when the server
 * names no other threshold; the unanswered queue's default (UNANSWERED_PENDING_MS).
 */
export const DEFAULT_UNANSWERED_AFTER_MS = 120_000;

/**
 * Whether conversation `c` (an SQL alias) has a customer message without an answer, by the unanswered queue's rule
 * per message: the reply failed or was skipped, is overdue, or went out undelivered. The list's filter and the
 * list items' marker use this one rule.
 */
export function unansweredSql(c: string, afterMs = DEFAULT_UNANSWERED_AFTER_MS): string {
  // A number from the server's validated config, never from a request: safe to write into the statement.
  const after = Math.max(0, Math.round(Number(afterMs) || DEFAULT_UNANSWERED_AFTER_MS));
  return `exists (select 1 from messages u
        left join messages r on r.id = u.answered_by_message_id and r.tenant_id = u.tenant_id
        where u.conversation_id = ${c}.id and u.tenant_id = ${c}.tenant_id and u.author = 'customer'
          and (u.reply_state in ('failed', 'skipped')
               or (u.reply_state = 'pending' and u.created_at < now() - interval '${after} milliseconds')
               or (u.reply_state = 'answered' and r.delivery_status = 'failed')))`;
}

/** A decimal amount ("12.5", "0.000001") as integer micro-units, by string arithmetic so no float is involved. */
export function decimalToMicros(amount: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(amount);
  if (!m) throw new Error(`Not a decimal amount: ${amount}`);
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** A condition in SQL over the conversation row (its alias handed in by the ORM), as a filter entry. */
function condition(sql: (alias: string) => string, params: unknown[] = []): Record<symbol, []> {
  return { [raw((alias: string) => sql(alias), params) as unknown as symbol]: [] };
}

/**
 * The conversations list's filter as an ORM filter. Exports render the same object (libs/exports), so a filter
 * added here applies to the list and to every export alike. Conditions on messages and tool calls are EXISTS
 * subqueries carrying the conversation's own tenant, so they use the (conversation_id, created_at) indexes and
 * cannot reach another tenant's rows.
 */
export function conversationWhere(filter: ConversationFilter): FilterQuery<Conversation> {
  const where: FilterQuery<Conversation> & Record<string, unknown> = {};
  const and: object[] = [];
  if (filter.channel) where.channel = filter.channel;
  if (filter.assistantId) where.assistantId = filter.assistantId;
  if (filter.status) where.status = filter.status;
  if (filter.owner) where.owner = filter.owner;
  if (filter.customer) where.customerIdentifier = filter.customer;
  if (filter.tag) where.tags = { $contains: [filter.tag] };
  if (filter.includeTest === false) and.push(condition((c) => `not ('test' = any(${c}.tags))`));
  if (filter.failedDelivery !== undefined) where.failedDeliveries = filter.failedDelivery ? { $gt: 0 } : 0;
  if (filter.from || filter.to) where.createdAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  if (filter.handedOver !== undefined) {
    // Handed over now, or at some point before the AI took it back (resume-ai clears handed_over_at; the log keeps it).
    const handedOver = (c: string) => `(${c}.handed_over_at is not null or exists (select 1 from domain_events e
        where e.aggregate_id = ${c}.id and e.tenant_id = ${c}.tenant_id and e.type = 'ConversationHandedOver'))`;
    and.push(condition((c) => (filter.handedOver ? handedOver(c) : `not ${handedOver(c)}`)));
  }
  if (filter.minCost !== undefined) where.totalCostMicros = { $gte: decimalToMicros(filter.minCost) };
  if (filter.usedTool) {
    and.push(condition((c) => `exists (select 1 from tool_calls t where t.conversation_id = ${c}.id and t.tenant_id = ${c}.tenant_id and t.name = ?)`, [filter.usedTool]));
  }
  if (filter.unanswered !== undefined) {
    and.push(condition((c) => (filter.unanswered ? unansweredSql(c, filter.unansweredAfterMs) : `not ${unansweredSql(c, filter.unansweredAfterMs)}`)));
  }
  if (filter.q) {
    and.push(condition((c) => `exists (select 1 from messages s where s.conversation_id = ${c}.id and s.tenant_id = ${c}.tenant_id and s.search_vector @@ confab_search_query(?))`, [searchExpression(filter.q!)]));
  }
  if (and.length) where.$and = and;
  return where;
}
