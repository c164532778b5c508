import type { Redis } from 'ioredis';
import { redisScript } from './redis-script';

/** A burst is answered at the latest this many windows after its first message, however long the customer types. */
export const BURST_CAP_WINDOWS = 4;

/**
 * Notes a customer message and says when its reply may start. The key holds the burst's first and latest message
 * times and when its reply is due: a message with no other within the window before it is a single message (due at
 * once); a message within the window of the previous one continues a burst (due one window after it, but no later
 * than the cap after the burst's first message).
 */
const NOTE = `
local now, window, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local first, due = now, now
local held = redis.call('get', KEYS[1])
if held then
  local f, last = string.match(held, '^(%d+):(%d+):')
  if f and now - tonumber(last) < window then
    first = tonumber(f)
    due = math.max(now, math.min(now + window, first + cap))
  end
end
redis.call('set', KEYS[1], first .. ':' .. now .. ':' .. due, 'px', window + cap)
return due - now
`;

/**
 * The reply lock, taken only when no burst is open: a number is the open burst's due time (the lock is left alone),
 * 'OK' the lock taken, nil the lock held by another. One round trip where reading the burst and taking the lock
 * were two, on every reply.
 */
const TAKE_UNLESS_OPEN = `
local held = redis.call('get', KEYS[1])
if held then
  local due = tonumber(string.match(held, '^%d+:%d+:(%d+)'))
  if due and due - tonumber(ARGV[3]) > tonumber(ARGV[4]) then return due end
end
if redis.call('set', KEYS[2], ARGV[1], 'px', ARGV[2], 'nx') then return 'OK' end
return false
`;

/** Per-conversation burst state in Redis, shared by every API and worker process. */
export class ReplyBurst {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Records a customer message now; returns how long its reply should wait (0 for a single message). */
  async noteMessage(conversationId: string, windowMs: number, now = Date.now()): Promise<number> {
    if (windowMs <= 0) return 0;
    const note = redisScript(this.redis, 'confabBurstNote', 1, NOTE);
    const delay = await note(this.key(conversationId), String(now), String(windowMs), String(windowMs * BURST_CAP_WINDOWS));
    return Math.max(0, Number(delay));
  }

  /** When the reply of the conversation's current burst is due (epoch ms), or null when no burst is open. */
  async dueAt(conversationId: string): Promise<number | null> {
    const held = await this.redis.get(this.key(conversationId));
    const due = held ? Number(held.split(':')[2]) : NaN;
    return Number.isFinite(due) ? due : null;
  }

  /**
   * Takes the conversation's reply lock (`lockKey`, SET NX PX) unless its burst is due more than `toleranceMs` from
   * now: 'OK' when taken, the burst's due time (epoch ms) when it is still open, null when another holds the lock.
   */
  async takeLockUnlessOpen(conversationId: string, lockKey: string, token: string, leaseMs: number, toleranceMs: number, now = Date.now()): Promise<'OK' | number | null> {
    const take = redisScript(this.redis, 'confabBurstTakeLock', 2, TAKE_UNLESS_OPEN);
    const answer = await take(this.key(conversationId), lockKey, token, String(leaseMs), String(now), String(toleranceMs));
    return answer === 'OK' ? 'OK' : typeof answer === 'number' ? answer : null;
  }

  private key(conversationId: string): string {
    return `${this.keyPrefix}${conversationId}`;
  }
}
