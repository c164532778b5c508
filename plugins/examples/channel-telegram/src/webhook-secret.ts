import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The X-Telegram-Bot-Api-Secret-Token header against the connection's secret, in constant time. Both sides are
 * hashed first, so different lengths compare without an early exit that would leak the secret's length.
 */
export function secretTokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
