import type { Response } from 'express';
import type { LimitState } from './limit-store';

/**
 * IETF draft RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-07): the limit with the least room,
 * what is left of it, seconds until its window starts over, and every quota policy that applies.
 */
export function writeRateLimitHeaders(res: Response, shown: LimitState, all: LimitState[] = [shown]): void {
  res.setHeader('RateLimit-Limit', String(shown.limit));
  res.setHeader('RateLimit-Remaining', String(shown.allowed ? shown.remaining : 0));
  res.setHeader('RateLimit-Reset', String(Math.max(shown.allowed ? 0 : 1, Math.ceil(shown.resetMs / 1000))));
  res.setHeader('RateLimit-Policy', all.map((s) => `${s.limit};w=${s.windowSeconds}`).join(', '));
}
