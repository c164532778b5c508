import type { useFormat } from '../../../format/use-format';

export type AlertMetric = 'response_time_p95' | 'error_rate' | 'failed_deliveries' | 'unanswered' | 'cost';
export const ALERT_METRICS: AlertMetric[] = ['response_time_p95', 'error_rate', 'failed_deliveries', 'unanswered', 'cost'];

/**
 * The API keeps each metric's threshold in its own unit (ms, a 0..1 rate, a count, USD); people think in seconds and
 * percent, so the form converts both ways and the list shows the value formatted.
 */
export function toApiThreshold(metric: AlertMetric, shown: number): number {
  if (metric === 'response_time_p95') return Math.round(shown * 1000);
  if (metric === 'error_rate') return shown / 100;
  return shown;
}

export function fromApiThreshold(metric: AlertMetric, value: number): number {
  if (metric === 'response_time_p95') return value / 1000;
  if (metric === 'error_rate') return Math.round(value * 10_000) / 100;
  return value;
}

export function formatThreshold(metric: string, value: number | null | undefined, f: ReturnType<typeof useFormat>): string {
  if (value === null || value === undefined) return '–';
  if (metric === 'response_time_p95') return f.duration(value);
  if (metric === 'error_rate') return f.percent(value, 1);
  // The cost threshold is whole USD (with cents) in the API; formatted through micro-units so no float reaches Intl.
  if (metric === 'cost') return f.money(Math.round(value * 1_000_000), 'USD');
  return f.number(value);
}
