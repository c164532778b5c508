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
