import { Injectable } from '@nestjs/common';
import { money } from '@confab/assistants';
import { ValidationFailed } from '@confab/plugin-sdk';
import { mergeHistograms, quantile, type HistogramCounts } from '../histogram/log-histogram';
import { MetricsPool } from '../metrics-pool';
import { DEFAULT_TIMEZONE } from '../projector/batch-projection';
import { localBucket } from '../projector/local-time';
import { COUNTERS, snake, type Counter } from '../projector/projection-state';
import type { MetricsFiguresView, MetricsQueryDto, MetricsView } from '../http/metrics.dto';

const MAX_DAYS = 731;
const MAX_HOURLY_DAYS = 31;
const DAY_MS = 86_400_000;

interface Sums extends Record<Counter, number> {
  hist: HistogramCounts;
  byCode: Record<string, number>;
  currency: string | null;
}

const emptySums = (): Sums => ({ ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>), hist: {}, byCode: {}, currency: null });

function addInto(into: Sums, row: Sums): void {
  for (const c of COUNTERS) into[c] += row[c];
  mergeHistograms(into.hist, row.hist);
  mergeHistograms(into.byCode, row.byCode);
  into.currency ??= row.currency;
}

/** A calendar date as YYYY-MM-DD, checked to exist (2026-02-30 does not). */
function parseDay(value: string, field: string): number {
  const [y, m, d] = value.split('-').map(Number);
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).toISOString().slice(0, 10) !== value) throw new ValidationFailed(`${field} is not a calendar date: ${value}`, field);
  return ms;
}
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Answers GET /api/v1/metrics from the rollups alone: one query for the tenant's rows in the range (daily rows, or
 * hourly ones for an hourly series), folded in memory into totals, groups and series; percentiles come from the
 * merged histograms.
 */
@Injectable()
export class MetricsQuery {
  constructor(private readonly pool: MetricsPool) {}

  async run(tenantId: string, q: MetricsQueryDto): Promise<MetricsView> {
    const [tenant] = await this.pool.query<{ timezone: string }>('select timezone from tenants where id = $1', [tenantId]);
    const timezone = tenant?.timezone ?? DEFAULT_TIMEZONE;
    const toMs = q.to ? parseDay(q.to, 'to') : parseDay(localBucket(new Date(), timezone).day, 'to');
    const fromMs = q.from ? parseDay(q.from, 'from') : toMs - 29 * DAY_MS;
    if (fromMs > toMs) throw new ValidationFailed('from must be on or before to', 'from');
    const days = (toMs - fromMs) / DAY_MS + 1;
    if (days > MAX_DAYS) throw new ValidationFailed(`The range may cover at most ${MAX_DAYS} days`, 'from');
    const interval = q.interval ?? (days === 1 ? 'hour' : 'day');
    if (interval === 'hour' && days > MAX_HOURLY_DAYS) throw new ValidationFailed(`An hourly series covers at most ${MAX_HOURLY_DAYS} days`, 'interval');
    const from = dayOf(fromMs);
    const to = dayOf(toMs);
    const includeTest = q.includeTest === true;

    const params: unknown[] = [tenantId, from, to];
    let where = 'tenant_id = $1 and day between $2::date and $3::date';
    if (!includeTest) where += ' and not is_test';
    if (q.assistantId) where += ` and assistant_id = $${params.push(q.assistantId)}`;
    if (q.channel) where += ` and channel = $${params.push(q.channel)}`;
    const hourly = interval === 'hour';
    // Plain rows, no GROUP BY: a month is one row per day, assistant and channel in metrics_daily; sums and
    // histogram merges are cheaper in memory than per-row jsonb functions in SQL.
    const rows = await this.pool.query(
      `select assistant_id, channel, day::text as day, ${hourly ? 'hour' : '0 as hour'}, ${COUNTERS.map(snake).join(', ')}, response_hist, failed_by_code, currency
         from ${hourly ? 'metrics_rollups' : 'metrics_daily'}
        where ${where}`,
      params,
    );

    const totals = emptySums();
    const groups = new Map<string, Sums>();
    const series = new Map<string, Sums>();
    for (const r of rows) {
      const sums: Sums = {
        ...(Object.fromEntries(COUNTERS.map((c) => [c, Number(r[snake(c)])])) as Record<Counter, number>),
        hist: r.response_hist ?? {}, byCode: r.failed_by_code ?? {}, currency: r.currency,
      };
      addInto(totals, sums);
      if (q.groupBy) {
        const key = q.groupBy === 'assistant' ? r.assistant_id : q.groupBy === 'channel' ? r.channel : r.day;
        if (!groups.has(key)) groups.set(key, emptySums());
        addInto(groups.get(key)!, sums);
      }
      const point = hourly ? `${r.day}T${String(r.hour).padStart(2, '0')}:00` : r.day;
      if (!series.has(point)) series.set(point, emptySums());
      addInto(series.get(point)!, sums);
    }

    const points: string[] = [];
    for (let ms = fromMs; ms <= toMs; ms += DAY_MS) {
      if (!hourly) points.push(dayOf(ms));
      else for (let h = 0; h < 24; h++) points.push(`${dayOf(ms)}T${String(h).padStart(2, '0')}:00`);
    }
    const currency = totals.currency ?? 'USD';
    const figures = (s: Sums) => toFigures(s, s.currency ?? currency);
    const total = figures(totals);
    return {
      from, to, timezone, includeTest, groupBy: q.groupBy ?? null, interval,
      totals: total,
      groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, s]) => ({ key, ...figures(s) })),
      series: points.map((key) => ({ key, ...figures(series.get(key) ?? emptySums()) })),
      failedDeliveriesByCode: total.failedDeliveriesByCode,
    };
  }
}

function toFigures(s: Sums, currency: string): MetricsFiguresView {
  const messages = s.customerMessages + s.assistantMessages + s.agentMessages + s.systemMessages;
  const totalMicros = s.llmCostMicros + s.embeddingCostMicros + s.channelFeeMicros;
  const p = (q: number) => {
    const v = quantile(s.hist, q);
    return v === null ? null : Math.round(v);
  };
  return {
    chats: s.chats,
    messages,
    customerMessages: s.customerMessages,
    messagesByAuthor: { customer: s.customerMessages, assistant: s.assistantMessages, agent: s.agentMessages, system: s.systemMessages },
    messagesPerChat: s.chats ? messages / s.chats : null,
    responseRate: s.awaitingReply ? s.answeredAi / s.awaitingReply : null,
    answeredByAi: s.answeredAi,
    answeredByHuman: s.answeredHuman,
    unanswered: s.unanswered,
    responseTimeMs: { mean: s.responseCount ? Math.round(s.responseSumMs / s.responseCount) : null, p50: p(0.5), p95: p(0.95), count: s.responseCount },
    totalCost: money(totalMicros, currency),
    costPerChat: s.chats ? money(Math.round(totalMicros / s.chats), currency) : null,
    costByKind: { llm: money(s.llmCostMicros, currency), embeddings: money(s.embeddingCostMicros, currency), channelFees: money(s.channelFeeMicros, currency) },
    failedDeliveries: s.failedDeliveries,
    failedDeliveriesByCode: Object.entries(s.byCode)
      .filter(([, n]) => n > 0)
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    handoffs: s.handoffs,
  };
}
