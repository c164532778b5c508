import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * The app's Prometheus registry (one per app, so two apps in one process keep their counts apart), served at
 * GET /metrics. Node's default process metrics are included.
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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
