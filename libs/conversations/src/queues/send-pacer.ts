import type { Redis } from 'ioredis';
import { redisScript } from './redis-script';
import { DEFAULT_SEND_RATE, type SendRate, type SendRateLimit } from '@confab/plugin-sdk';

/** One budget a send draws from: a Redis key and the rate that refills it. */
export interface PaceBudget {
  key: string;
  limit: SendRateLimit;
}

/**
 * Reserves the earliest moment a send fits every budget (GCRA: each key holds its "theoretical arrival time"; a
 * limit of `max` per `perMs` spaces sends perMs/max apart and lets `max` of them go at once). Each budget is charged
 * at the moment it alone would have allowed: a send held back 6 s by its recipient's pacing counts against the
 * connection now rather than in 6 s, because one key cannot keep a hole open for it and charging the future would
 * hold every other recipient back behind it. A key outlives its budget by a minute (an expired key and one whose
 * moment has passed mean the same), so clocks a little apart between processes never cut a budget short.
 * Returns the wait in ms, rounded up.
 */
const RESERVE = `
local GRACE_MS = 60000
local now = tonumber(ARGV[1])
local at, tats, own = now, {}, {}
for i = 1, #KEYS do
  local interval, period = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  tats[i] = tonumber(redis.call('get', KEYS[i]) or '0')
  own[i] = math.max(now, tats[i] - (period - interval))
  at = math.max(at, own[i])
end
for i = 1, #KEYS do
  local tat = math.max(tats[i], own[i]) + tonumber(ARGV[2 * i])
  redis.call('set', KEYS[i], string.format('%.3f', tat), 'px', math.ceil(tat - now) + GRACE_MS)
end
return tostring(math.ceil(at - now))
`;

/**
 * The budgets of one send: its connection's, and its recipient's on that connection when the channel paces them.
 * `recipient` is whatever names one customer on the connection (the conversation).
 */
export function paceBudgets(keyPrefix: string, rate: SendRate | undefined, ids: { connectionId: string; recipient?: string }): PaceBudget[] {
  const { perConnection, perRecipient } = rate ?? DEFAULT_SEND_RATE;
  const budgets = [{ key: `${keyPrefix}send-pace:${ids.connectionId}`, limit: perConnection }];
  if (perRecipient && ids.recipient) budgets.push({ key: `${keyPrefix}send-pace:${ids.connectionId}:${ids.recipient}`, limit: perRecipient });
  return budgets;
}

/** Per-channel send pacing in Redis, shared by every API and worker process. */
export class SendPacer {
  constructor(private readonly redis: Redis) {}

  /** Reserves a slot for one send; returns how long its job should wait (0: at once). */
  async reserve(budgets: readonly PaceBudget[], now = Date.now()): Promise<number> {
    if (!budgets.length) return 0;
    const args = budgets.flatMap(({ limit }) => [String(limit.perMs / limit.max), String(limit.perMs)]);
    // One script per number of budgets: a script defined for EVALSHA has a fixed number of keys.
    const reserve = redisScript(this.redis, `confabSendPace${budgets.length}`, budgets.length, RESERVE);
    const delay = await reserve(...budgets.map((b) => b.key), String(now), ...args);
    return Math.max(0, Number(delay));
  }
}
