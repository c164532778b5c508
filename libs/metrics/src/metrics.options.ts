export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export interface MetricsOptions {
  databaseUrl: string;
  /** Runs the projector (worker role); API-only processes only read the rollups. */
  worker: boolean;
  /** How often the projector looks for new events (METRICS_POLL_MS, default 250). */
  pollMs: number;
  /** Events applied per transaction (METRICS_BATCH_SIZE, default 1000). */
  batchSize: number;
  /** How often the alert rules are evaluated (ALERT_EVALUATION_INTERVAL_MS, default 60000). */
  alertEvaluationIntervalMs?: number;
}

export const METRICS_DEFAULTS = { pollMs: 250, batchSize: 1000, alertEvaluationIntervalMs: 60_000 };
