import type { AlertMetric } from './alert-rules.dto';

export interface WindowScope {
  tenantId: string;
  windowMinutes: number;
  assistantId: string | null;
  channel: string | null;
}

/**
 * One bounded query per metric over the rows created in the window, read through the (tenant_id, created_at)
 * indexes of messages and usage_records: minutes-long windows are finer than the read-model's hourly rollups, and
 * the window's rows are few. Test chats are left out. Each query returns one row with `value`.
 */
export function metricQuery(metric: AlertMetric, scope: WindowScope): { sql: string; params: unknown[] } {
  const params: unknown[] = [scope.tenantId, scope.windowMinutes];
  const conversationFilter = (alias: string) => {
    let sql = ` and not ('test' = any (${alias}.tags))`;
    if (scope.assistantId) { params.push(scope.assistantId); sql += ` and ${alias}.assistant_id = ?`; }
    if (scope.channel) { params.push(scope.channel); sql += ` and ${alias}.channel = ?`; }
    return sql;
  };
  const since = `now() - ? * interval '1 minute'`;
  const messages = (where: string) =>
    `from messages m join conversations c on c.id = m.conversation_id where m.tenant_id = ? and m.created_at >= ${since} and ${where}${conversationFilter('c')}`;
  switch (metric) {
    case 'response_time_p95':
      // The AI's replies and the time from the first customer message they answer (as the metrics' response time).
      return { sql: `select coalesce(percentile_cont(0.95) within group (order by m.latency_ms), 0) as value ${messages(`m.author = 'assistant' and m.latency_ms is not null`)}`, params };
    case 'error_rate':
      return {
        sql: `select coalesce(count(*) filter (where m.reply_state = 'failed')::float8 / nullif(count(*), 0), 0) as value ${messages(`m.author = 'customer' and m.direction = 'inbound'`)}`,
        params,
      };
    case 'unanswered':
      return { sql: `select count(*) as value ${messages(`m.author = 'customer' and m.reply_state in ('failed', 'skipped')`)}`, params };
    case 'failed_deliveries': {
      // Failures reported in the window, of messages sent at most a day before it (providers report within minutes).
      const sql = `select count(*) as value from messages m join conversations c on c.id = m.conversation_id
        where m.tenant_id = ? and m.created_at >= ${since} - interval '1 day' and m.failed_at >= now() - ? * interval '1 minute'
          and m.direction = 'outbound' and m.delivery_status = 'failed'${(params.push(scope.windowMinutes), conversationFilter('c'))}`;
      return { sql, params };
    }
    case 'cost': {
      const scoped = scope.assistantId || scope.channel;
      // In currency units (USD), like the threshold. Ledger rows without a conversation (document indexing)
      // count for the tenant as a whole, not for one assistant or channel.
      const sql = `select coalesce(sum(u.cost_micros), 0)::float8 / 1000000 as value from usage_records u
        ${scoped ? 'join' : 'left join'} conversations c on c.id = u.conversation_id
        where u.tenant_id = ? and u.created_at >= ${since} and (c.id is null or (true${conversationFilter('c')}))`;
      return { sql, params };
    }
  }
}
