export const MONITORING_OPTIONS = Symbol('MONITORING_OPTIONS');

export interface MonitoringOptions {
  /** A customer message still waiting for its reply after this long is listed as unanswered with reason `pending`. */
  pendingAfterMs: number;
}

export const MONITORING_DEFAULTS: MonitoringOptions = { pendingAfterMs: 120_000 };
