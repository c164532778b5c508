import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { ValidationFailed } from '@confab/plugin-sdk';
import { decodeCursor, encodeCursor, type KeysetPosition } from '../keyset-cursor';
import { MONITORING_OPTIONS, type MonitoringOptions } from '../monitoring.options';
import { retryFor, unansweredReason, type UnansweredReason } from './unanswered-reason';
import type { UnansweredItemView, UnansweredListView, UnansweredQueryDto } from './unanswered.dto';

interface CandidateRow {
  id: string;
  conversation_id: string;
  at_key: string;
  created_at: Date;
  reply_state: string | null;
  reply_error: string | null;
  reply_reason: string | null;
  excerpt: string | null;
  assistant_id: string;
  channel: string;
  reply_id: string | null;
  reply_delivery_status: string | null;
}

/** Reasons a reply state can lead to: narrows the scan before the classifier decides exactly. */
const STATES_FOR: Record<UnansweredReason, string[]> = {
  llm_failed: ['failed'], timeout: ['failed'], tool_failed: ['failed'],
  handed_over: ['skipped'], window_closed: ['skipped'], ai_disabled: ['skipped'], budget_exhausted: ['skipped', 'failed'], rate_limited: ['skipped'],
  pending: ['pending'], delivery_failed: [],
};

/** Candidates fetched per round; a page with a reason filter may scan a few rounds, never more than MAX_ROUNDS. */
const MAX_ROUNDS = 10;

/**
 * The unanswered queue: customer messages whose reply failed, was skipped, is overdue, or went out but was not
 * delivered. Two index-backed sources (the partial index on unanswered customer messages, and the one on undelivered
 * replies joined back to what they answered), merged newest first with a keyset on (created_at, id); the pure
 * classifier names each reason, so SQL only narrows.
 */
@Injectable()
export class UnansweredQuery {
  constructor(
    private readonly db: Db,
    @Inject(MONITORING_OPTIONS) private readonly options: MonitoringOptions,
  ) {}

  async list(tenantId: string, q: UnansweredQueryDto): Promise<UnansweredListView> {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * 86_400_000);
    if (from > to) throw new ValidationFailed('from must not be after to', 'from');
    const limit = q.limit ?? 50;
    const now = new Date();
    let position: KeysetPosition | null = q.cursor ? decodeCursor(q.cursor) : null;
    const items: ItemWithKey[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const rows = await this.candidates(tenantId, { ...q, from, to, position, limit: limit + 1, now });
      for (const row of rows) {
        const reason = unansweredReason({
          replyState: row.reply_state, replyError: row.reply_error, replyReason: row.reply_reason,
          replyDeliveryStatus: row.reply_delivery_status, createdAt: new Date(row.created_at),
        }, now, this.options.pendingAfterMs);
        position = { at: row.at_key, id: row.id };
        if (!reason || (q.reason && reason !== q.reason)) continue;
        if (items.length === limit) return { items: strip(items), nextCursor: encodeCursor({ at: items[limit - 1].atKey, id: items[limit - 1].messageId }) };
        items.push(toItem(row, reason));
      }
      if (rows.length <= limit) return { items: strip(items), nextCursor: null };
    }
    // A sparse filter: hand back what was found and where the scan stopped, so the next page goes on from there.
    return { items: strip(items), nextCursor: position ? encodeCursor(position) : null };
  }

  private candidates(
    tenantId: string,
    p: Pick<UnansweredQueryDto, 'reason' | 'assistantId' | 'channel'> & { from: Date; to: Date; position: KeysetPosition | null; limit: number; now: Date },
  ): Promise<CandidateRow[]> {
    const states = p.reason ? STATES_FOR[p.reason] : ['pending', 'failed', 'skipped'];
    const withDelivery = !p.reason || p.reason === 'delivery_failed';
    const overdue = new Date(p.now.getTime() - this.options.pendingAfterMs);
    // Each branch gets its own filter text and parameters, in the order its placeholders appear.
    const filters = () => {
      const parts = ['m.tenant_id = ?', 'm.created_at >= ?', 'm.created_at < ?'];
      const values: unknown[] = [tenantId, p.from, p.to];
      if (p.position) {
        parts.push('(m.created_at, m.id) < (?::timestamptz, ?::uuid)');
        values.push(p.position.at, p.position.id);
      }
      if (p.assistantId) {
        parts.push('c.assistant_id = ?');
        values.push(p.assistantId);
      }
      if (p.channel) {
        parts.push('c.channel = ?');
        values.push(p.channel);
      }
      return { sql: parts.join(' and '), values };
    };
    const select = `m.id, m.conversation_id, m.created_at::text as at_key, m.created_at, m.reply_state, m.reply_error, m.reply_reason,
      left(m.text, 140) as excerpt, c.assistant_id, c.channel, r.id as reply_id, r.delivery_status as reply_delivery_status`;
    const branches: string[] = [];
    const params: unknown[] = [];
    if (states.length) {
      const f = filters();
      branches.push(`(select ${select} from messages m
        join conversations c on c.id = m.conversation_id and c.tenant_id = m.tenant_id
        left join messages r on r.id = m.answered_by_message_id and r.tenant_id = m.tenant_id
        where m.author = 'customer' and m.reply_state in (${states.map(() => '?').join(', ')})
          and (m.reply_state <> 'pending' or m.created_at < ?) and ${f.sql}
        order by m.created_at desc, m.id desc limit ${p.limit})`);
      params.push(...states, overdue, ...f.values);
    }
    if (withDelivery) {
      // A reply is stored after what it answers, so the reply's own index range can start at `from` too.
      const f = filters();
      branches.push(`(select ${select} from messages r
        join messages m on m.answered_by_message_id = r.id and m.tenant_id = r.tenant_id and m.reply_state = 'answered'
        join conversations c on c.id = m.conversation_id and c.tenant_id = m.tenant_id
        where r.tenant_id = ? and r.author = 'assistant' and r.delivery_status = 'failed' and r.created_at >= ? and ${f.sql}
        order by m.created_at desc, m.id desc limit ${p.limit})`);
      params.push(tenantId, p.from, ...f.values);
    }
    const sql = `select * from (${branches.join(' union all ')}) u order by created_at desc, id desc limit ${p.limit}`;
    return this.db.forTenant(tenantId).getConnection().execute(sql, params);
  }
}

type ItemWithKey = UnansweredItemView & { atKey: string };

function toItem(row: CandidateRow, reason: UnansweredReason): ItemWithKey {
  const retry = retryFor(reason, row.conversation_id, row.reply_id);
  return {
    messageId: row.id, conversationId: row.conversation_id, reason, createdAt: new Date(row.created_at).toISOString(),
    retryable: retry !== null, retry, assistantId: row.assistant_id, channel: row.channel, excerpt: row.excerpt,
    detail: reason === 'delivery_failed' ? null : row.reply_error, replyMessageId: row.reply_id,
    conversationUrl: `/api/v1/conversations/${row.conversation_id}`, atKey: row.at_key,
  };
}

function strip(items: UnansweredItemView[]): UnansweredItemView[] {
  return items.map((item) => {
    const { atKey: _drop, ...view } = item as ItemWithKey;
    return view;
  });
}
