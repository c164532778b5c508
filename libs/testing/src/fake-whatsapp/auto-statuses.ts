import { webhookError } from './graph-errors';
import type { AcceptedSend } from './messages-endpoint';
import { pmpPricing, statusEnvelope, type BusinessNumber } from './notifications';

/** Payloads are built when due, not when scheduled, so each status carries the time it was "observed". */
type StatusStep = () => object;

/**
 * The statuses Meta would post for an accepted send: sent -> delivered -> read with PMP pricing on sent and
 * delivered only (WHATSAPP.md §5), no `conversation` (v24+), or a single failed 131047 for a send outside the window.
 */
export function statusSteps(biz: BusinessNumber, send: AcceptedSend, autoStatuses: boolean): StatusStep[] {
  const extra = send.bizOpaqueCallbackData === undefined ? {} : { biz_opaque_callback_data: send.bizOpaqueCallbackData };
  const base = { wamid: send.wamid, recipientId: send.recipientId, extra };
  if (send.asyncErrorCode !== undefined) {
    const errors = [webhookError(send.asyncErrorCode)];
    return [() => statusEnvelope(biz, { ...base, status: 'failed', errors })];
  }
  if (!autoStatuses) return [];
  const pricing = pmpPricing(send.template?.category, send.windowOpen);
  return [
    () => statusEnvelope(biz, { ...base, status: 'sent', pricing }),
    () => statusEnvelope(biz, { ...base, status: 'delivered', pricing }),
    () => statusEnvelope(biz, { ...base, status: 'read' }),
  ];
}

/**
 * Runs each message's statuses in order, one delivery finishing before the next starts, so a receiver sees them
 * in order; a bumped generation makes in-flight chains stop after reset() or close().
 */
export class StatusScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private generation = 0;

  constructor(
    private readonly deliver: (payload: object) => Promise<unknown>,
    private readonly delayMs: number,
  ) {}

  run(steps: StatusStep[]): void {
    const generation = this.generation;
    const next = (index: number): void => {
      if (index >= steps.length || generation !== this.generation) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (generation !== this.generation) return;
        // A failed POST is already in the deliveries log; the chain goes on like Meta's (which would retry).
        this.deliver(steps[index]())
          .catch(() => undefined)
          .finally(() => next(index + 1));
      }, this.delayMs);
      this.timers.add(timer);
    };
    next(0);
  }

  cancelAll(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
