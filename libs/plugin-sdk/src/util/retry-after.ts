/**
 * A Retry-After header in milliseconds, for SendResult.retryAfterMs: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). Undefined for anything else and for a date already past, so the send queue's own backoff applies.
 */
export function retryAfterFromHeader(value: string | string[] | undefined | null, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Date.parse reads ISO strings and bare numbers-with-signs too; an HTTP date names its weekday or month.
  if (!/[a-z]{3}/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) || at <= now ? undefined : at - now;
}
