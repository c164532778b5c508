import { Injectable } from '@nestjs/common';
import { Db } from '@confab/persistence';
import { NotFound, ValidationFailed } from '@confab/plugin-sdk';
import { assembleTrace } from './pipeline-trace';
import type { MessageTraceView, StageStatsQueryDto, StageStatsView } from './trace.dto';

interface MessageRow {
  id: string;
  conversation_id: string;
  author: string;
  created_at: Date;
  reply_queued_at: Date | null;
  answered_by_message_id: string | null;
}

interface ReplyRow {
  id: string;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  failed_at: Date | null;
  metadata: { trace?: { turnStartedAt?: string; retrievalStartedAt?: string; retrievalMs?: number } } | null;
}

const MAX_RANGE_MS = 31 * 86_400_000;

/** A customer message's pipeline trace, and p50/p95 per stage over a date range, from the rows the pipeline writes. */
@Injectable()
export class TraceQuery {
  constructor(private readonly db: Db) {}

  async trace(tenantId: string, messageId: string): Promise<MessageTraceView> {
    const conn = this.db.forTenant(tenantId).getConnection();
    const [message]: MessageRow[] = await conn.execute(
      'select id, conversation_id, author, created_at, reply_queued_at, answered_by_message_id from messages where tenant_id = ? and id = ?',
      [tenantId, messageId],
    );
    if (!message) throw new NotFound('message', messageId);
    if (message.author !== 'customer') throw new ValidationFailed('only a customer message has a pipeline trace', 'id');
    const replyId = message.answered_by_message_id;
    const [reply]: ReplyRow[] = replyId
      ? await conn.execute('select id, created_at, sent_at, delivered_at, read_at, failed_at, metadata from messages where tenant_id = ? and id = ?', [tenantId, replyId])
      : [];
    const llmCalls: Array<{ at: Date; duration_ms: number | null; model: string }> = reply
      ? await conn.execute(
        `select coalesce(started_at, created_at) as at, duration_ms, model from usage_records
          where tenant_id = ? and message_id = ? and kind = 'llm' order by coalesce(started_at, created_at), id`,
        [tenantId, reply.id],
      )
      : [];
    const toolCalls: Array<{ at: Date; duration_ms: number; name: string }> = reply
      ? await conn.execute('select created_at as at, duration_ms, name from tool_calls where tenant_id = ? and message_id = ? order by created_at, id', [tenantId, reply.id])
      : [];
    const trace = reply?.metadata?.trace;
    const stages = assembleTrace({
      receivedAt: new Date(message.created_at),
      queuedAt: message.reply_queued_at ? new Date(message.reply_queued_at) : null,
      turnStartedAt: trace?.turnStartedAt ? new Date(trace.turnStartedAt) : null,
      retrieval: trace?.retrievalStartedAt ? { at: new Date(trace.retrievalStartedAt), durationMs: trace.retrievalMs ?? 0 } : null,
      llmCalls: llmCalls.map((c) => ({ at: new Date(c.at), durationMs: c.duration_ms, model: c.model })),
      toolCalls: toolCalls.map((c) => ({ at: new Date(c.at), durationMs: c.duration_ms, name: c.name })),
      reply: reply ? {
        storedAt: new Date(reply.created_at), sentAt: date(reply.sent_at), deliveredAt: date(reply.delivered_at), readAt: date(reply.read_at), failedAt: date(reply.failed_at),
      } : null,
    });
    return { messageId: message.id, conversationId: message.conversation_id, replyMessageId: reply?.id ?? null, stages };
  }

  /**
   * p50/p95 per stage over at most 31 days of one tenant's customer messages, one aggregate query per source. The
   * range bound keeps it an index range scan (messages by tenant and time, the reply by primary key, its calls by
   * message id); it is computed on request, not kept in the metrics read-model.
   */
  async stageStats(tenantId: string, q: StageStatsQueryDto): Promise<StageStatsView> {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 7 * 86_400_000);
    if (from > to) throw new ValidationFailed('from must not be after to', 'from');
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw new ValidationFailed('the range may span at most 31 days', 'to');
    const filters = [q.assistantId ? 'and c.assistant_id = ?' : '', q.channel ? 'and c.channel = ?' : ''].join(' ');
    const params = [tenantId, from, to, ...(q.assistantId ? [q.assistantId] : []), ...(q.channel ? [q.channel] : [])];
    const turns = `select m.created_at as received, m.reply_queued_at as queued, (r.metadata->'trace'->>'turnStartedAt')::timestamptz as started,
        (r.metadata->'trace'->>'retrievalMs')::int as retrieval_ms, r.id as reply_id, r.created_at as stored, r.sent_at as sent
      from messages m join conversations c on c.id = m.conversation_id and c.tenant_id = m.tenant_id
      join messages r on r.id = m.answered_by_message_id and r.tenant_id = m.tenant_id
      where m.tenant_id = ? and m.author = 'customer' and m.created_at >= ? and m.created_at < ? ${filters}`;
    const ms = (a: string, b: string) => `(extract(epoch from (${b} - ${a})) * 1000)::int`;
    const measures: Array<[string, string]> = [
      ['received', ms('received', 'queued')],
      ['queued', ms('queued', 'started')],
      ['retrieval', 'retrieval_ms'],
      ['stored', ms('stored', 'sent')],
      ['total', ms('received', 'stored')],
    ];
    const conn = this.db.forTenant(tenantId).getConnection();
    const [row]: Array<Record<string, string | number | null>> = await conn.execute(
      `with t as (${turns}) select ${measures.map(([name, expr]) =>
        `count(${expr}) as "n_${name}", percentile_disc(0.5) within group (order by ${expr}) as "p50_${name}", percentile_disc(0.95) within group (order by ${expr}) as "p95_${name}"`).join(', ')} from t`,
      params,
    );
    // Model and tool calls are counted per call, over the replies of the same messages.
    const calls: Array<{ name: string; n: string; p50: number | null; p95: number | null }> = await conn.execute(
      `with t as (select distinct reply_id from (${turns}) x)
       select 'llm' as name, count(u.duration_ms) as n, percentile_disc(0.5) within group (order by u.duration_ms) as p50, percentile_disc(0.95) within group (order by u.duration_ms) as p95
         from t join usage_records u on u.message_id = t.reply_id and u.tenant_id = ? and u.kind = 'llm'
       union all
       select 'tool', count(tc.duration_ms), percentile_disc(0.5) within group (order by tc.duration_ms), percentile_disc(0.95) within group (order by tc.duration_ms)
         from t join tool_calls tc on tc.message_id = t.reply_id and tc.tenant_id = ?`,
      [...params, tenantId, tenantId],
    );
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const stage = (name: string) => ({ name, count: Number(row[`n_${name}`]), p50Ms: num(row[`p50_${name}`]), p95Ms: num(row[`p95_${name}`]) });
    const call = (name: string) => {
      const c = calls.find((x) => x.name === name);
      return { name, count: Number(c?.n ?? 0), p50Ms: num(c?.p50), p95Ms: num(c?.p95) };
    };
    return { stages: [stage('received'), stage('queued'), stage('retrieval'), call('llm'), call('tool'), stage('stored'), stage('total')] };
  }
}

function date(v: Date | null): Date | null {
  return v ? new Date(v) : null;
}
