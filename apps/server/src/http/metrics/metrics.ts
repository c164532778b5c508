import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The app's Prometheus registry (one per app, so two apps in one process keep their counts apart), served at
 * GET /metrics: counters and histograms recorded as things happen, gauges read on scrape (ScrapeGauges), and
 * Node's default process metrics. Every name starts with confab_; docs/monitoring.md lists them.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Requests refused with 429, by the limit that refused them. */
  readonly rateLimited = new Counter({
    name: 'confab_rate_limited_total',
    help: 'Requests refused with 429 Too Many Requests, by rate-limit policy',
    labelNames: ['policy'] as const,
    registers: [this.registry],
  });

  /** `route` is the route's pattern (/api/v1/conversations/:id), never the URL, so ids and tokens stay out. */
  readonly httpDuration = new Histogram({
    name: 'confab_http_request_duration_seconds',
    help: 'HTTP request durations, by method, route pattern ("unmatched" when no route served it) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly replyLatency = new Histogram({
    name: 'confab_reply_latency_seconds',
    help: 'From the earliest customer message an AI reply answers to the reply being stored, ready to send, by channel',
    labelNames: ['channel'] as const,
    buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120],
    registers: [this.registry],
  });

  readonly modelLatency = new Histogram({
    name: 'confab_model_latency_seconds',
    help: 'Duration of each language model call (failed ones included), by configured model',
    labelNames: ['model'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    registers: [this.registry],
  });

  readonly modelErrors = new Counter({
    name: 'confab_model_errors_total',
    help: 'Failed language model calls, by kind (timeout, rate_limited, quota, server_error, bad_request, auth, connection, aborted, other)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly deliveriesFailed = new Counter({
    name: 'confab_deliveries_failed_total',
    help: 'Outbound messages that failed for good, by channel and provider error code',
    labelNames: ['channel', 'code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
