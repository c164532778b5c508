import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisScript } from './redis-script';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** The lease ran out or was taken over: another worker may be answering this conversation now. */
export class ConversationLockLost extends Error {
  constructor(key: string, detail: string) {
    super(`Lost the reply lock ${key}: ${detail}`);
    this.name = 'ConversationLockLost';
  }
}

/**
 * Takes the lease: 'OK' when it was taken; anything else is handed back as the refusal. SET NX PX by default; a
 * caller may check more in the same round trip (the reply job: ReplyBurst.takeLockUnlessOpen).
 */
export type TakeLease = (key: string, token: string, leaseMs: number) => Promise<unknown>;

/**
 * One reply at a time per conversation, across every worker process. The lease is short and renewed by a heartbeat
 * while the work runs, so the lock lives only as long as its worker: a killed worker's conversations free up within
 * one lease, not after the longest possible reply. Renewal and release touch only our own token. When the lease is
 * lost (Redis unreachable for a whole lease, or the key taken over), the work's signal aborts so it stops before
 * committing anything.
 */
export async function withConversationLock<T>(
  redis: Redis,
  key: string,
  leaseMs: number,
  work: (signal: AbortSignal) => Promise<T>,
  take: TakeLease = (k, token, ms) => redis.set(k, token, 'PX', ms, 'NX'),
): Promise<{ locked: false; refusal?: unknown } | { locked: true; value: T }> {
  const token = randomUUID();
  const acquired = await take(key, token, leaseMs);
  if (acquired !== 'OK') return acquired === null || acquired === undefined ? { locked: false } : { locked: false, refusal: acquired };
  const lost = new AbortController();
  let renewedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const heartbeat = async () => {
    try {
      const renewed = await redisScript(redis, 'confabLockRenew', 1, RENEW)(key, token, String(leaseMs));
      if (renewed === 1) renewedAt = Date.now();
      else return lost.abort(new ConversationLockLost(key, 'the lease expired and is no longer ours'));
    } catch (err) {
      // A Redis hiccup is survivable while the last renewal still covers us.
      if (Date.now() - renewedAt >= leaseMs) return lost.abort(new ConversationLockLost(key, (err as Error).message));
    }
    if (!stopped) timer = setTimeout(() => void heartbeat(), leaseMs / 3);
  };
  timer = setTimeout(() => void heartbeat(), leaseMs / 3);
  try {
    return { locked: true, value: await work(lost.signal) };
  } finally {
    stopped = true;
    clearTimeout(timer);
    await redisScript(redis, 'confabLockRelease', 1, RELEASE)(key, token);
  }
}
