import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One reply at a time per conversation, across every worker process. The lease outlives the longest reply;
 * release only deletes our own token, so a lease that expired and was taken over is left alone.
 */
export async function withConversationLock<T>(
  redis: Redis,
  key: string,
  leaseMs: number,
  work: () => Promise<T>,
): Promise<{ locked: false } | { locked: true; value: T }> {
  const token = randomUUID();
  const acquired = await redis.set(key, token, 'PX', leaseMs, 'NX');
  if (acquired !== 'OK') return { locked: false };
  try {
    return { locked: true, value: await work() };
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
