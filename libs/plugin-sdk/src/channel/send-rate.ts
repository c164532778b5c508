import type { SendRate, SendRateLimit } from './channel.types';

/** For channels that declare none: WhatsApp's default throughput per business number, the platform's old global limit. */
export const DEFAULT_SEND_RATE: SendRate = { perConnection: { max: 80, perMs: 1000 } };

/** A declared rate must be whole sends over a positive window; anything else would pace nothing or everything. */
export function sendRateProblem(rate: SendRate | undefined): string | undefined {
  if (rate === undefined) return undefined;
  const bad = (limit: SendRateLimit | undefined) =>
    !limit || !Number.isInteger(limit.max) || limit.max < 1 || !Number.isInteger(limit.perMs) || limit.perMs < 1 || limit.perMs > 86_400_000;
  if (bad(rate.perConnection)) return 'sendRate.perConnection needs {max, perMs}: whole numbers, max >= 1, 1 <= perMs <= 86400000';
  if (rate.perRecipient !== undefined && bad(rate.perRecipient)) return 'sendRate.perRecipient needs {max, perMs}: whole numbers, max >= 1, 1 <= perMs <= 86400000';
  return undefined;
}
