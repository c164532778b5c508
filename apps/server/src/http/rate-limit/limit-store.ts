import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Metrics } from '../metrics/metrics';

/** One limit's answer: the window's size, what is left in it and when it starts over. */
export interface LimitState {
  policy: string;
  allowed: boolean;
  limit: number;
  windowSeconds: number;
  remaining: number;
  resetMs: number;
}

/** A limit to count against: `points` requests per `windowSeconds` for `key` (0 points: no limit). */
export interface LimitRule {
  policy: string;
  key: string;
  points: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis (rate-limiter-flexible), so every API process counts together. Limiters are kept
 * per policy, size and window; a tenant with other limits counts on the same Redis key with another ceiling.
 * When Redis does not answer, each process counts in memory instead (the insurance limiter) and warns: limits
 * loosen to per-process, requests are never refused for it.
 */
export class LimitStore {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis;
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private redisDown = false;
  private closing = false;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly metrics: Metrics,
  ) {
    // No offline queue and a short command timeout: a count that cannot be made now goes to the insurance limiter
    // instead of holding the request until Redis is back.
    this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500, connectTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', (err: Error) => this.down(err.message));
    this.redis.on('close', () => this.down('connection closed'));
    this.redis.on('ready', () => {
      if (this.redisDown) this.logger.log('Redis answers again: rate limits are shared across processes again');
      this.redisDown = false;
    });
  }

  private down(reason: string): void {
    if (this.redisDown || this.closing) return;
    this.redisDown = true;
    this.logger.warn(`Redis does not answer (${reason}): rate limits are counted per process in memory until it does`);
  }

  /**
   * Counts one request against every rule; all rules are counted even when one is spent. A spent rule is a refused
   * request in the metrics unless `refusing` is false (failures recorded after the fact refuse nothing).
   */
  async consume(rules: LimitRule[], refusing = true): Promise<LimitState[]> {
    const states = await Promise.all(rules.filter((r) => r.points > 0).map((r) => this.count(r, 'consume')));
    if (refusing) for (const s of states) if (!s.allowed) this.metrics.rateLimited.inc({ policy: s.policy });
    return states;
  }

  /** Where the rule stands without counting (blocking checks on failures). */
  async peek(rule: LimitRule): Promise<LimitState | null> {
    if (rule.points <= 0) return null;
    return this.count(rule, 'get');
  }

  /** A refusal decided from a peek (blocked addresses) counts in the metrics too. */
  countRefusal(policy: string): void {
    this.metrics.rateLimited.inc({ policy });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.redis.disconnect();
  }

  private async count(rule: LimitRule, op: 'consume' | 'get'): Promise<LimitState> {
    const limiter = this.limiter(rule);
    const state = (res: RateLimiterRes | null, allowed: boolean): LimitState => ({
      policy: rule.policy,
      allowed,
      limit: rule.points,
      windowSeconds: rule.windowSeconds,
      remaining: res ? Math.max(rule.points - res.consumedPoints, 0) : rule.points,
      resetMs: res ? Math.max(res.msBeforeNext, 0) : rule.windowSeconds * 1000,
    });
    try {
      if (op === 'get') {
        const res = await limiter.get(rule.key);
        return state(res, !res || res.consumedPoints < rule.points);
      }
      return state(await limiter.consume(rule.key), true);
    } catch (err) {
      if (err instanceof RateLimiterRes) return state(err, false);
      // Neither Redis nor the insurance limiter could count: let the request through rather than fail it.
      this.logger.warn(`Rate limit ${rule.policy} not counted: ${(err as Error).message}`);
      return state(null, true);
    }
  }

  private limiter(rule: LimitRule): RateLimiterRedis {
    const id = `${rule.policy}:${rule.points}:${rule.windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const keyPrefix = `${this.prefix}:rl:${rule.policy}`;
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        rejectIfRedisNotReady: true,
        keyPrefix,
        points: rule.points,
        duration: rule.windowSeconds,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: rule.points, duration: rule.windowSeconds }),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
