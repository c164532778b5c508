import type { Redis } from 'ioredis';

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

/** Per-conversation burst state in Redis, shared by every API and worker process. */
export class ReplyBurst {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Records a customer message now; returns how long its reply should wait (0 for a single message). */
  async noteMessage(conversationId: string, windowMs: number, now = Date.now()): Promise<number> {
    if (windowMs <= 0) return 0;
    const delay = await this.redis.eval(NOTE, 1, this.key(conversationId), String(now), String(windowMs), String(windowMs * BURST_CAP_WINDOWS));
    return Math.max(0, Number(delay));
  }

  /** When the reply of the conversation's current burst is due (epoch ms), or null when no burst is open. */
  async dueAt(conversationId: string): Promise<number | null> {
    const held = await this.redis.get(this.key(conversationId));
    const due = held ? Number(held.split(':')[2]) : NaN;
    return Number.isFinite(due) ? due : null;
  }

  private key(conversationId: string): string {
    return `${this.keyPrefix}${conversationId}`;
  }
}
