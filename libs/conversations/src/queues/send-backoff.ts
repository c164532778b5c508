import { MAX_SEND_RETRY_AFTER_MS } from '@confab/plugin-sdk';

/** The send queue's Bull backoff strategy (registered on the queue, named in each send job's options). */
export const SEND_BACKOFF = 'send-retry-after';

/**
 * Wait before the next attempt of a send after `attemptsMade` attempts: Bull's exponential backoff, or the
 * provider's retry-after when that is longer (capped, so a provider's odd answer cannot park a message for days).
 */
export function sendRetryDelayMs(attemptsMade: number, baseMs: number, retryAfterMs?: number): number {
  const exponential = Math.round((Math.pow(2, attemptsMade) - 1) * baseMs);
  const provider = typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.min(retryAfterMs, MAX_SEND_RETRY_AFTER_MS) : 0;
  return Math.max(exponential, Math.ceil(provider));
}

/** Thrown by a send attempt that should run again; `delayMs` is when, decided (and stored) by the attempt itself. */
export class RetryableSendError extends Error {
  constructor(
    message: string,
    readonly delayMs?: number,
  ) {
    super(message);
  }
}

/**
 * Bull calls this with the error the attempt threw: the attempt's own delay when it set one, else the exponential
 * backoff (a crash of the handler itself, which stored nothing).
 */
export function sendBackoffStrategy(attemptsMade: number, err: unknown, options: { delay?: number } | null): number {
  if (err instanceof RetryableSendError && typeof err.delayMs === 'number') return err.delayMs;
  return sendRetryDelayMs(attemptsMade, options?.delay ?? 1000);
}
