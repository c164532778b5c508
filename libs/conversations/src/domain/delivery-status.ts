import type { DeliveryStatus } from '@confab/plugin-sdk';

const RANK: Record<DeliveryStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Statuses only move forward (sent -> delivered -> read) and failed is final; providers deliver webhooks out of
 * order, so a stale 'sent' after 'read' must change nothing. A failure after 'read' is not believable either.
 */
export function advancesDelivery(current: DeliveryStatus | null | undefined, next: DeliveryStatus): boolean {
  const from = current ?? 'pending';
  if (from === 'failed') return false;
  if (next === 'failed') return from !== 'read';
  return RANK[next] > RANK[from];
}

/**
 * advancesDelivery as a SQL condition on a status column, for updates that apply a report in one statement
 * (`next` is known when the statement is built; the column may be null, meaning pending).
 */
export function advancesDeliverySql(column: string, next: DeliveryStatus): string {
  const from = `coalesce(${column}, 'pending')`;
  if (next === 'failed') return `${from} not in ('failed', 'read')`;
  const before = (Object.keys(RANK) as DeliveryStatus[]).filter((s) => s !== 'failed' && RANK[s] < RANK[next]);
  return before.length ? `${from} in (${before.map((s) => `'${s}'`).join(', ')})` : 'false';
}
